// The Table Schema of the generated benchmark data (bench/generate-data.mjs): a type and a check on each column.
export const BENCH_SCHEMA = {
  fields: [
    { name: 'id', type: 'string', constraints: { required: true, pattern: 'u\\d{10}' } },
    { name: 'age', type: 'integer', constraints: { minimum: 18, maximum: 90 } },
    { name: 'income', type: 'number', constraints: { minimum: 0 } },
    { name: 'score', type: 'number', constraints: { minimum: -1, maximum: 1 } },
    { name: 'category', type: 'string', constraints: { enum: ['electronics/phones', 'electronics/laptops', 'books/fiction', 'books/science', 'home/garden', 'home/kitchen', 'toys/games', 'sports/outdoor'] } },
    { name: 'city', type: 'string' },
    { name: 'signup_date', type: 'date', constraints: { minimum: '2010-01-01' } },
    { name: 'active', type: 'boolean' },
    { name: 'visits', type: 'integer', constraints: { minimum: 0 } },
    { name: 'segment', type: 'string' },
  ],
  'x-mlci': { maxMissingShare: 0.01 },
};
