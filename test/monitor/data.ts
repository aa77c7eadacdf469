/** Synthetic production data for the monitor tests: a reference distribution and a shifted one. */

/** A small LCG (Numerical Recipes constants): deterministic data without depending on the code under test. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** A column name that must be escaped everywhere it is shown: HTML, a pipe, a mention. */
export const NASTY_COLUMN = '@octocat <b>|x';

/**
 * CSV with three columns: `amount` (uniform), `channel` (web/app/store), and NASTY_COLUMN (uniform). `shift` moves
 * both numeric columns by that much and makes `store` dominate the channel, so every column drifts.
 */
export function csv(rows: number, seed: number, shift = 0): string {
  const rnd = lcg(seed);
  const lines = [`amount,channel,"${NASTY_COLUMN}"`];
  for (let i = 0; i < rows; i++) {
    const u = rnd();
    const channel = shift > 0 ? (u < 0.8 ? 'store' : u < 0.9 ? 'app' : 'web') : u < 0.5 ? 'web' : u < 0.8 ? 'app' : 'store';
    lines.push(`${(100 * rnd() + shift * 100).toFixed(2)},${channel},${(rnd() + shift).toFixed(4)}`);
  }
  return lines.join('\n') + '\n';
}
