import { mkdtempSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rowBoundaryAt } from './range.js';

/** The definition, byte by byte: the first offset ≥ target that follows a line break outside quotes (or the end). */
function reference(bytes: Buffer, target: number): { offset: number; line: number } {
  let inQuote = false;
  let line = 1;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === 0x22) inQuote = !inQuote;
    else if (b === 0x0a || b === 0x0d) {
      const end = b === 0x0d && bytes[i + 1] === 0x0a ? i + 2 : i + 1;
      line++;
      if (!inQuote && end >= target) return { offset: end, line };
      i = end - 1;
    }
  }
  return { offset: bytes.length, line };
}

describe('rowBoundaryAt', () => {
  it('finds the first row boundary at or after any target, with its physical line, whatever the read size', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlci-range-'));
    const piece = fc.constantFrom('a', ',', '"', '""', '\n', '\r\n', '\r', 'xyz');
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 80 }), fc.nat(), fc.integer({ min: 1, max: 9 }), async (parts, t, chunk) => {
        const bytes = Buffer.from(parts.join(''));
        const path = join(dir, 'f.csv');
        writeFileSync(path, bytes);
        const target = bytes.length === 0 ? 0 : 1 + (t % bytes.length);
        const handle = await open(path, 'r');
        try {
          const got = await rowBoundaryAt(handle, bytes.length, target, 0x22, { offset: 0, line: 1 }, chunk);
          const want = target >= bytes.length ? { offset: bytes.length, line: got.line } : reference(bytes, target);
          expect(got.offset).toBe(want.offset);
          if (got.offset < bytes.length) expect(got.line).toBe(want.line);
        } finally {
          await handle.close();
        }
      }),
      { numRuns: 500 },
    );
  });
});
