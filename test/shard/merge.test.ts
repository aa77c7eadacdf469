import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeShards, renderJUnit, validateFiles, validateShard, validationJson, type ShardState, type TableProfile } from '@mlci/core';
import { expectSameProfile } from './same-profile.js';


const schema = {
  fields: [
    { name: 'id', type: 'integer', constraints: { unique: true } },
    { name: 'a', type: 'string' },
    { name: 'b', type: 'string' },
    { name: 'x', type: 'number', constraints: { minimum: 0 } },
    { name: 'note', type: 'string' },
  ],
  primaryKey: ['a', 'b'],
  'x-mlci': { rows: { min: 1000000 }, maxMissingShare: 0.2 },
};

/** A CSV with quoted line breaks and doubled quotes, CRLF and blank lines, duplicates everywhere, PII and bad values. */
function makeCsv(seed: number, rows: number, crlf: boolean): string {
  let s = seed >>> 0;
  const rnd = (n: number) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
  const nl = crlf ? '\r\n' : '\n';
  const out = ['id,a,b,x,note'];
  for (let i = 0; i < rows; i++) {
    const note = ['plain', '"two\nlines, quoted"', '"say ""hi"""', 'mail me@example.com', '', '"a,b\r\nc"'][rnd(6)];
    const x = ['1.5', '-2', 'abc', '', '7'][rnd(5)];
    out.push(`${rnd(rows)},${'pqr'[rnd(3)]},${rnd(rows)},${x},${note}`);
    if (rnd(20) === 0) out.push('');
  }
  return out.join(nl) + (rnd(2) ? nl : '');
}

async function sharded(dir: string, file: string, count: number, maxErrors?: number): Promise<ReturnType<typeof mergeShards>> {
  const states: Array<{ state: ShardState; shown: string }> = [];
  for (let index = 0; index < count; index++) {
    const state = await validateShard({ data: [file], schema: 'schema.json', cwd: dir, maxErrors }, { index, count });
    // Through JSON, as shard.json travels between CI jobs.
    states.push({ state: JSON.parse(JSON.stringify(state)) as ShardState, shown: `shard${index}` });
  }
  return mergeShards(states);
}

describe('byte-range shards merge to the unsharded result', () => {
  it('equals the unsharded validation.json and junit for any split of random CSVs', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 0, max: 300 }), fc.boolean(), fc.integer({ min: 1, max: 9 }), async (seed, rows, crlf, count) => {
        const dir = mkdtempSync(join(tmpdir(), 'mlci-shard-'));
        writeFileSync(join(dir, 'schema.json'), JSON.stringify(schema));
        writeFileSync(join(dir, 'data.csv'), makeCsv(seed, rows, crlf));
        const whole = await validateFiles({ data: ['data.csv'], schema: 'schema.json', cwd: dir });
        const merged = await sharded(dir, 'data.csv', count);
        expect(validationJson(merged)).toEqual(validationJson(whole));
        expect(renderJUnit(merged)).toEqual(renderJUnit(whole));
        expect(merged.files[0]!.columns).toEqual(whole.files[0]!.columns);
        expectSameProfile(merged.profile as TableProfile, whole.profile as TableProfile);
      }),
      { numRuns: 60 },
    );
  }, 120_000);

  it('keeps the first --max-errors findings of the whole file and counts all', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlci-shard-'));
    writeFileSync(join(dir, 'schema.json'), JSON.stringify(schema));
    writeFileSync(join(dir, 'data.csv'), makeCsv(7, 400, false));
    for (const max of [1, 5, 50]) {
      const whole = await validateFiles({ data: ['data.csv'], schema: 'schema.json', cwd: dir, maxErrors: max });
      const merged = await sharded(dir, 'data.csv', 4, max);
      expect(whole.files[0]!.truncated).toBe(true);
      expect(validationJson(merged)).toEqual(validationJson(whole));
    }
  });

  it('splits JSON Lines by line: an unknown key is reported once, at its first row in the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlci-shard-'));
    writeFileSync(join(dir, 'schema.json'), JSON.stringify({ ...schema, 'x-mlci': undefined }));
    const lines: string[] = [];
    for (let i = 0; i < 300; i++) {
      const row: Record<string, unknown> = { id: i % 97, a: 'pq'[i % 2], b: String(i % 50), x: i % 7 === 0 ? 'n/a' : i - 3, note: i % 11 === 0 ? 'x@example.org' : 'ok' };
      if (i % 40 === 39) row.extra = 1;
      lines.push(i === 150 ? '{broken' : JSON.stringify(row));
    }
    writeFileSync(join(dir, 'd.jsonl'), lines.join('\n') + '\n');
    const whole = await validateFiles({ data: ['d.jsonl'], schema: 'schema.json', cwd: dir });
    for (const count of [2, 3, 7]) {
      const merged = await sharded(dir, 'd.jsonl', count);
      expect(validationJson(merged)).toEqual(validationJson(whole));
      expectSameProfile(merged.profile as TableProfile, whole.profile as TableProfile);
    }
  });

  it('shards by file when there are at least as many files as shards, in file order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlci-shard-'));
    writeFileSync(join(dir, 'schema.json'), JSON.stringify(schema));
    const names = ['p1.csv', 'p2.csv', 'p3.csv', 'p4.csv', 'p5.csv'];
    names.forEach((n, i) => writeFileSync(join(dir, n), makeCsv(i + 1, 50, false)));
    const whole = await validateFiles({ data: names, schema: 'schema.json', cwd: dir });
    const merged = await sharded(dir, 'p*.csv', 3);
    expect(validationJson(merged)).toEqual(validationJson(whole));
  });

  it('refuses a CSV whose quotes inside unquoted fields break quote parity', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlci-shard-'));
    writeFileSync(join(dir, 'schema.json'), JSON.stringify({ fields: [{ name: 'h', type: 'string' }, { name: 'n', type: 'integer' }] }));
    writeFileSync(join(dir, 'd.csv'), 'h,n\n' + Array.from({ length: 200 }, (_, i) => `5'1${i % 10}",${i}`).join('\n') + '\n');
    await expect(sharded(dir, 'd.csv', 3)).rejects.toThrow(/quote inside an unquoted field/);
  });
});
