/**
 * Casting a cell's text to its Table Schema type. Casters compile once per field and run per cell, so the common
 * cases (plain decimal numbers, ISO dates, default booleans) are hand-written character loops, not regular expressions.
 *
 * A cast value is a `number` (number, integer, year; date/datetime as epoch ms; time as ms since midnight),
 * a `boolean`, or a `string` (string, any). `undefined` means the text is not a value of the type.
 */
import type { FieldType, SchemaField } from './types.js';
import {
  compileStrptime,
  parseAnyDate,
  parseAnyDateTime,
  parseAnyTime,
  parseIsoDate,
  parseIsoDateTime,
  parseIsoTime,
  type TemporalKind,
} from './temporal.js';

export type CastValue = number | boolean | string;
export type Caster = (text: string) => CastValue | undefined;

export const DEFAULT_TRUE_VALUES = ['true', 'True', 'TRUE', '1'];
export const DEFAULT_FALSE_VALUES = ['false', 'False', 'FALSE', '0'];

/** `[+-]?digits[.digits][e[+-]digits]` or `.digits…`; nothing else (no spaces, hex, `Infinity`). */
export function isPlainDecimal(s: string): boolean {
  const n = s.length;
  let i = 0;
  if (n === 0) return false;
  let c = s.charCodeAt(0);
  if (c === 43 || c === 45) i++;
  let mantissa = 0;
  while (i < n && (c = s.charCodeAt(i)) >= 48 && c <= 57) {
    i++;
    mantissa++;
  }
  if (i < n && s.charCodeAt(i) === 46) {
    i++;
    while (i < n && (c = s.charCodeAt(i)) >= 48 && c <= 57) {
      i++;
      mantissa++;
    }
  }
  if (mantissa === 0) return false;
  if (i < n && ((c = s.charCodeAt(i)) === 101 || c === 69)) {
    i++;
    if (i < n && ((c = s.charCodeAt(i)) === 43 || c === 45)) i++;
    const start = i;
    while (i < n && (c = s.charCodeAt(i)) >= 48 && c <= 57) i++;
    if (i === start) return false;
  }
  return i === n;
}

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/**
 * Checks and converts a plain decimal in one pass; undefined when the text is not one. With at most 15 significant
 * digits and no exponent the value is digits / 10^k, which is exact-then-correctly-rounded (Clinger's fast path), so it
 * equals Number(s); anything longer goes through Number(s).
 */
export function parsePlainDecimal(s: string): number | undefined {
  return parsePlainDecimalAt(s, 0, s.length);
}

/** parsePlainDecimal of s[start, end), without cutting the cell out of its row's text. */
export function parsePlainDecimalAt(s: string, start: number, end: number): number | undefined {
  if (start >= end) return undefined;
  let i = start;
  let c = s.charCodeAt(i);
  const negative = c === 45;
  if (negative || c === 43) i++;
  let mantissa = 0;
  let digits = 0;
  let scale = 0;
  while (i < end && (c = s.charCodeAt(i)) >= 48 && c <= 57) {
    mantissa = mantissa * 10 + (c - 48);
    digits++;
    i++;
  }
  if (i < end && c === 46) {
    i++;
    while (i < end && (c = s.charCodeAt(i)) >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      digits++;
      scale++;
      i++;
    }
  }
  if (digits === 0) return undefined;
  if (i === end) {
    if (digits <= 15) {
      const v = scale === 0 ? mantissa : mantissa / POW10[scale]!;
      return negative ? -v : v;
    }
    return Number(s.slice(start, end));
  }
  const text = s.slice(start, end);
  return isPlainDecimal(text) ? Number(text) : undefined;
}

/** `[+-]?digits` converted in the same pass; undefined when the text is not an integer. */
export function parsePlainInteger(s: string): number | undefined {
  return parsePlainIntegerAt(s, 0, s.length);
}

/** parsePlainInteger of s[start, end). */
export function parsePlainIntegerAt(s: string, start: number, end: number): number | undefined {
  if (start >= end) return undefined;
  let i = start;
  const first = s.charCodeAt(i);
  if (first === 43 || first === 45) i++;
  if (i === end) return undefined;
  let v = 0;
  for (; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
    v = v * 10 + (c - 48);
  }
  // Beyond 2^53 the running sum may round differently from Number's single rounding.
  if (v > 9007199254740991) return Number(s.slice(start, end));
  return first === 45 ? -v : v;
}

/** `[+-]?digits`. */
export function isPlainInteger(s: string): boolean {
  const n = s.length;
  let i = 0;
  if (n === 0) return false;
  const first = s.charCodeAt(0);
  if (first === 43 || first === 45) i++;
  if (i === n) return false;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function numberSpecial(s: string): number | undefined {
  if (s === 'NaN') return NaN;
  if (s === 'INF' || s === '+INF') return Infinity;
  if (s === '-INF') return -Infinity;
  return undefined;
}

/** With `bareNumber: false`, leading and trailing non-numeric text (`$`, `%`, ` EUR`) is dropped. */
function stripNonBare(s: string): string {
  return s.replace(/^[^0-9+\-.,]+/, '').replace(/[^0-9]+$/, (tail) => (/^[.,]/.test(tail) ? tail : ''));
}

function compileNumber(field: SchemaField): Caster {
  const decimalChar = field.decimalChar ?? '.';
  const groupChar = field.groupChar;
  const bare = field.bareNumber !== false;
  if (decimalChar === '.' && groupChar === undefined && bare) {
    return (s) => parsePlainDecimal(s) ?? numberSpecial(s);
  }
  return (s) => {
    let t = bare ? s : stripNonBare(s);
    const special = numberSpecial(t);
    if (special !== undefined) return special;
    if (groupChar !== undefined) t = t.split(groupChar).join('');
    if (decimalChar !== '.') {
      if (t.includes('.')) return undefined;
      t = t.split(decimalChar).join('.');
    }
    return isPlainDecimal(t) ? Number(t) : undefined;
  };
}

function compileInteger(field: SchemaField): Caster {
  const groupChar = field.groupChar;
  const bare = field.bareNumber !== false;
  if (groupChar === undefined && bare) return parsePlainInteger;
  return (s) => {
    let t = bare ? s : stripNonBare(s);
    if (groupChar !== undefined) t = t.split(groupChar).join('');
    return isPlainInteger(t) ? Number(t) : undefined;
  };
}

/** Up to this many true and false texts together, a boolean cast scans them (textIn); past it, it uses Sets. */
export const BOOLEAN_SCAN_MAX = 16;

/** A boolean field's true and false texts, without repeats. */
export function booleanTexts(field: SchemaField): { yes: string[]; no: string[] } {
  return { yes: [...new Set(field.trueValues ?? DEFAULT_TRUE_VALUES)], no: [...new Set(field.falseValues ?? DEFAULT_FALSE_VALUES)] };
}

function compileBoolean(field: SchemaField): Caster {
  const { yes, no } = booleanTexts(field);
  if (yes.length + no.length > BOOLEAN_SCAN_MAX) {
    const yesSet = new Set(yes);
    const noSet = new Set(no);
    return (s) => (yesSet.has(s) ? true : noSet.has(s) ? false : undefined);
  }
  // A cell is a fresh string: a few comparisons beat hashing it for a Set (1M cells: 68 → ~20 ms).
  return (s) => (textIn(yes, s, 0, s.length) ? true : textIn(no, s, 0, s.length) ? false : undefined);
}

/**
 * Whether s[start, end) is one of `list`, without cutting it out of s: length and first character first, then one
 * native comparison. Boolean casts use it on whole cells and, in validation, on cells inside a packed row's text.
 */
export function textIn(list: readonly string[], s: string, start: number, end: number): boolean {
  const n = end - start;
  if (n === 0) return list.includes('');
  const first = s.charCodeAt(start);
  for (let i = 0; i < list.length; i++) {
    const t = list[i]!;
    if (t.length === n && t.charCodeAt(0) === first && (n === 1 || s.indexOf(t, start) === start)) return true;
  }
  return false;
}

function compileTemporal(kind: TemporalKind, format: string | undefined): Caster {
  if (format === undefined || format === 'default') {
    return kind === 'date' ? parseIsoDate : kind === 'time' ? parseIsoTime : parseIsoDateTime;
  }
  if (format === 'any') return kind === 'date' ? parseAnyDate : kind === 'time' ? parseAnyTime : parseAnyDateTime;
  return compileStrptime(format, kind);
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@.]+$/;
const URI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$/;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function compileString(format: string | undefined): Caster {
  switch (format) {
    case 'email':
      return (s) => (EMAIL.test(s) ? s : undefined);
    case 'uri':
      return (s) => (URI.test(s) ? s : undefined);
    case 'uuid':
      return (s) => (UUID.test(s) ? s : undefined);
    case 'binary':
      return (s) => (BASE64.test(s) ? s : undefined);
    default:
      return (s) => s;
  }
}

function compileYear(): Caster {
  return (s) => (isPlainInteger(s) ? Number(s) : undefined);
}

/** The caster of one field; throws an Error with a reason when the field's `format` cannot be compiled. */
export function compileCaster(field: SchemaField): Caster {
  const type: FieldType = field.type ?? 'any';
  let caster: Caster;
  switch (type) {
    case 'string':
      caster = compileString(field.format);
      break;
    case 'number':
      caster = compileNumber(field);
      break;
    case 'integer':
      caster = compileInteger(field);
      break;
    case 'boolean':
      caster = compileBoolean(field);
      break;
    case 'date':
    case 'datetime':
    case 'time':
      caster = compileTemporal(type, field.format);
      break;
    case 'year':
      caster = compileYear();
      break;
    case 'any':
      caster = (s) => s;
      break;
  }
  if (field.categories && field.categories.length > 0 && (type === 'string' || type === 'integer')) {
    const allowed = new Set<CastValue>();
    for (const c of field.categories) {
      const raw = typeof c === 'object' ? c.value : c;
      const v = typeof raw === 'number' ? raw : caster(String(raw));
      if (v !== undefined) allowed.add(v);
    }
    const inner = caster;
    caster = (s) => {
      const v = inner(s);
      return v !== undefined && allowed.has(v) ? v : undefined;
    };
  }
  return caster;
}

/** Casts a constraint value from the schema (a JSON number or a string in the field's lexical form). */
export function castSchemaValue(caster: Caster, type: FieldType, value: unknown): CastValue | undefined {
  if (typeof value === 'number') return type === 'number' || type === 'integer' || type === 'year' ? value : undefined;
  if (typeof value === 'boolean') return type === 'boolean' ? value : undefined;
  if (typeof value === 'string') return caster(value);
  return undefined;
}

/** What the type expects, for messages: "an integer", "a date (YYYY-MM-DD)". */
export function describeType(field: SchemaField): string {
  const type = field.type ?? 'any';
  const format = field.format && field.format !== 'default' ? field.format : undefined;
  switch (type) {
    case 'integer':
      return 'an integer';
    case 'number':
      return 'a number';
    case 'boolean': {
      const yes = field.trueValues ?? DEFAULT_TRUE_VALUES;
      const no = field.falseValues ?? DEFAULT_FALSE_VALUES;
      return `a boolean (${[...yes, ...no].join(', ')})`;
    }
    case 'date':
      return `a date (${format ?? 'YYYY-MM-DD'})`;
    case 'datetime':
      return `a datetime (${format ?? 'YYYY-MM-DDThh:mm:ss[Z]'})`;
    case 'time':
      return `a time (${format ?? 'hh:mm:ss'})`;
    case 'year':
      return 'a year (YYYY)';
    case 'string':
      return format ? `a string in ${format} format` : 'a string';
    case 'any':
      return 'any value';
  }
}
