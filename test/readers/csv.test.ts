import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { openTable, PACKED_ROW, type ReadOptions } from '@mlci/core';
import { testdir } from '../helpers/tmp.js';
import { codes, readAll, type ReadResult } from './read-all.js';

/**
 * Reads `content` as a file, once with the default chunk size and again with tiny chunks (so every quote, CRLF,
 * BOM and multibyte character is split across reads somewhere), and checks all readings agree.
 */
async function read(content: string | Buffer, options: ReadOptions = {}, name = 'data.csv'): Promise<ReadResult> {
  const dir = testdir({ [name]: content });
  const path = join(dir, name);
  const whole = await readAll(path, options);
  const { batchSizes: _, ...expected } = whole;
  for (const chunkSize of [1, 2, 3, 5, 8]) {
    const { batchSizes: _, ...chunked } = await readAll(path, { ...options, chunkSize });
    expect(chunked, `chunkSize ${chunkSize}`).toEqual(expected);
  }
  // Packed reading (rows as text + cell offsets, cut back into cells by readAll) reads the same, in small batches.
  for (const chunkSize of [undefined, 1, 3]) {
    const { batchSizes: _, ...packed } = await readAll(path, { ...options, chunkSize, packed: true, batchRows: 2 });
    expect(packed, `packed, chunkSize ${chunkSize}`).toEqual(expected);
  }
  return whole;
}

describe('CSV per RFC 4180', () => {
  test('header row, LF line endings, trailing newline', async () => {
    const r = await read('a,b\n1,2\n3,4\n');
    expect(r.header).toEqual(['a', 'b']);
    expect(r.rows).toEqual([['1', '2'], ['3', '4']]);
    expect(r.lines).toEqual([2, 3]);
    expect(r.issues).toEqual([]);
    expect(r.headerIssues).toEqual([]);
  });

  test('no trailing newline', async () => {
    const r = await read('a,b\n1,2\n3,4');
    expect(r.rows).toEqual([['1', '2'], ['3', '4']]);
    expect(r.lines).toEqual([2, 3]);
  });

  test('CRLF line endings', async () => {
    const r = await read('a,b\r\n1,2\r\n3,4\r\n');
    expect(r.header).toEqual(['a', 'b']);
    expect(r.rows).toEqual([['1', '2'], ['3', '4']]);
    expect(r.lines).toEqual([2, 3]);
  });

  test('lone CR line endings (classic Mac)', async () => {
    const r = await read('a,b\r1,2\r3,4\r');
    expect(r.rows).toEqual([['1', '2'], ['3', '4']]);
    expect(r.lines).toEqual([2, 3]);
  });

  test('mixed LF, CRLF and CR each count as one line', async () => {
    const r = await read('a\r\n1\n2\r3\r\n4');
    expect(r.rows).toEqual([['1'], ['2'], ['3'], ['4']]);
    expect(r.lines).toEqual([2, 3, 4, 5]);
  });

  test('empty lines are skipped, not rows, but still counted', async () => {
    // Lines: 1 header, 2 empty, 3 "1,2", 4 empty (CRLF), 5 empty, 6 "3,4", 7 empty.
    const r = await read('a,b\n\n1,2\n\r\n\n3,4\n\n');
    expect(r.rows).toEqual([['1', '2'], ['3', '4']]);
    expect(r.lines).toEqual([3, 6]);
  });

  test('quoted fields with delimiters and doubled quotes', async () => {
    const r = await read('a,b\n"x, y","he said ""hi"""\n"",""""\n');
    expect(r.rows).toEqual([
      ['x, y', 'he said "hi"'],
      ['', '"'],
    ]);
  });

  test('a row whose quoted field spans lines starts where it starts', async () => {
    // Row 1 starts on line 2 and its field holds LF and CRLF breaks (lines 2-4); the next row is on line 5.
    const r = await read('id,text\n1,"line1\nline2\r\nline3"\n2,after\n3,"a\rb"\n4,end\n');
    expect(r.rows).toEqual([
      ['1', 'line1\nline2\r\nline3'],
      ['2', 'after'],
      ['3', 'a\rb'],
      ['4', 'end'],
    ]);
    expect(r.lines).toEqual([2, 5, 6, 8]);
  });

  test('two multi-line fields in one row', async () => {
    const r = await read('a,b\n"1\n2","3\n4\n5"\nx,y\n');
    expect(r.rows).toEqual([['1\n2', '3\n4\n5'], ['x', 'y']]);
    expect(r.lines).toEqual([2, 6]);
  });

  test('empty cells, trailing delimiter, ragged rows passed through as they are', async () => {
    const r = await read('a,b,\n,,\n1\n1,2,3,4\n');
    expect(r.header).toEqual(['a', 'b', '']);
    expect(r.rows).toEqual([['', '', ''], ['1'], ['1', '2', '3', '4']]);
  });

  test('packed reading: unquoted rows of the header\'s width are text + offsets; quoted and ragged rows are cells', async () => {
    const dir = testdir({ 'p.csv': 'a,b,c\n1,,3\n"q",2,3\n1\n1,2,3,4\n,,\n' });
    const table = await openTable(join(dir, 'p.csv'), { packed: true });
    const batches = [];
    for await (const b of table.batches) batches.push(b);
    expect(batches).toHaveLength(1);
    const { rows, texts, starts } = batches[0]!;
    expect(rows.map((r) => r === PACKED_ROW)).toEqual([true, false, false, false, true]);
    expect(rows.slice(1, 4)).toEqual([['q', '2', '3'], ['1'], ['1', '2', '3', '4']]);
    // ASCII rows share one decoded span of the chunk; each row's 3 cells start at starts[4r…] (then the row's end + 1).
    const span = '1,,3\n"q",2,3\n1\n1,2,3,4\n,,\n';
    expect(texts).toEqual([span, '', '', '', span]);
    expect([...starts!.subarray(0, 4)]).toEqual([0, 2, 3, 5]);
    expect([...starts!.subarray(16, 20)]).toEqual([23, 24, 25, 26]);
  });

  test('a quoted empty field is a row; an empty line is not', async () => {
    const r = await read('a\n""\n\nb\n');
    expect(r.rows).toEqual([[''], ['b']]);
    expect(r.lines).toEqual([2, 4]);
  });

  test('quoted field at the end of the file without a newline', async () => {
    const r = await read('a,b\n1,"x""y"');
    expect(r.rows).toEqual([['1', 'x"y']]);
  });

  test('UTF-8 byte order mark is stripped', async () => {
    const r = await read('\uFEFFa,b\r\n1,2\r\n');
    expect(r.header).toEqual(['a', 'b']);
    expect(r.rows).toEqual([['1', '2']]);
  });

  test('multibyte UTF-8 (2, 3 and 4 bytes) inside and outside quotes', async () => {
    const r = await read('name,city\nJosé,"Zürich, CH"\n日本語,東京\n😀,"🎉""🎉"\n');
    expect(r.rows).toEqual([
      ['José', 'Zürich, CH'],
      ['日本語', '東京'],
      ['😀', '🎉"🎉'],
    ]);
  });

  test('lenient like Python csv: a quote inside an unquoted field is text; text after a closing quote is kept', async () => {
    const r = await read('a,b\nab"c,d\n"ab"c,d\n');
    expect(r.rows).toEqual([
      ['ab"c', 'd'],
      ['abc', 'd'],
    ]);
    expect(r.issues).toEqual([]);
  });

  test('configurable delimiter and quote', async () => {
    expect((await read('a;b\n"1;2";3\n', { delimiter: ';' })).rows).toEqual([['1;2', '3']]);
    expect((await read("a,b\n'x,y',z\n'it''s',w\n", { quote: "'" })).rows).toEqual([
      ['x,y', 'z'],
      ["it's", 'w'],
    ]);
    expect((await read('a|b\n"x|y"|"z"\n', { delimiter: '|' })).rows).toEqual([['x|y', 'z']]);
  });

  test('a .csv whose header has no comma but semicolons (European Excel) is read with ;', async () => {
    const r = await read('id;name;note\n1;"a;b";x,y\n', {});
    expect(r.header).toEqual(['id', 'name', 'note']);
    expect(r.rows).toEqual([['1', 'a;b', 'x,y']]);
    const table = await openTable(join(testdir({ 'd.csv': 'a|b\n1|2\n' }), 'd.csv'));
    expect(table.delimiter).toBe('|');
    expect(table.header).toEqual(['a', 'b']);
    await table.close?.();
    // A comma anywhere in the header keeps the comma; an explicit delimiter is never second-guessed.
    expect((await read('a,b;c\n1,2;3\n')).header).toEqual(['a', 'b;c']);
    expect((await read('a;b\n', { delimiter: ',' })).header).toEqual(['a;b']);
    expect((await read('a;b\n', {}, 'd.tsv')).header).toEqual(['a;b']);
    // The next line must hold the sniffed delimiter too: a one-column file whose name has a ';' stays one column.
    expect((await read('notes; remarks\nfine\n')).header).toEqual(['notes; remarks']);
    expect((await read('a;b\n')).header).toEqual(['a', 'b']);
    // The header decides, after any empty lines and comments.
    expect((await read('\n# x,y\na\tb\n1\t2\n', { commentChar: '#' })).rows).toEqual([['1', '2']]);
  });

  test("quote '' turns quoting off", async () => {
    const r = await read('a,b\n"x,y"\n', { quote: '' });
    expect(r.rows).toEqual([['"x', 'y"']]);
  });

  test('TSV: tab delimiter from the .tsv name, quotes allowed', async () => {
    const r = await read('a\tb\n"x\ty"\tz\n1\t\n', {}, 'data.tsv');
    expect(r.header).toEqual(['a', 'b']);
    expect(r.rows).toEqual([
      ['x\ty', 'z'],
      ['1', ''],
    ]);
  });

  test('commentChar skips lines that start with it (quotes in them included), still counting them', async () => {
    const r = await read('# exported 2024, "v2\na,b\n#x\n1,2\n  # not a comment\n', { commentChar: '#' });
    expect(r.header).toEqual(['a', 'b']);
    expect(r.rows).toEqual([['1', '2'], ['  # not a comment']]);
    expect(r.lines).toEqual([4, 5]);
  });

  test('skipInitialSpace drops spaces after delimiters, so a quote after them opens a quoted field', async () => {
    const r = await read('a, b\n1,  "x, y"\n  3,4 \n', { skipInitialSpace: true });
    expect(r.header).toEqual(['a', 'b']);
    expect(r.rows).toEqual([['1', 'x, y'], ['3', '4 ']]);
    // Without it (Python csv's default too), the space belongs to the field and the quote is text.
    expect((await read('a, "b"\n')).header).toEqual(['a', ' "b"']);
  });

  test('header: false makes the first row data and names columns field1..', async () => {
    const r = await read('1,2\n3,4\n', { header: false });
    expect(r.header).toEqual(['field1', 'field2']);
    expect(r.rows).toEqual([['1', '2'], ['3', '4']]);
    expect(r.lines).toEqual([1, 2]);
  });

  test('maxRows stops after that many data rows', async () => {
    const r = await read('a\n1\n2\n3\n4\n', { maxRows: 2 });
    expect(r.rows).toEqual([['1'], ['2']]);
    const none = await read('a\n1\n2\n', { maxRows: 0 });
    expect(none.header).toEqual(['a']);
    expect(none.rows).toEqual([]);
  });

  test('batchRows sets the batch size', async () => {
    const r = await read('a\n1\n2\n3\n4\n5\n', { batchRows: 2 });
    expect(r.batchSizes).toEqual([2, 2, 1]);
    expect(r.rows.flat()).toEqual(['1', '2', '3', '4', '5']);
  });
});

describe('CSV edge files', () => {
  test('an empty file has no header and no rows', async () => {
    for (const content of ['', '\uFEFF', '\n\n\r\n']) {
      const r = await read(content);
      expect(r).toEqual({ header: [], headerIssues: [], rows: [], lines: [], issues: [], batchSizes: [] });
    }
  });

  test('a header without rows', async () => {
    const r = await read('a,b,c');
    expect(r.header).toEqual(['a', 'b', 'c']);
    expect(r.rows).toEqual([]);
  });

  test('a header after empty lines is still the header', async () => {
    const r = await read('\n\na,b\n1,2\n');
    expect(r.header).toEqual(['a', 'b']);
    expect(r.lines).toEqual([4]);
  });
});

describe('CSV findings instead of crashes', () => {
  test('unterminated quote at the end: a format issue at the line where the quote opened; the partial row is dropped', async () => {
    const r = await read('a,b\n1,2\n3,"oops\n4,5\n6,7\n');
    expect(r.rows).toEqual([['1', '2']]);
    expect(r.lines).toEqual([2]);
    expect(codes(r.issues)).toEqual([{ line: 3, code: 'format' }]);
    expect(r.issues[0]!.message).toMatch(/unterminated quoted field.*line 3/);
  });

  test('the unterminated quote opens after a multi-line field of the same row', async () => {
    // The row starts on line 2; its first field spans lines 2-3; the second field's quote opens on line 3.
    const r = await read('a,b\n"x\ny","open\n1,2');
    expect(r.rows).toEqual([]);
    expect(codes(r.issues)).toEqual([{ line: 3, code: 'format' }]);
  });

  test('an unterminated quote in the header is a header issue', async () => {
    const r = await read('"a,b\n1,2\n');
    expect(r.header).toEqual([]);
    expect(codes(r.headerIssues)).toEqual([{ line: 1, code: 'format' }]);
    expect(r.rows).toEqual([]);
  });

  test('invalid UTF-8: an encoding issue at the row, U+FFFD in its place, reading goes on', async () => {
    const content = Buffer.concat([Buffer.from('a,b\n1,'), Buffer.from([0xff]), Buffer.from('\n2,ok\n3,"x'), Buffer.from([0xc3]), Buffer.from('\ny"\n4,é\n')]);
    const r = await read(content);
    expect(r.rows).toEqual([
      ['1', '\uFFFD'],
      ['2', 'ok'],
      ['3', 'x\uFFFD\ny'],
      ['4', 'é'],
    ]);
    expect(r.lines).toEqual([2, 3, 4, 6]);
    // The bad byte of row 3 is on line 4, where that row starts.
    expect(codes(r.issues)).toEqual([
      { line: 2, code: 'encoding' },
      { line: 4, code: 'encoding' },
    ]);
  });

  test('invalid UTF-8 in the header is a header issue', async () => {
    const r = await read(Buffer.concat([Buffer.from('a,'), Buffer.from([0xe9]), Buffer.from('t\xe9\n1,2\n', 'latin1')]));
    expect(r.header).toEqual(['a', '\uFFFDt\uFFFD']);
    expect(codes(r.headerIssues)).toEqual([{ line: 1, code: 'encoding' }]);
    expect(r.issues).toEqual([]);
  });

  test('a truncated multibyte character at the very end is an encoding issue', async () => {
    const r = await read(Buffer.concat([Buffer.from('a\nx'), Buffer.from([0xe6, 0x97])]));
    expect(r.rows).toEqual([['x\uFFFD']]);
    expect(codes(r.issues)).toEqual([{ line: 2, code: 'encoding' }]);
  });
});

describe('time stays linear in pathological files', () => {
  test('a stray quote that swallows 300k lines is one finding, quickly', async () => {
    const content = 'a,b\n1,2\n3,"stray\n' + '4,5\n'.repeat(300_000);
    const dir = testdir({ 'd.csv': content });
    for (const chunkSize of [undefined, 4096]) {
      const started = performance.now();
      const r = await readAll(join(dir, 'd.csv'), { chunkSize });
      // Quadratic re-parsing would take minutes here; linear work takes well under a second.
      expect(performance.now() - started).toBeLessThan(5000);
      expect(r.rows).toEqual([['1', '2']]);
      expect(codes(r.issues)).toEqual([{ line: 3, code: 'format' }]);
      expect(r.issues[0]!.message).toContain('300001 lines');
    }
  });

  test('one quoted field spanning 100k lines with doubled quotes on each', async () => {
    const inner = 'say ""hi""\n'.repeat(100_000);
    const content = `id,text\n1,"${inner}"\n2,after\n`;
    const dir = testdir({ 'd.csv': content });
    for (const chunkSize of [undefined, 1000]) {
      const started = performance.now();
      const r = await readAll(join(dir, 'd.csv'), { chunkSize });
      expect(performance.now() - started).toBeLessThan(5000);
      expect(r.rows).toEqual([
        ['1', 'say "hi"\n'.repeat(100_000)],
        ['2', 'after'],
      ]);
      // Row 1 starts on line 2 and spans 100,001 lines (100k breaks inside the field), so row 2 is on line 100,003.
      expect(r.lines).toEqual([2, 100_003]);
    }
  });
});

describe('character sets', () => {
  test('iso-8859-1: every byte is one character, no encoding issues', async () => {
    const content = Buffer.from('name,city\nJosé,"Zürich, CH"\nÅsa,Malmö\n', 'latin1');
    const r = await read(content, { encoding: 'ISO-8859-1' });
    expect(r.rows).toEqual([
      ['José', 'Zürich, CH'],
      ['Åsa', 'Malmö'],
    ]);
    expect(r.issues).toEqual([]);
    // Read as UTF-8 (the default) the same bytes are encoding issues on their rows.
    expect(codes((await read(content)).issues)).toEqual([
      { line: 2, code: 'encoding' },
      { line: 3, code: 'encoding' },
    ]);
  });

  test('windows-1252: latin1 plus the 0x80-0x9F block', async () => {
    // Reference: Python b'\x80\x93\x94\x96\x99\x8a\x9f'.decode('cp1252') == '\u20ac\u201c\u201d\u2013\u2122\u0160\u0178'.
    const content = Buffer.concat([Buffer.from('text,price\n'), Buffer.from([0x93, 0x71, 0x94, 0x2c, 0x80, 0x35, 0x0a]), Buffer.from([0x96, 0x99, 0x8a, 0x9f, 0xe9, 0x2c, 0x31, 0x0a])]);
    const r = await read(content, { encoding: 'cp1252' });
    expect(r.rows).toEqual([
      ['\u201cq\u201d', '\u20ac5'],
      ['\u2013\u2122\u0160\u0178é', '1'],
    ]);
    expect(r.issues).toEqual([]);
  });

  test('JSON Lines and JSON arrays honour the encoding too', async () => {
    const jsonl = await read(Buffer.from('{"a":"café"}\n', 'latin1'), { encoding: 'latin1' }, 'd.jsonl');
    expect(jsonl.rows).toEqual([['café']]);
    const json = await read(Buffer.concat([Buffer.from('[{"a":"'), Buffer.from([0x80]), Buffer.from('"}]')]), { encoding: 'windows-1252' }, 'd.json');
    expect(json.rows).toEqual([['€']]);
  });
});
