/**
 * outcomes.csv: one line per evaluated row, formatted into a reused byte buffer without per-row strings (a 1M-row
 * evaluation made ~6 short-lived strings a row, a large share of its garbage collection).
 */
import { open, type FileHandle } from 'node:fs/promises';
import { formatCsvRow } from '../readers/write.js';

const COMMA = 44;
const NEWLINE = 10;

/** A growable byte buffer: `reserve` room, write at `pos`, advance `pos`. */
export class ByteBuffer {
  buf = Buffer.allocUnsafe(1 << 18);
  pos = 0;
  /** Room for `n` more bytes. */
  reserve(n: number): Buffer {
    if (this.pos + n > this.buf.length) {
      const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
      this.buf.copy(next, 0, 0, this.pos);
      this.buf = next;
    }
    return this.buf;
  }
  text(s: string): void {
    this.reserve(s.length * 3);
    this.pos += this.buf.write(s, this.pos);
  }
}

/**
 * The text parts of each outcomes.csv line, as the preparer makes them where rows are parsed: the id cell and a comma
 * (with an id column), then for regression the target text and a comma. Row and line numbers go between the two.
 */
export interface OutcomeText {
  text: Uint8Array;
  /** End offset of each row's id part in `text` (its start when there is no id column). */
  idEnd: Uint32Array;
  /** End offset of each row's text in `text`. */
  textEnd: Uint32Array;
}

/** What the model adds to each row of a batch. */
export type OutcomeValues =
  | {
      kind: 'class';
      yTrue: Int32Array;
      yPred: Int32Array;
      /** The probability of the true class, or null when the model gives no probabilities. */
      pTrue: Float32Array | null;
    }
  | { kind: 'value'; predicted: Float64Array; targets: Float64Array };

/** Formats outcomes.csv lines batch after batch, numbering rows across batches. */
export class OutcomeFormatter {
  private row = 0;
  private readonly cells: Buffer[] = [];
  /** `y_true,y_pred,correct,` bytes by true class × predicted class, made on first use. */
  private pairs: Array<Uint8Array | undefined> = [];

  /** Class labels new since the last call, in class id order. */
  addLabels(labels: readonly string[]): void {
    if (labels.length === 0) return;
    for (const l of labels) this.cells.push(Buffer.from(csvCell(l)));
    this.pairs = [];
  }

  private pair(t: number, p: number): Uint8Array {
    const k = this.cells.length;
    const bytes = Buffer.concat([this.cells[t]!, Buffer.from([COMMA]), this.cells[p]!, Buffer.from([COMMA, t === p ? 49 : 48, COMMA])]);
    this.pairs[t * k + p] = bytes;
    return bytes;
  }

  /** Appends one line per row of `values` to `out`. */
  format(out: ByteBuffer, t: OutcomeText, lines: ArrayLike<number>, v: OutcomeValues): void {
    const { text, idEnd, textEnd } = t;
    let row = this.row;
    let start = 0;
    if (v.kind === 'class') {
      const { yTrue, yPred, pTrue } = v;
      const n = yTrue.length;
      if (n === 0) return;
      const k = this.cells.length;
      let cellMax = 0;
      for (const c of this.cells) cellMax = Math.max(cellMax, c.length);
      // One reservation per batch: the text, then per row row and line (≤ 25 bytes each), two cells, p_true
      // (≤ 25 bytes), commas and the flag.
      const buf = out.reserve(textEnd[n - 1]! + n * (88 + 2 * cellMax));
      const pairs = this.pairs;
      let pos = out.pos;
      for (let i = 0; i < n; i++) {
        const tc = yTrue[i]!;
        const pc = yPred[i]!;
        const end = textEnd[i]!;
        for (let j = start; j < end; j++) buf[pos++] = text[j]!;
        start = end;
        pos = putUint(buf, pos, row++);
        buf[pos++] = COMMA;
        pos = putUint(buf, pos, lines[i]!);
        buf[pos++] = COMMA;
        const cells = pairs[tc * k + pc] ?? this.pair(tc, pc);
        for (let j = 0; j < cells.length; j++) buf[pos++] = cells[j]!;
        // float32 probabilities carry ~7 significant digits: write no more.
        if (pTrue) pos = putProb7(buf, pos, pTrue[i]!);
        buf[pos++] = NEWLINE;
      }
      out.pos = pos;
    } else {
      const { predicted, targets } = v;
      const n = predicted.length;
      for (let i = 0; i < n; i++) {
        const mid = idEnd[i]!;
        const end = textEnd[i]!;
        const buf = out.reserve(end - start + 52);
        let pos = out.pos;
        for (let j = start; j < mid; j++) buf[pos++] = text[j]!;
        pos = putUint(buf, pos, row++);
        buf[pos++] = COMMA;
        pos = putUint(buf, pos, lines[i]!);
        buf[pos++] = COMMA;
        for (let j = mid; j < end; j++) buf[pos++] = text[j]!;
        out.pos = pos;
        start = end;
        const p = predicted[i]!;
        out.text(`${p},${Math.abs(targets[i]! - p)}\n`);
      }
    }
    this.row = row;
  }
}

/** Bytes of formatted lines held before a write: fewer, larger writes than one a batch. */
const FLUSH_BYTES = 1 << 20;

/** outcomes.csv's file: the header, then batches of lines, written whole (a failed batch is never written). */
export class OutcomeWriter {
  readonly out = new ByteBuffer();
  /** End of the last whole batch in `out`. */
  private committed = 0;
  private closed = false;
  private constructor(private readonly file: FileHandle) {}
  static async open(path: string, header: string[]): Promise<OutcomeWriter> {
    const w = new OutcomeWriter(await open(path, 'w'));
    w.out.text(formatCsvRow(header) + '\n');
    await w.commit();
    return w;
  }
  /** The lines in `out` end with a whole batch: kept for writing, written once enough have gathered. */
  async commit(): Promise<void> {
    this.committed = this.out.pos;
    if (this.committed >= FLUSH_BYTES) await this.write();
  }
  private async write(): Promise<void> {
    const { buf } = this.out;
    const end = this.committed;
    let off = 0;
    while (off < end) off += (await this.file.write(buf, off, end - off)).bytesWritten;
    this.out.pos = this.committed = 0;
  }
  /**
   * Writes the committed batches and closes the file. After a failure (`complete: false`) the rows of the batch that
   * failed, formatted but not committed, are dropped: a batch is written whole or not at all.
   */
  async close(complete: boolean): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      if (complete) {
        this.committed = this.out.pos;
        await this.write();
      } else await this.write().catch(() => undefined); // the failure being reported matters more
    } finally {
      await this.file.close();
    }
  }
}

/** Writes a non-negative integer in decimal at `pos`; returns the end. */
export function putUint(buf: Buffer, pos: number, n: number): number {
  if (n > 0x7fffffff) return pos + buf.write(String(n), pos, 'latin1');
  let m = n | 0;
  const digits = m < 1e5 ? (m < 100 ? (m < 10 ? 1 : 2) : m < 1e3 ? 3 : m < 1e4 ? 4 : 5) : m < 1e7 ? (m < 1e6 ? 6 : 7) : m < 1e8 ? 8 : m < 1e9 ? 9 : 10;
  const end = pos + digits;
  let p = end;
  do {
    const q = (m / 10) | 0;
    buf[--p] = 48 + m - q * 10;
    m = q;
  } while (m > 0);
  return end;
}

/** Writes `String(Math.round(p * 1e7) / 1e7)` at `pos` (at most 25 bytes); returns the end. */
export function putProb7(buf: Buffer, pos: number, p: number): number {
  const q = Math.round(p * 1e7);
  if (!(q >= 10 && q < 1e7)) return pos + buf.write(String(q / 1e7), pos, 'latin1');
  // The shortest round-trip form of q / 1e7 is q's 7 digits after "0." without trailing zeros (int32 arithmetic).
  let r = q | 0;
  let len = 7;
  for (let t = (r / 10) | 0; r === t * 10; t = (r / 10) | 0) {
    r = t;
    len--;
  }
  buf[pos] = 48;
  buf[pos + 1] = 46;
  const end = pos + 2 + len;
  let at = end;
  for (let i = 0; i < len; i++) {
    const t = (r / 10) | 0;
    buf[--at] = 48 + r - t * 10;
    r = t;
  }
  return end;
}

export function csvCell(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

