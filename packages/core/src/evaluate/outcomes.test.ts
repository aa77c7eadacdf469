import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ByteBuffer, csvCell, OutcomeFormatter, OutcomeWriter, putProb7, putUint, type OutcomeText } from './outcomes.js';

const enc = new TextEncoder();

function put(f: (buf: Buffer, pos: number) => number): string {
  const buf = Buffer.alloc(64);
  const end = f(buf, 3);
  return buf.toString('latin1', 3, end);
}

/** The preparer's text parts for rows given as [id part, target part] strings. */
function outcomeText(parts: Array<[string, string]>): OutcomeText {
  const bytes: number[] = [];
  const idEnd = new Uint32Array(parts.length);
  const textEnd = new Uint32Array(parts.length);
  parts.forEach(([id, target], i) => {
    bytes.push(...enc.encode(id));
    idEnd[i] = bytes.length;
    bytes.push(...enc.encode(target));
    textEnd[i] = bytes.length;
  });
  return { text: Uint8Array.from(bytes), idEnd, textEnd };
}

describe('outcomes.csv number formatting', () => {
  it('putUint writes String(n), across digit counts and past int32', () => {
    const values = [0, 1, 9, 10, 99, 100, 9999, 10000, 99999, 100000, 999999, 1000000, 9999999, 10000000, 123456789, 999999999, 1000000000, 2147483647, 2147483648, 4294967296, 1e15 + 7];
    for (const n of values) expect(put((b, p) => putUint(b, p, n)), String(n)).toBe(String(n));
  });

  it('putProb7 writes String(Math.round(p * 1e7) / 1e7) for float32 probabilities', () => {
    const f32 = new Float32Array(1);
    let seed = 12345;
    const values = [0, 1, 0.5, 1e-8, 5e-8, 1e-7, 1e-6, 0.999999, 0.99999994, 0.1, 0.3333333, 0.0000123, 0.05];
    for (let i = 0; i < 20000; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      values.push((f32[0] = (seed / 2 ** 32) ** (1 + (i % 5)), f32[0]));
    }
    for (const p of values) expect(put((b, q) => putProb7(b, q, p)), String(p)).toBe(String(Math.round(p * 1e7) / 1e7));
  });
});

describe('OutcomeFormatter', () => {
  it('classification: id, row numbers across batches, lines, quoted labels, correct flag and p_true', () => {
    const f = new OutcomeFormatter();
    const out = new ByteBuffer();
    f.addLabels(['a', 'b,c']);
    f.format(out, outcomeText([['x1,', ''], ['"q,""2""",', '']]), Float64Array.of(2, 3), { kind: 'class', yTrue: Int32Array.of(0, 1), yPred: Int32Array.of(0, 0), pTrue: Float32Array.of(0.25, 0.123456789) });
    // A label first seen in the second batch joins the formatter's classes.
    f.addLabels(['wést']);
    f.format(out, outcomeText([['é,', '']]), Float64Array.of(7), { kind: 'class', yTrue: Int32Array.of(2), yPred: Int32Array.of(1), pTrue: null });
    expect(out.buf.toString('utf8', 0, out.pos)).toBe(
      ['x1,0,2,a,a,1,0.25', `"q,""2""",1,3,"b,c",a,0,${Math.round(Math.fround(0.123456789) * 1e7) / 1e7}`, 'é,2,7,wést,"b,c",0,', ''].join('\n'),
    );
  });

  it('regression: row and line go between the id and the target text as written', () => {
    const f = new OutcomeFormatter();
    const out = new ByteBuffer();
    f.format(out, outcomeText([['', '1.50,'], ['', '2,']]), Float64Array.of(2, 4), { kind: 'value', predicted: Float64Array.of(1.25, 2.5), targets: Float64Array.of(1.5, 2) });
    expect(out.buf.toString('utf8', 0, out.pos)).toBe('0,2,1.50,1.25,0.25\n1,4,2,2.5,0.5\n');
  });

  it('csvCell quotes only what needs it', () => {
    expect([csvCell('a'), csvCell('a,b'), csvCell('say "hi"'), csvCell('two\nlines')]).toEqual(['a', '"a,b"', '"say ""hi"""', '"two\nlines"']);
  });
});

describe('OutcomeWriter', () => {
  const lines = (n: number, from: number) => Array.from({ length: n }, (_, i) => `row ${from + i} ${'x'.repeat(40)}\n`).join('');

  it('writes every committed batch, held or not, and on failure drops the batch that was not committed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlci-outcomes-'));
    const path = join(dir, 'outcomes.csv');
    const w = await OutcomeWriter.open(path, ['id', 'row']);
    // Enough batches that some are written while the writer runs and some are still held at the failure.
    let expected = 'id,row\n';
    for (let b = 0; b < 60; b++) {
      const text = lines(1000, b * 1000);
      w.out.text(text);
      await w.commit();
      expected += text;
    }
    w.out.text(lines(500, 60000));
    await w.close(false);
    expect(readFileSync(path, 'utf8')).toBe(expected);
  });

  it('a complete close writes the rest; a failure before any batch leaves the header', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlci-outcomes-'));
    const w = await OutcomeWriter.open(join(dir, 'a.csv'), ['id', 'label,x']);
    w.out.text('1,a\n');
    await w.commit();
    w.out.text('2,b\n');
    await w.close(true);
    expect(readFileSync(join(dir, 'a.csv'), 'utf8')).toBe('id,"label,x"\n1,a\n2,b\n');
    const failed = await OutcomeWriter.open(join(dir, 'b.csv'), ['id']);
    failed.out.text('1\n');
    await failed.close(false);
    expect(readFileSync(join(dir, 'b.csv'), 'utf8')).toBe('id\n');
  });
});
