import { chmodSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { detectFormat, isMlciError, openTable, UsageError } from '@mlci/core';
import { referencePython, runPythonJson } from '../helpers/python.js';
import { repoRoot } from '../helpers/cli.js';
import { testdir } from '../helpers/tmp.js';
import { codes, readAll } from './read-all.js';

const vega = join(repoRoot, 'node_modules/vega-datasets/data');
const python = referencePython();

describe('real files (vega-datasets)', () => {
  test('seattle-weather.csv: 1461 rows under a 6-column header', async () => {
    const r = await readAll(join(vega, 'seattle-weather.csv'));
    expect(r.header).toEqual(['date', 'precipitation', 'temp_max', 'temp_min', 'wind', 'weather']);
    expect(r.rows).toHaveLength(1461);
    // First and last data lines of the file, as `head -2` / `tail -1` print them.
    expect(r.rows[0]).toEqual(['2012-01-01', '0.0', '12.8', '5.0', '4.7', 'drizzle']);
    expect(r.lines[0]).toBe(2);
    expect(r.lines.at(-1)).toBe(1462);
    expect(r.issues).toEqual([]);
  });

  test('penguins.json: 344 rows; each row starts on the line of its "{"', async () => {
    const path = join(vega, 'penguins.json');
    const r = await readAll(path);
    expect(r.header).toEqual(['Species', 'Island', 'Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)', 'Sex']);
    expect(r.rows).toHaveLength(344);
    expect(r.rows[0]).toEqual(['Adelie', 'Torgersen', '39.1', '18.7', '181', '3750', 'MALE']);
    // Independent reference: the 1-based numbers of the lines that open an object ("  {").
    const objectLines = readFileSync(path, 'utf8')
      .split('\n')
      .flatMap((text, i) => (text.trim() === '{' ? [i + 1] : []));
    expect(r.lines).toEqual(objectLines);
    expect(r.issues).toEqual([]);
  });

  test('flights-200k.json (one 10 MB line) and cars.json: row counts and keys', async () => {
    const flights = await readAll(join(vega, 'flights-200k.json'));
    // 200000 = len(json.load(...)) in Python.
    expect(flights.rows).toHaveLength(200000);
    expect(flights.header).toEqual(['delay', 'distance', 'time']);
    expect(flights.rows[0]).toEqual(['0', '1452', '0']);
    expect(new Set(flights.lines)).toEqual(new Set([1]));
    const cars = await readAll(join(vega, 'cars.json'));
    expect(cars.rows).toHaveLength(406);
    expect(cars.header[0]).toBe('Name');
  });

  test.skipIf(!python)('every CSV/TSV matches Python csv.reader: cells, and the line each record starts on', async () => {
    const files = readdirSync(vega).filter((f) => f.endsWith('.csv') || f.endsWith('.tsv'));
    expect(files.length).toBeGreaterThan(20);
    // Python's csv module (universal newlines off, as its docs require) is the reference; a record starts on the
    // line after the previous record's last line (reader.line_num); empty lines ([] rows) are skipped.
    const reference = runPythonJson<Record<string, { rows: string[][]; lines: number[] }>>(
      python!,
      `
import csv, json, sys
out = {}
for name in json.loads(sys.stdin.read()):
    with open(${JSON.stringify(vega)} + '/' + name, newline='', encoding='utf-8-sig') as f:
        reader = csv.reader(f, delimiter='\\t' if name.endswith('.tsv') else ',')
        rows, lines, prev = [], [], 0
        for row in reader:
            if row:
                rows.append(row)
                lines.append(prev + 1)
            prev = reader.line_num
        out[name] = {'rows': rows, 'lines': lines}
print(json.dumps(out))
`,
      JSON.stringify(files),
    );
    for (const name of files) {
      const r = await readAll(join(vega, name));
      const expected = reference[name]!;
      expect([r.header, ...r.rows], name).toEqual(expected.rows);
      expect([1, ...r.lines], name).toEqual(expected.lines);
      expect(r.issues, name).toEqual([]);
    }
  });
});

describe('gzip', () => {
  test('.csv.gz, .jsonl.gz and .json.gz stream through gunzip; format from the name before .gz', async () => {
    const csv = 'a,b\n1,"x\ny"\n2,z\n';
    const dir = testdir({
      'd.csv.gz': gzipSync(csv),
      'd.jsonl.gz': gzipSync('{"a":1}\n{"a":2}\n'),
      'd.json.gz': gzipSync('[{"a":1},{"a":2}]'),
    });
    for (const chunkSize of [undefined, 1, 5]) {
      const c = await readAll(join(dir, 'd.csv.gz'), { chunkSize });
      expect(c.rows).toEqual([['1', 'x\ny'], ['2', 'z']]);
      expect(c.lines).toEqual([2, 4]);
      expect((await readAll(join(dir, 'd.jsonl.gz'), { chunkSize })).rows).toEqual([['1'], ['2']]);
      expect((await readAll(join(dir, 'd.json.gz'), { chunkSize })).rows).toEqual([['1'], ['2']]);
    }
    const table = await openTable(join(dir, 'd.csv.gz'));
    expect(table.format).toBe('csv');
  });

  test('gzip is recognised by its magic bytes even without .gz in the name', async () => {
    const dir = testdir({ 'd.csv': gzipSync('a\n1\n') });
    expect((await readAll(join(dir, 'd.csv'))).rows).toEqual([['1']]);
  });

  test('concatenated gzip members read as one file', async () => {
    const dir = testdir({ 'd.csv.gz': Buffer.concat([gzipSync('a\n1\n'), gzipSync('2\n')]) });
    expect((await readAll(join(dir, 'd.csv.gz'))).rows).toEqual([['1'], ['2']]);
  });

  test('a truncated or corrupt .gz is a UsageError naming the file', async () => {
    const whole = gzipSync('a,b\n' + '1,2\n'.repeat(10000));
    const corrupt = Buffer.from(whole);
    corrupt[20] = corrupt[20]! ^ 0xff;
    const dir = testdir({ 'cut.csv.gz': whole.subarray(0, whole.length - 40), 'bad.csv.gz': corrupt });
    for (const name of ['cut.csv.gz', 'bad.csv.gz']) {
      const path = join(dir, name);
      const error = await readAll(path).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(error, name).toBeInstanceOf(UsageError);
      expect((error as UsageError).where).toBe(path);
      expect((error as UsageError).message).toMatch(/gzip data is corrupt or truncated/);
    }
  });

  test('bytesRead counts decompressed bytes', async () => {
    const dir = testdir({ 'd.csv.gz': gzipSync('a\n' + 'x\n'.repeat(1000)) });
    const table = await openTable(join(dir, 'd.csv.gz'));
    for await (const _ of table.batches);
    expect(table.bytesRead()).toBe(2 + 2000);
  });
});

describe('bad inputs are UsageErrors with where = the path and a fix', () => {
  async function usageError(path: string, options = {}): Promise<UsageError> {
    const err = await openTable(path, options).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isMlciError(err)).toBe(true);
    expect(err).toBeInstanceOf(UsageError);
    return err as UsageError;
  }

  test('missing file', async () => {
    const path = join(testdir(), 'nope.csv');
    const err = await usageError(path);
    expect(err.where).toBe(path);
    expect(err.what).toBe('file not found');
    expect(err.fix).toBeTruthy();
    expect(err.message.split('\n')).toHaveLength(1);
  });

  test('a directory', async () => {
    const dir = testdir({ 'data.csv/inner.txt': 'x' });
    const err = await usageError(join(dir, 'data.csv'));
    expect(err.what).toMatch(/directory/);
  });

  test.skipIf(process.getuid?.() === 0)('an unreadable file (skipped as root, who can read anything)', async () => {
    const dir = testdir({ 'locked.csv': 'a\n1\n' });
    chmodSync(join(dir, 'locked.csv'), 0o000);
    const err = await usageError(join(dir, 'locked.csv'));
    expect(err.what).toBe('permission denied');
  });

  test('a UTF-16 file (Excel "Unicode text") is a UsageError saying how to convert it', async () => {
    const dir = testdir({ 'le.tsv': Buffer.from('\uFEFFa\tb\n1\t2\n', 'utf16le'), 'be.csv': Buffer.from([0xfe, 0xff, 0x00, 0x61]) });
    for (const name of ['le.tsv', 'be.csv']) {
      const err = await usageError(join(dir, name));
      expect(err.what).toMatch(/UTF-16/);
      expect(err.where).toBe(join(dir, name));
      expect(err.fix).toMatch(/iconv -f UTF-16 -t UTF-8/);
    }
  });

  test('a name that does not tell the format', async () => {
    const dir = testdir({ 'data.xlsx': 'x', 'data.parquet': 'x' });
    for (const name of ['data.xlsx', 'data.parquet']) {
      const err = await usageError(join(dir, name));
      expect(err.code).toBe('unknown-format');
      expect(err.fix).toMatch(/\.csv, \.tsv, \.jsonl/);
    }
    // An explicit format reads any name.
    writeFileSync(join(dir, 'data.txt'), 'a\n1\n');
    expect((await readAll(join(dir, 'data.txt'), { format: 'csv' })).rows).toEqual([['1']]);
  });

  test('invalid options', async () => {
    const dir = testdir({ 'd.csv': 'a\n' });
    const path = join(dir, 'd.csv');
    expect((await usageError(path, { delimiter: ';;' })).where).toBe('delimiter');
    expect((await usageError(path, { delimiter: '\n' })).where).toBe('delimiter');
    expect((await usageError(path, { delimiter: '' })).where).toBe('delimiter');
    expect((await usageError(path, { delimiter: '§' })).where).toBe('delimiter');
    expect((await usageError(path, { quote: ',' })).where).toBe('quote');
    expect((await usageError(path, { commentChar: ',' })).where).toBe('commentChar');
    expect((await usageError(path, { commentChar: '##' })).where).toBe('commentChar');
    const charset = await usageError(path, { encoding: 'shift_jis' });
    expect(charset.where).toBe('encoding');
    expect(charset.fix).toContain('iconv -f shift_jis -t UTF-8');
    expect((await usageError(path, { batchRows: 0 })).where).toBe('batchRows');
    expect((await usageError(path, { maxRows: -1 })).where).toBe('maxRows');
  });
});

describe('detectFormat', () => {
  test('from the extension, case-insensitive, through .gz', () => {
    expect(detectFormat('a/b.csv')).toBe('csv');
    expect(detectFormat('B.TSV')).toBe('tsv');
    expect(detectFormat('x.tab')).toBe('tsv');
    expect(detectFormat('x.jsonl')).toBe('jsonl');
    expect(detectFormat('x.ndjson.gz')).toBe('jsonl');
    expect(detectFormat('x.json')).toBe('json');
    expect(detectFormat('x.csv.GZ')).toBe('csv');
    expect(detectFormat('x.gz')).toBeUndefined();
    expect(detectFormat('Makefile')).toBeUndefined();
    expect(detectFormat('x.parquet')).toBeUndefined();
  });
});

describe('lifecycle', () => {
  test('breaking out of the batches closes the file; close() is idempotent', async () => {
    const dir = testdir({ 'd.csv': 'a\n' + '1\n'.repeat(10000) });
    const table = await openTable(join(dir, 'd.csv'), { batchRows: 10 });
    let seen = 0;
    for await (const batch of table.batches) {
      seen += batch.rows.length;
      break;
    }
    expect(seen).toBe(10);
    await table.close?.();
    await table.close?.();
  });

  test('headerIssues and batches carry every issue exactly once', async () => {
    const dir = testdir({ 'd.jsonl': 'bad\n{"a":1}\nbad\n' });
    const r = await readAll(join(dir, 'd.jsonl'));
    expect(codes(r.headerIssues)).toEqual([{ line: 1, code: 'format' }]);
    expect(codes(r.issues)).toEqual([{ line: 3, code: 'format' }]);
  });
});

describe('pipes', () => {
  test.skipIf(process.platform === 'win32')('a named pipe (as from <(zcat …)) streams; .gz in its name means gzip', async () => {
    const { spawn, spawnSync } = await import('node:child_process');
    const dir = testdir();
    for (const [name, content] of [
      ['fifo.csv', Buffer.from('a,b\n1,2\n3,4\n')],
      ['fifo.csv.gz', gzipSync('a,b\n5,6\n')],
    ] as const) {
      const path = join(dir, name);
      expect(spawnSync('mkfifo', [path]).status).toBe(0);
      const writer = spawn('sh', ['-c', `cat > "${path}"`], { stdio: ['pipe', 'ignore', 'ignore'] });
      writer.stdin.end(content);
      const r = await readAll(path, { chunkSize: 3 });
      expect(r.header).toEqual(['a', 'b']);
      expect(r.rows).toEqual(name.endsWith('.gz') ? [['5', '6']] : [['1', '2'], ['3', '4']]);
    }
  });
});
