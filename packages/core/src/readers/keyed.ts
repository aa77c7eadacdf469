import type { RowSink } from './parser.js';

/**
 * JSON values as cell text: strings as they are, numbers as their JSON text (`String(n)`: 1.0 reads as "1"),
 * booleans as 'true'/'false', null and absent keys as '' (missing), objects and arrays as JSON text.
 * Integers beyond 2^53 lose precision, as they do in JSON.parse (quote them in the file to keep every digit).
 */
export function renderJsonValue(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
      return String(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      return value === null ? '' : JSON.stringify(value);
    default:
      return '';
  }
}

export function describeJsonValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * Turns objects into rows aligned with a header taken from the first object's keys. Later keys are not added to the
 * header (the schema, not the order rows happen to arrive in, decides the columns): each unknown key is reported once,
 * as an `extra-field` issue at the first row that has it.
 */
export class KeyedRows {
  header: string[] | undefined;
  private known = new Set<string>();
  private reported = new Set<string>();

  /** Sets the header read elsewhere (a byte range past the first object). */
  prime(header: string[]): void {
    this.header = header;
    this.known = new Set(header);
  }

  add(obj: Record<string, unknown>, line: number, sink: RowSink): void {
    let header = this.header;
    if (header === undefined) {
      header = this.header = Object.keys(obj);
      this.known = new Set(header);
    }
    const cells = new Array<string>(header.length);
    let present = 0;
    for (let i = 0; i < header.length; i++) {
      const key = header[i]!;
      let value = obj[key];
      // Inherited members (`constructor`, `__proto__`) are not keys of the row.
      if (value !== undefined && typeof value === 'object' && value !== null && !Object.hasOwn(obj, key)) value = undefined;
      else if (typeof value === 'function') value = undefined;
      if (value !== undefined) present++;
      cells[i] = renderJsonValue(value);
    }
    // JSON objects have only own enumerable keys, so more keys than header keys present means extra keys.
    if (ownKeyCount(obj) > present) {
      for (const key of Object.keys(obj)) {
        if (this.known.has(key) || this.reported.has(key)) continue;
        this.reported.add(key);
        sink.issue({ line, code: 'extra-field', field: key, message: `key ${JSON.stringify(key)} is not in the header (the first row's keys); its values are ignored` });
      }
    }
    sink.row(cells, line);
  }
}

function ownKeyCount(obj: object): number {
  let n = 0;
  for (const _key in obj) n++;
  return n;
}
