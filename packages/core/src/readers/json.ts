import { classify, decode, decodeUtf8, Encoding, isValidUtf8, type Charset } from './decode.js';
import { shortJsonError } from './jsonl.js';
import { describeJsonValue, KeyedRows, renderJsonValue } from './keyed.js';
import { CR, ENCODING_MESSAGE, LF, type RecordParser, type RowSink } from './parser.js';

const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const SPACE = 0x20;
const TAB = 0x09;

const Phase = { Start: 0, Between: 1, Element: 2, Done: 3, NotArray: 4 } as const;
type Phase = (typeof Phase)[keyof typeof Phase];

/**
 * One JSON array streamed element by element: `[{…}, {…}]` (Frictionless "keyed": header = the first object's keys,
 * see KeyedRows) or `[[…], […]]` (the first array is the header). A small scanner finds where each element ends
 * (tracking depth and strings), so only the elements of one read are parsed at a time, whatever the file size.
 */
export class JsonArrayParser implements RecordParser {
  private phase: Phase = Phase.Start;
  private line = 1;
  private prevCR = false;
  /** Scan state of an element cut by the end of a buffer; the next buffer starts at the element's first byte. */
  private scanned = 0;
  private depth = 0;
  private inString = false;
  private elementLine = 1;
  private kind: 'keyed' | 'arrays' | undefined;
  private readonly keyed = new KeyedRows();
  private arrayHeader: string[] | undefined;
  private encoding: Encoding = Encoding.Ascii;
  /** Elements found in the current buffer and not parsed yet: byte ranges and start lines. */
  private runStarts: number[] = [];
  private runEnds: number[] = [];
  private runLines: number[] = [];

  constructor(private readonly charset: Charset = 'utf-8') {}

  get header(): string[] | undefined {
    return this.kind === 'arrays' ? this.arrayHeader : this.keyed.header;
  }

  parse(buf: Buffer, final: boolean, sink: RowSink): number {
    this.encoding = classify(buf, final, this.charset);
    const used = this.scan(buf, final, sink);
    this.flush(buf, sink);
    return used;
  }

  private scan(buf: Buffer, final: boolean, sink: RowSink): number {
    const len = buf.length;
    let elementStart = 0;
    let i = 0;
    if (this.phase === Phase.Element) {
      i = this.scanned;
      if (this.inString) {
        const close = stringEnd(buf, i, 0);
        if (close < 0) return this.suspend(buf, 0, final, sink);
        this.inString = false;
        i = close + 1;
      }
    }
    for (; i < len; i++) {
      const b = buf[i]!;
      if (b === LF) {
        if (!this.prevCR) this.line++;
        this.prevCR = false;
        continue;
      }
      if (b === CR) {
        this.line++;
        this.prevCR = true;
        continue;
      }
      this.prevCR = false;
      switch (this.phase) {
        case Phase.Element:
          if (b === QUOTE) {
            const close = stringEnd(buf, i + 1, elementStart);
            if (close < 0) {
              this.inString = true;
              return this.suspend(buf, elementStart, final, sink);
            }
            i = close;
          } else if (b === OPEN_BRACE || b === OPEN_BRACKET) {
            this.depth++;
          } else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) {
            if (--this.depth === 0) {
              this.runStarts.push(elementStart);
              this.runEnds.push(i + 1);
              this.runLines.push(this.elementLine);
              this.phase = Phase.Between;
            }
          }
          break;
        case Phase.Between:
          if (b === SPACE || b === TAB || b === COMMA) break;
          if (b === CLOSE_BRACKET) {
            this.phase = Phase.Done;
            break;
          }
          elementStart = i;
          this.elementLine = this.line;
          if (b === OPEN_BRACE || b === OPEN_BRACKET) {
            this.phase = Phase.Element;
            this.depth = 1;
            break;
          }
          {
            const end = scalarEnd(buf, i);
            if (end < 0 || (end === len && !final)) {
              if (end < 0 && final) return this.truncated(buf, sink);
              return elementStart; // short; rescanned with the next chunk
            }
            this.flush(buf, sink);
            sink.issue({ line: this.line, code: 'format', message: `expected an object or an array as array element, found ${describeScalar(buf, i, end)}` });
            i = end - 1;
          }
          break;
        case Phase.Start:
          if (b === SPACE || b === TAB) break;
          if (b === OPEN_BRACKET) {
            this.phase = Phase.Between;
            break;
          }
          this.phase = Phase.NotArray;
          sink.issue({
            line: this.line,
            code: 'format',
            message: `expected a JSON array of objects ([{…}, …]) or of arrays, found ${b === OPEN_BRACE ? 'an object' : 'other JSON'}; for one object per line, name the file .jsonl`,
          });
          return len;
        case Phase.Done:
          if (b === SPACE || b === TAB) break;
          this.flush(buf, sink);
          sink.issue({ line: this.line, code: 'format', message: 'unexpected text after the end of the JSON array' });
          this.phase = Phase.NotArray;
          return len;
        default:
          return len;
      }
    }
    if (this.phase === Phase.Element) return this.suspend(buf, elementStart, final, sink);
    if (final && this.phase === Phase.Between) {
      this.flush(buf, sink);
      sink.issue({ line: this.line, code: 'format', message: 'the JSON array is not closed with ]; is the file truncated?' });
    }
    return len;
  }

  /** Keeps an incomplete element for the next buffer, or reports it at the end of the file. */
  private suspend(buf: Buffer, elementStart: number, final: boolean, sink: RowSink): number {
    if (final) return this.truncated(buf, sink);
    this.scanned = buf.length - elementStart;
    return elementStart;
  }

  private truncated(buf: Buffer, sink: RowSink): number {
    this.flush(buf, sink);
    sink.issue({ line: this.elementLine, code: 'format', message: 'the file ends inside this array element; is it truncated?' });
    this.phase = Phase.NotArray;
    return buf.length;
  }

  /**
   * Parses the elements found so far in `buf`. One JSON.parse over the whole run (it is `elem, elem, …`) costs far
   * less than one per element; any doubt (bad bytes, a malformed element) falls back to one at a time.
   */
  private flush(buf: Buffer, sink: RowSink): void {
    const count = this.runStarts.length;
    if (count === 0) return;
    const { runStarts: starts, runEnds: ends, runLines: lines, encoding } = this;
    this.runStarts = [];
    this.runEnds = [];
    this.runLines = [];
    if (count > 1 && encoding !== Encoding.Invalid) {
      let values: unknown;
      try {
        values = JSON.parse(`[${decode(buf, starts[0]!, ends[count - 1]!, encoding)}]`);
      } catch {
        values = undefined;
      }
      if (Array.isArray(values) && values.length === count) {
        for (let i = 0; i < count; i++) this.accept(values[i], lines[i]!, sink);
        return;
      }
    }
    for (let i = 0; i < count; i++) this.element(buf, starts[i]!, ends[i]!, lines[i]!, sink);
  }

  private element(buf: Buffer, start: number, end: number, line: number, sink: RowSink): void {
    let text: string;
    if (this.encoding === Encoding.Invalid) {
      if (!isValidUtf8(buf, start, end)) sink.issue({ line, code: 'encoding', message: ENCODING_MESSAGE });
      text = decodeUtf8(buf, start, end);
    } else {
      text = decode(buf, start, end, this.encoding);
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      sink.issue({ line, code: 'format', message: `not valid JSON (${shortJsonError(err)})` });
      return;
    }
    this.accept(value, line, sink);
  }

  private accept(value: unknown, line: number, sink: RowSink): void {
    const isArray = Array.isArray(value);
    if (this.kind === undefined) this.kind = isArray ? 'arrays' : 'keyed';
    if (this.kind === 'arrays') {
      if (!isArray) {
        sink.issue({ line, code: 'format', message: `expected an array like the first element, found ${describeJsonValue(value)}` });
        return;
      }
      const cells = (value as unknown[]).map(renderJsonValue);
      if (this.arrayHeader === undefined) this.arrayHeader = cells;
      else sink.row(cells, line);
      return;
    }
    if (isArray) {
      sink.issue({ line, code: 'format', message: 'expected an object like the first element, found an array' });
      return;
    }
    this.keyed.add(value as Record<string, unknown>, line, sink);
  }
}

/** Index of the quote closing a string whose content starts at `from`, or -1 when not in `buf`. */
function stringEnd(buf: Buffer, from: number, lowerBound: number): number {
  let q = buf.indexOf(QUOTE, from);
  while (q >= 0) {
    let backslashes = 0;
    for (let k = q - 1; k >= lowerBound && buf[k] === BACKSLASH; k--) backslashes++;
    if ((backslashes & 1) === 0) return q;
    q = buf.indexOf(QUOTE, q + 1);
  }
  return -1;
}

/** End of a scalar array element (number, string, literal), or -1 when a string in it is not closed in `buf`. */
function scalarEnd(buf: Buffer, from: number): number {
  if (buf[from] === QUOTE) {
    const close = stringEnd(buf, from + 1, from);
    return close < 0 ? -1 : close + 1;
  }
  let i = from;
  while (i < buf.length) {
    const b = buf[i];
    if (b === COMMA || b === CLOSE_BRACKET || b === SPACE || b === TAB || b === LF || b === CR) break;
    i++;
  }
  return i;
}

function describeScalar(buf: Buffer, start: number, end: number): string {
  const text = buf.toString('utf8', start, Math.min(end, start + 40));
  try {
    return describeJsonValue(JSON.parse(buf.toString('utf8', start, end)));
  } catch {
    return JSON.stringify(text);
  }
}
