import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Tests run against the TypeScript sources: the "source" export condition points each workspace package at src/.
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'], externalConditions: ['source'] } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
