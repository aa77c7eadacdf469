import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { formatCsv, formatCsvField, formatCsvRow, UsageError, writeCsv } from '@mlci/core';
import { testdir } from '../helpers/tmp.js';

describe('RFC 4180 quoting', () => {
  test('fields are quoted only when they must be', () => {
    expect(formatCsvField('plain')).toBe('plain');
    expect(formatCsvField('')).toBe('');
    expect(formatCsvField(' padded ')).toBe(' padded ');
    expect(formatCsvField('a,b')).toBe('"a,b"');
    expect(formatCsvField('say "hi"')).toBe('"say ""hi"""');
    expect(formatCsvField('two\nlines')).toBe('"two\nlines"');
    expect(formatCsvField('cr\rhere')).toBe('"cr\rhere"');
    expect(formatCsvField('\uFEFFbom')).toBe('"\uFEFFbom"');
    expect(formatCsvField('a\tb')).toBe('a\tb');
    expect(formatCsvField('a\tb', { delimiter: '\t' })).toBe('"a\tb"');
    expect(formatCsvField("it's", { quote: "'" })).toBe("'it''s'");
  });

  test('rows join fields; a lone empty field is written "" so it is not an empty line', () => {
    expect(formatCsvRow(['a', 'b,c', ''])).toBe('a,"b,c",');
    expect(formatCsvRow([''])).toBe('""');
    expect(formatCsvRow(['', ''])).toBe(',');
    expect(formatCsvRow(['x', 'y'], { delimiter: '\t' })).toBe('x\ty');
  });

  test('formatCsv terminates every record', () => {
    expect(formatCsv(['a', 'b'], [['1', '2']])).toBe('a,b\n1,2\n');
    expect(formatCsv(['a'], [['x']], { newline: '\r\n' })).toBe('a\r\nx\r\n');
  });
});

describe('writeCsv', () => {
  test('streams rows from an async iterable and returns the count', async () => {
    const path = join(testdir(), 'out.csv');
    async function* rows() {
      for (let i = 0; i < 50000; i++) yield [String(i), i % 2 ? 'odd, yes' : 'even'];
    }
    const { rows: count } = await writeCsv(path, ['n', 'parity'], rows());
    expect(count).toBe(50000);
    const lines = readFileSync(path, 'utf8').split('\n');
    expect(lines[0]).toBe('n,parity');
    expect(lines[2]).toBe('1,"odd, yes"');
    expect(lines).toHaveLength(50002); // header + rows + the empty string after the last newline
  });

  test('a .gz name writes gzip', async () => {
    const path = join(testdir(), 'out.csv.gz');
    await writeCsv(path, ['a'], [['1']]);
    expect(gunzipSync(readFileSync(path)).toString()).toBe('a\n1\n');
  });

  test('an unwritable path is a UsageError naming it', async () => {
    const path = join(testdir(), 'missing-dir', 'out.csv');
    await expect(writeCsv(path, ['a'], [['1']])).rejects.toBeInstanceOf(UsageError);
    await expect(writeCsv(path, ['a'], [['1']])).rejects.toMatchObject({ where: path });
  });
});
