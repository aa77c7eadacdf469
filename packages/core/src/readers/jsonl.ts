import { classify, decode, decodeUtf8, Encoding, isValidUtf8, type Charset } from './decode.js';
import { describeJsonValue, KeyedRows } from './keyed.js';
import { CR, ENCODING_MESSAGE, indexOrEnd, LF, type RecordParser, type RowSink } from './parser.js';

/**
 * JSON Lines / NDJSON: one object per line (LF, CRLF or CR; JSON text cannot hold a raw line break). Blank lines
 * are skipped. The header is the first object's keys and that object is also the first row; see KeyedRows.
 */
export class JsonLinesParser implements RecordParser {
  private line = 1;
  private readonly rows = new KeyedRows();

  constructor(private readonly charset: Charset = 'utf-8') {}

  get header(): string[] | undefined {
    return this.rows.header;
  }

  /** Continues mid-file: the header is known and the next byte starts physical line `line`. */
  resume(header: string[], line: number): void {
    this.rows.prime(header);
    this.line = line;
  }

  parse(buf: Buffer, final: boolean, sink: RowSink): number {
    const len = buf.length;
    const encoding = classify(buf, final, this.charset);
    let pos = 0;
    let nextLF = indexOrEnd(buf, LF, 0);
    let nextCR = indexOrEnd(buf, CR, 0);
    while (pos < len) {
      if (nextLF < pos) nextLF = indexOrEnd(buf, LF, pos);
      if (nextCR < pos) nextCR = indexOrEnd(buf, CR, pos);
      const end = nextLF < nextCR ? nextLF : nextCR;
      let next: number;
      if (end === len) {
        if (!final) break;
        next = len;
      } else if (end === nextCR) {
        if (end + 1 < len) next = buf[end + 1] === LF ? end + 2 : end + 1;
        else if (final) next = len;
        else break;
      } else {
        next = end + 1;
      }
      if (end > pos) this.record(buf, pos, end, encoding, sink);
      this.line++;
      pos = next;
    }
    return pos;
  }

  private record(buf: Buffer, start: number, end: number, encoding: Encoding, sink: RowSink): void {
    let text: string;
    if (encoding === Encoding.Invalid) {
      if (!isValidUtf8(buf, start, end)) sink.issue({ line: this.line, code: 'encoding', message: ENCODING_MESSAGE });
      text = decodeUtf8(buf, start, end);
    } else {
      text = decode(buf, start, end, encoding);
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      if (text.trim() === '') return;
      sink.issue({ line: this.line, code: 'format', message: `not valid JSON (${shortJsonError(err)}); each line must be one JSON object` });
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      sink.issue({ line: this.line, code: 'format', message: `expected a JSON object on this line, found ${describeJsonValue(value)}` });
      return;
    }
    this.rows.add(value as Record<string, unknown>, this.line, sink);
  }
}

/** JSON.parse's message without the echo of the input some engines append. */
export function shortJsonError(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const cut = message.indexOf(', "');
  return (cut > 0 ? message.slice(0, cut) : message).slice(0, 200);
}
