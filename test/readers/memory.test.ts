import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { repoRoot } from '../helpers/cli.js';
import { testdir } from '../helpers/tmp.js';

const dist = join(repoRoot, 'packages/core/dist/readers/index.js');

// Runs the built reader in a child with a 32 MB old generation: if rows, chunks or batches were kept, reading a
// 45 MB file (~90 MB of strings) would die with "heap out of memory" instead of finishing.
test.skipIf(!existsSync(dist))('memory stays flat: a 45 MB CSV streams through a 32 MB heap (built dist; npm run build)', () => {
  const dir = testdir();
  const file = join(dir, 'big.csv');
  const gen = spawnSync(process.execPath, [join(repoRoot, 'bench/generate-data.mjs'), '--rows', '500000', '--out', file], { encoding: 'utf8' });
  expect(gen.status, gen.stderr).toBe(0);
  expect(statSync(file).size).toBeGreaterThan(40e6);
  const script = `
    const { openTable } = await import(${JSON.stringify(dist)});
    const table = await openTable(${JSON.stringify(file)});
    let rows = 0, cells = 0;
    for await (const batch of table.batches) { rows += batch.rows.length; for (const row of batch.rows) cells += row.length; }
    console.log(JSON.stringify({ rows, cells, rssMb: process.resourceUsage().maxRSS / 1024 }));
  `;
  const r = spawnSync(process.execPath, ['--max-old-space-size=32', '--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  const out = JSON.parse(r.stdout) as { rows: number; cells: number; rssMb: number };
  expect(out.rows).toBe(500_000);
  expect(out.cells).toBe(5_000_000);
  expect(out.rssMb).toBeLessThan(150);
});
