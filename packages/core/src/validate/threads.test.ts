import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseThreads, THREADS_MIN_BYTES } from './threads.js';

function dir(files: Record<string, number>): string {
  const d = mkdtempSync(join(tmpdir(), 'mlci-threads-'));
  for (const [name, size] of Object.entries(files)) {
    writeFileSync(join(d, name), '');
    truncateSync(join(d, name), size);
  }
  return d;
}

const idle2 = { cores: 2, load1: 0.3 };

describe('chooseThreads', () => {
  it('auto: 2 threads for enough splittable data on an idle 2-core machine, else 1', async () => {
    const d = dir({ 'big.csv': THREADS_MIN_BYTES, 'small.csv': 1000 });
    const settings = (data: string[]) => ({ data, schema: 's.json', cwd: d });
    expect(await chooseThreads(settings(['big.csv']), undefined, idle2)).toEqual({ threads: 2 });
    expect(await chooseThreads(settings(['small.csv']), undefined, idle2)).toEqual({ threads: 1 });
    expect(await chooseThreads(settings(['big.csv']), undefined, { cores: 2, load1: 1.5 })).toEqual({ threads: 1 });
    expect(await chooseThreads(settings(['big.csv']), undefined, { cores: 1, load1: 0 })).toEqual({ threads: 1 });
    expect(await chooseThreads(settings(['big.csv']), undefined, { cores: 8, load1: 0 })).toEqual({ threads: 2 });
  });

  it('an explicit count is honoured unless the data cannot be split', async () => {
    const d = dir({ 'a.csv': 10, 'a.csv.gz': 10, 'b.json': 10 });
    expect(await chooseThreads({ data: ['a.csv'], schema: 's.json', cwd: d }, 3, idle2)).toEqual({ threads: 3 });
    const gz = await chooseThreads({ data: ['a.csv.gz'], schema: 's.json', cwd: d }, 2, idle2);
    expect(gz.threads).toBe(1);
    expect(gz.note).toContain('gzip and JSON array files split only by file');
    expect(await chooseThreads({ data: ['a.csv.gz', 'b.json'], schema: 's.json', cwd: d }, 2, idle2)).toEqual({ threads: 2 });
    expect(await chooseThreads({ data: ['datapackage.json'], cwd: d }, 2, idle2)).toEqual({ threads: 1 });
    expect(await chooseThreads({ data: ['missing.csv'], schema: 's.json', cwd: d }, 2, idle2)).toEqual({ threads: 1 });
  });
});
