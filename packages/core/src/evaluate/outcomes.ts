/** outcomes.csv: one line per evaluated row, written from reused byte buffers without per-row strings. */
import { open, type FileHandle } from 'node:fs/promises';
import { formatCsvRow } from '../readers/write.js';

/**
 * outcomes.csv, built in one reused byte buffer per batch and written with one awaited write: no per-row strings
 * (a 1M-row evaluation made ~6 short-lived strings a row, a large share of its garbage collection).
 */
export class OutcomeWriter {
  private buf = Buffer.allocUnsafe(1 << 18);
  pos = 0;
  private closed = false;
  private constructor(private readonly file: FileHandle) {}
  static async open(path: string, header: string[]): Promise<OutcomeWriter> {
    const w = new OutcomeWriter(await open(path, 'w'));
    w.text(formatCsvRow(header) + '\n');
    await w.flush();
    return w;
  }
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
  async flush(): Promise<void> {
    let off = 0;
    while (off < this.pos) off += (await this.file.write(this.buf, off, this.pos - off)).bytesWritten;
    this.pos = 0;
  }
  /** `complete: false` (a failure) drops the rows of the batch that failed, as a batch is written whole or not at all. */
  async close(complete: boolean): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      if (complete) await this.flush();
    } finally {
      await this.file.close();
    }
  }
}

/** Writes a non-negative integer in decimal at `pos`; returns the end. */
export function putUint(buf: Buffer, pos: number, n: number): number {
  if (n > 0x7fffffff) return pos + buf.write(String(n), pos, 'latin1');
  let digits = 1;
  for (let m = n; m >= 10; m = (m / 10) | 0) digits++;
  const end = pos + digits;
  let p = end;
  do {
    const q = (n / 10) | 0;
    buf[--p] = 48 + n - q * 10;
    n = q;
  } while (n > 0);
  return end;
}

/** Writes `String(Math.round(p * 1e7) / 1e7)` at `pos` (at most 25 bytes); returns the end. */
export function putProb7(buf: Buffer, pos: number, p: number): number {
  const q = Math.round(p * 1e7);
  if (!(q >= 10 && q < 1e7)) return pos + buf.write(String(q / 1e7), pos, 'latin1');
  // The shortest round-trip form of q / 1e7 is q's 7 digits after "0." without trailing zeros.
  let r = q;
  let len = 7;
  while (r % 10 === 0) {
    r /= 10;
    len--;
  }
  buf[pos] = 48;
  buf[pos + 1] = 46;
  const end = pos + 2 + len;
  let at = end;
  for (let i = 0; i < len; i++) {
    const d = r % 10;
    buf[--at] = 48 + d;
    r = (r - d) / 10;
  }
  return end;
}

export function csvCell(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

