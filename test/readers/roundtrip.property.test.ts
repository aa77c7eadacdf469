import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { formatCsv, writeCsv } from '@mlci/core';
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
          fc.asyncProperty(table, fc.constantFrom(undefined, 1, 2, 3, 16, 64), async ({ header, rows }, chunkSize) => {
            await writeCsv(path, header, rows, { delimiter, newline });
            const r = await readAll(path, { chunkSize });
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
        const r = await readAll(path, { chunkSize });
        expect(r.header).toEqual(header);
        expect(r.rows).toEqual(rows);
        expect(r.lines).toEqual(expectedLines(header, rows));
      }),
      { numRuns: 40 },
    );
  });

  test('rows of random bytes never crash the reader and every row has a line', async () => {
    const path = join(dir, 'bytes.csv');
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 200 }), fc.constantFrom(undefined, 1, 3), async (bytes, chunkSize) => {
        writeFileSync(path, bytes);
        const r = await readAll(path, { chunkSize });
        expect(r.lines.length).toBe(r.rows.length);
        for (let i = 1; i < r.lines.length; i++) expect(r.lines[i]!).toBeGreaterThan(r.lines[i - 1]!);
        for (const issue of [...r.issues, ...r.headerIssues]) expect(['encoding', 'format']).toContain(issue.code);
      }),
      { numRuns: 200 },
    );
  });
});
