import { join } from 'node:path';
import { expect, test } from 'vitest';
import { repoRoot } from '../helpers/cli.js';
import { codes, readAll } from './read-all.js';

const fixtures = join(repoRoot, 'test/fixtures/readers');

test('excel-semicolon.csv: an Excel "CSV UTF-8" export from a European locale', async () => {
  // BOM, CRLF, ';' delimiter (sniffed from the header), decimal commas, a quoted note over two lines (`cat -A`).
  const r = await readAll(join(fixtures, 'excel-semicolon.csv'));
  expect(r.header).toEqual(['id', 'name', 'amount', 'note']);
  expect(r.rows).toEqual([
    ['1', 'Müller', '12,50', 'first line\r\nsecond line'],
    ['2', "O'Brien; Ltd", '7,00', ''],
    ['3', 'Zoë', '1.234,00', 'said "ok"'],
  ]);
  expect(r.lines).toEqual([2, 4, 5]);
  expect(r.issues).toEqual([]);
});

test('problems.csv: a latin1 byte, an empty line and an unterminated quote, each a finding with its line', async () => {
  const r = await readAll(join(fixtures, 'problems.csv'));
  expect(r.rows).toEqual([
    ['1', 'Lisbon'],
    ['2', 'M\uFFFDnchen'],
    ['4', 'Paris'],
  ]);
  // Line 4 is empty; the quote opened on line 6 swallows lines 6-7, so rows 5 and 6 are not rows.
  expect(r.lines).toEqual([2, 3, 5]);
  expect(codes(r.issues)).toEqual([
    { line: 3, code: 'encoding' },
    { line: 6, code: 'format' },
  ]);
});
