import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { formatCsv, UsageError, writeCsv } from '@mlci/core';
import { testdir } from '../helpers/tmp.js';
import { readAll } from './read-all.js';

// Cells drawn from the characters that make CSV hard: delimiters, quotes, CR, LF, spaces, multibyte UTF-8.
const piece = fc.constantFrom(',', '\t', '"', '\r', '\n', '\r\n', ' ', 'a', 'Z', '0', 'é', '日', '😀', "'", ';', '\uFEFF');
const cell = fc.oneof({ weight: 1, arbitrary: fc.constant('') }, { weight: 4, arbitrary: fc.array(piece, { maxLength: 8 }).map((p) => p.join('')) }, { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) });
const table = fc.integer({ min: 1, max: 5 }).chain((columns) =>
  fc.record({
    header: fc.array(cell, { minLength: columns, maxLength: columns }),
    rows: fc.array(fc.array(cell, { minLength: columns, maxLength: columns }), { maxLength: 25 }),
  }),
);

/** Expected start line of each row, counted independently of the reader: each CR, LF or CRLF inside cells is one break. */
function expectedLines(header: string[], rows: string[][]): number[] {
  const breaks = (cells: string[]) => cells.reduce((n, c) => n + (c.match(/\r\n|\r|\n/g)?.length ?? 0), 0);
  const lines: number[] = [];
  let line = 1 + breaks(header) + 1;
  for (const row of rows) {
    lines.push(line);
    line += breaks(row) + 1;
  }
  return lines;
}

const dir = testdir();

describe('random tables written with writeCsv read back identically', () => {
  for (const [delimiter, name] of [
    [',', 'csv'],
    ['\t', 'tsv'],
  ] as const) {
    for (const newline of ['\n', '\r\n'] as const) {
      test(`delimiter ${JSON.stringify(delimiter)}, newline ${JSON.stringify(newline)}`, async () => {
        const path = join(dir, `roundtrip.${name}`);
        await fc.assert(
          fc.asyncProperty(table, fc.constantFrom(undefined, 1, 2, 3, 16, 64), fc.boolean(), async ({ header, rows }, chunkSize, packed) => {
            await writeCsv(path, header, rows, { delimiter, newline });
            // The delimiter is given: a random one-column header full of ';' would otherwise be sniffed as ';'-separated.
            // Packed reading hands unquoted rows over as text + cell offsets: readAll cuts them back into cells.
            const r = await readAll(path, { chunkSize, delimiter, packed, batchRows: packed ? 4 : undefined });
            expect(r.header).toEqual(header);
            expect(r.rows).toEqual(rows);
            expect(r.lines).toEqual(expectedLines(header, rows));
            expect(r.issues).toEqual([]);
            expect(r.headerIssues).toEqual([]);
          }),
          { numRuns: 120 },
        );
      });
    }
  }

  test('formatCsv (in memory) and writeCsv (streamed) produce the same bytes', async () => {
    const path = join(dir, 'same.csv');
    await fc.assert(
      fc.asyncProperty(table, async ({ header, rows }) => {
        await writeCsv(path, header, rows);
        const { readFileSync } = await import('node:fs');
        expect(readFileSync(path, 'utf8')).toBe(formatCsv(header, rows));
      }),
      { numRuns: 50 },
    );
  });

  test('gzip: .csv.gz written by writeCsv reads back identically', async () => {
    const path = join(dir, 'roundtrip.csv.gz');
    await fc.assert(
      fc.asyncProperty(table, fc.constantFrom(undefined, 1, 7), async ({ header, rows }, chunkSize) => {
        await writeCsv(path, header, rows);
        const r = await readAll(path, { chunkSize, delimiter: ',' });
        expect(r.header).toEqual(header);
        expect(r.rows).toEqual(rows);
        expect(r.lines).toEqual(expectedLines(header, rows));
      }),
      { numRuns: 40 },
    );
  });

  test('random bytes never crash any reader, and every chunk size reads them the same', async () => {
    // Bytes biased towards the ones that matter to the parsers, plus anything else (invalid UTF-8 included).
    const special = fc.constantFrom(...[',', '\t', '"', '\r', '\n', '{', '}', '[', ']', ':', '\\', ' ', 'a', '1'].map((c) => c.charCodeAt(0)), 0xc3, 0xa9, 0xe6, 0xff);
    const bytes = fc.array(fc.oneof(special, fc.integer({ min: 0, max: 255 })), { maxLength: 160 }).map((a) => Uint8Array.from(a));
    // fast-check's bias makes [255, 254] (a UTF-16 BOM) likely; make sure both branches run every time.
    const inputs = fc.oneof(bytes, bytes.map((b) => Uint8Array.from([0xff, 0xfe, ...b])));
    for (const name of ['bytes.csv', 'bytes.tsv', 'bytes.jsonl', 'bytes.json']) {
      const path = join(dir, name);
      await fc.assert(
        fc.asyncProperty(inputs, async (content) => {
          writeFileSync(path, content);
          if ((content[0] === 0xff && content[1] === 0xfe) || (content[0] === 0xfe && content[1] === 0xff)) {
            // A UTF-16 byte order mark: the one input refused outright (with how to convert it).
            await expect(readAll(path)).rejects.toBeInstanceOf(UsageError);
            return;
          }
          const { batchSizes: _, ...whole } = await readAll(path);
          expect(whole.lines.length).toBe(whole.rows.length);
          for (let i = 1; i < whole.lines.length; i++) expect(whole.lines[i]!).toBeGreaterThan(whole.lines[i - 1]!);
          for (const chunkSize of [1, 2, 5]) {
            const { batchSizes: __, ...chunked } = await readAll(path, { chunkSize });
            expect(chunked).toEqual(whole);
          }
        }),
        { numRuns: 100 },
      );
    }
  });

  test('random JSON documents read the same at every chunk size', async () => {
    const value = fc.jsonValue({ maxDepth: 2 });
    const object = fc.dictionary(fc.constantFrom('a', 'b', 'c', 'é', '"q"', '\\'), value, { maxKeys: 4 });
    const path = join(dir, 'docs.json');
    const jsonl = join(dir, 'docs.jsonl');
    await fc.assert(
      fc.asyncProperty(fc.array(object, { maxLength: 8 }), fc.constantFrom('', ' ', '\n', '\r\n  '), async (objects, space) => {
        writeFileSync(path, `[${space}${objects.map((o) => JSON.stringify(o, null, space.includes('\n') ? 1 : 0)).join(`,${space}`)}${space}]`);
        writeFileSync(jsonl, objects.map((o) => JSON.stringify(o)).join('\n'));
        for (const file of [path, jsonl]) {
          const { batchSizes: _, ...whole } = await readAll(file);
          // The rendering rules restated: strings as is, other scalars as JSON text, null/absent as '', nested as JSON.
          const header = objects.length > 0 ? Object.keys(objects[0]!) : [];
          const cell = (v: unknown) => (v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v));
          expect(whole.header).toEqual(header);
          expect(whole.rows).toEqual(objects.map((o) => header.map((k) => cell(Object.hasOwn(o, k) ? (o as Record<string, unknown>)[k] : undefined))));
          expect(whole.issues.filter((i) => i.code !== 'extra-field')).toEqual([]);
          for (const chunkSize of [1, 3]) {
            const { batchSizes: __, ...chunked } = await readAll(file, { chunkSize });
            expect(chunked).toEqual(whole);
          }
        }
      }),
      { numRuns: 120 },
    );
  });
});
