import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { openTable, type ReadOptions } from '@mlci/core';
import { testdir } from '../helpers/tmp.js';
import { codes, readAll, type ReadResult } from './read-all.js';

/** Reads `content` whole and in 1-13 byte chunks (every string, escape and bracket split somewhere); all must agree. */
async function read(content: string | Buffer, name: string, options: ReadOptions = {}): Promise<ReadResult> {
  const dir = testdir({ [name]: content });
  const path = join(dir, name);
  const whole = await readAll(path, options);
  const { batchSizes: _, ...expected } = whole;
  for (const chunkSize of [1, 2, 3, 7, 13]) {
    const { batchSizes: __, ...chunked } = await readAll(path, { ...options, chunkSize });
    expect(chunked, `chunkSize ${chunkSize}`).toEqual(expected);
  }
  return whole;
}

describe('JSON Lines', () => {
  test('header = keys of the first object, which is also the first row; values rendered as text', async () => {
    const r = await read('{"a":1,"b":"x"}\n{"b":"y","a":2.5}\n\n{"a":null,"b":true}\n{"a":[1,"2"],"b":{"c":false}}\n', 'data.jsonl');
    expect(r.header).toEqual(['a', 'b']);
    expect(r.rows).toEqual([
      ['1', 'x'],
      ['2.5', 'y'],
      ['', 'true'],
      ['[1,"2"]', '{"c":false}'],
    ]);
    // Line 3 is blank and skipped.
    expect(r.lines).toEqual([1, 2, 4, 5]);
    expect(r.issues).toEqual([]);
  });

  test('numbers are rendered as JSON text of the number', async () => {
    const r = await read('{"n":1.0}\n{"n":1e21}\n{"n":-0}\n{"n":0.1}\n{"n":-12.50}\n', 'data.ndjson');
    // JSON.parse then String(): 1.0 -> "1", 1e21 -> "1e+21", -0 -> "0", -12.50 -> "-12.5".
    expect(r.rows).toEqual([['1'], ['1e+21'], ['0'], ['0.1'], ['-12.5']]);
  });

  test('keys missing in a row are empty cells', async () => {
    const r = await read('{"a":1,"b":2}\n{"a":3}\n{}\n', 'data.jsonl');
    expect(r.rows).toEqual([['1', '2'], ['3', ''], ['', '']]);
  });

  test('a key not in the header is reported once, at its first row, and not added to the header', async () => {
    const r = await read('{"a":1}\n{"a":2,"z":3}\n{"a":4,"z":5,"y":6}\n', 'data.jsonl');
    expect(r.header).toEqual(['a']);
    expect(r.rows).toEqual([['1'], ['2'], ['4']]);
    expect(codes(r.issues)).toEqual([
      { line: 2, code: 'extra-field', field: 'z' },
      { line: 3, code: 'extra-field', field: 'y' },
    ]);
  });

  test('lines that are not JSON objects are format issues with their line; reading goes on', async () => {
    const r = await read('{"a":1}\n[1,2]\n42\nnot json\n{"a":2}\n"s"\n', 'data.jsonl');
    expect(r.rows).toEqual([['1'], ['2']]);
    expect(r.lines).toEqual([1, 5]);
    expect(codes(r.issues)).toEqual([
      { line: 2, code: 'format' },
      { line: 3, code: 'format' },
      { line: 4, code: 'format' },
      { line: 6, code: 'format' },
    ]);
    expect(r.issues[0]!.message).toContain('found an array');
  });

  test('a bad first line is a header issue; the header comes from the first object', async () => {
    const r = await read('oops\n{"a":1}\n', 'data.jsonl');
    expect(codes(r.headerIssues)).toEqual([{ line: 1, code: 'format' }]);
    expect(r.header).toEqual(['a']);
    expect(r.rows).toEqual([['1']]);
    expect(r.lines).toEqual([2]);
  });

  test('CRLF and CR line endings, BOM, no trailing newline', async () => {
    const r = await read('\uFEFF{"a":1}\r\n{"a":2}\r{"a":3}', 'data.jsonl');
    expect(r.rows).toEqual([['1'], ['2'], ['3']]);
    expect(r.lines).toEqual([1, 2, 3]);
  });

  test('inherited member names are ordinary keys', async () => {
    const r = await read('{"constructor":"x","__proto__":"p","a":1}\n{"a":2}\n', 'data.jsonl');
    expect(r.header).toEqual(['constructor', '__proto__', 'a']);
    expect(r.rows).toEqual([
      ['x', 'p', '1'],
      ['', '', '2'],
    ]);
  });

  test('invalid UTF-8 is an encoding issue on its line', async () => {
    const r = await read(Buffer.concat([Buffer.from('{"a":"ok"}\n{"a":"'), Buffer.from([0xff]), Buffer.from('"}\n{"a":"é"}\n')]), 'data.jsonl');
    expect(r.rows).toEqual([['ok'], ['\uFFFD'], ['é']]);
    expect(codes(r.issues)).toEqual([{ line: 2, code: 'encoding' }]);
  });

  test('an empty file has no header', async () => {
    const r = await read('\n\n', 'data.jsonl');
    expect(r.header).toEqual([]);
    expect(r.rows).toEqual([]);
  });
});

describe('JSON arrays', () => {
  test('keyed objects (Frictionless "json keyed"), pretty-printed: the line where each object starts', async () => {
    const r = await read('[\n  {"a": 1, "b": "x"},\n  {"a": 2,\n   "b": "y"},\n  {"b": null}\n]\n', 'data.json');
    expect(r.header).toEqual(['a', 'b']);
    expect(r.rows).toEqual([
      ['1', 'x'],
      ['2', 'y'],
      ['', ''],
    ]);
    expect(r.lines).toEqual([2, 3, 5]);
    expect(r.issues).toEqual([]);
  });

  test('arrays of arrays: the first array is the header', async () => {
    const r = await read('[["a","b"],[1,"x"],\r\n[2,null],\r[true,[3]]]', 'data.json');
    expect(r.header).toEqual(['a', 'b']);
    expect(r.rows).toEqual([
      ['1', 'x'],
      ['2', ''],
      ['true', '[3]'],
    ]);
    expect(r.lines).toEqual([1, 2, 3]);
  });

  test('strings holding brackets, braces, escaped quotes and backslashes', async () => {
    // JSON text: [{"a":"}]\"{[","b":"x\\"},{"a":"q\"}","b":"\\\\"}]
    const text = String.raw`[{"a":"}]\"{[","b":"x\\"},{"a":"q\"}","b":"\\\\"}]`;
    const r = await read(text, 'data.json');
    expect(r.rows).toEqual([
      ['}]"{[', 'x\\'],
      ['q"}', '\\\\'],
    ]);
  });

  test('extra keys are reported once, missing keys are empty', async () => {
    const r = await read('[{"a":1},{"a":2,"z":3},{"z":4}]', 'data.json');
    expect(r.rows).toEqual([['1'], ['2'], ['']]);
    expect(codes(r.issues)).toEqual([{ line: 1, code: 'extra-field', field: 'z' }]);
  });

  test('a top-level object is a format issue, not a crash', async () => {
    const r = await read('{"a": 1}\n', 'data.json');
    expect(r.header).toEqual([]);
    expect(codes(r.headerIssues)).toEqual([{ line: 1, code: 'format' }]);
    expect(r.headerIssues[0]!.message).toContain('.jsonl');
  });

  test('scalar elements and elements of the other kind are format issues; reading goes on', async () => {
    const r = await read('[{"a":1},\n5,\n"s",\n[1],\n{"a":2}]', 'data.json');
    expect(r.rows).toEqual([['1'], ['2']]);
    expect(r.lines).toEqual([1, 5]);
    expect(codes(r.issues)).toEqual([
      { line: 2, code: 'format' },
      { line: 3, code: 'format' },
      { line: 4, code: 'format' },
    ]);
  });

  test('a truncated file: the unfinished element is reported at its first line', async () => {
    const r = await read('[{"a":1},\n{"a":2,\n"b', 'data.json');
    expect(r.rows).toEqual([['1']]);
    expect(codes(r.issues)).toEqual([{ line: 2, code: 'format' }]);
  });

  test('an array that is never closed, and text after the closing bracket', async () => {
    const open = await read('[{"a":1}\n', 'data.json');
    expect(open.rows).toEqual([['1']]);
    expect(codes(open.issues)).toEqual([{ line: 2, code: 'format' }]);
    const trailing = await read('[{"a":1}]\n x', 'data.json');
    expect(trailing.rows).toEqual([['1']]);
    expect(codes(trailing.issues)).toEqual([{ line: 2, code: 'format' }]);
  });

  test('an element that is not valid JSON is a format issue at its line', async () => {
    const r = await read('[{"a":1},\n{"a":tru},\n{"a":3}]', 'data.json');
    expect(r.rows).toEqual([['1'], ['3']]);
    expect(codes(r.issues)).toEqual([{ line: 2, code: 'format' }]);
  });

  test('empty array and empty file', async () => {
    expect((await read('[]', 'data.json')).header).toEqual([]);
    expect((await read(' \n', 'data.json')).header).toEqual([]);
  });
});

describe('memory stays bounded when nothing parses', () => {
  test('issues before the first object are capped; issues after it fill batches', async () => {
    const before = await read('x\n'.repeat(1500) + '{"a":1}\n', 'data.jsonl');
    expect(before.headerIssues).toHaveLength(1001);
    expect(before.headerIssues[1000]!.message).toMatch(/not listed/);
    expect(before.headerIssues[1000]!.line).toBe(1001);
    expect(before.rows).toEqual([['1']]);
    expect(before.lines).toEqual([1501]);

    const dir = testdir({ 'd.jsonl': '{"a":1}\n' + 'x\n'.repeat(50) });
    const table = await openTable(join(dir, 'd.jsonl'), { batchRows: 10 });
    const sizes: Array<[number, number]> = [];
    for await (const batch of table.batches) sizes.push([batch.rows.length, batch.issues.length]);
    expect(sizes).toEqual([
      [1, 10],
      [0, 10],
      [0, 10],
      [0, 10],
      [0, 10],
    ]);
  });
});
