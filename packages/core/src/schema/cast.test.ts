import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileCaster, isPlainDecimal, isPlainInteger, parsePlainDecimal, parsePlainInteger } from './cast.js';
import { compileStrptime, formatTemporal, parseIsoDate, parseIsoDateTime, parseIsoTime } from './temporal.js';
import type { SchemaField } from './types.js';

const cast = (field: Partial<SchemaField>, text: string) => compileCaster({ name: 'x', ...field })(text);

describe('number and integer casting (Table Schema v2 lexical forms)', () => {
  it('accepts plain decimals and exponents, rejects what Number() would wrongly accept', () => {
    for (const ok of ['0', '-1', '+2.5', '.5', '5.', '1e3', '1.5E-7', '-0.0']) expect(isPlainDecimal(ok), ok).toBe(true);
    for (const bad of ['', ' 1', '1 ', '0x1F', 'Infinity', '1_000', '1e', 'e3', '.', '-', '1.2.3', '0b1']) expect(isPlainDecimal(bad), bad).toBe(false);
    for (const ok of ['0', '-12', '+7', '007']) expect(isPlainInteger(ok), ok).toBe(true);
    for (const bad of ['', '1.0', '1e3', '+', ' 1', '12a']) expect(isPlainInteger(bad), bad).toBe(false);
  });

  it('the one-pass decimal and integer parsers equal Number() on every plain form (property test)', () => {
    const digits = fc.stringMatching(/^[0-9]{0,25}$/);
    const decimal = fc
      .tuple(fc.constantFrom('', '+', '-'), digits, fc.constantFrom('', '.'), digits, fc.constantFrom('', 'e5', 'E-3', 'e+20'))
      .map(([sign, a, dot, b, exp]) => `${sign}${a}${dot}${dot ? b : ''}${exp}`);
    fc.assert(
      fc.property(decimal, (text) => {
        const expected = isPlainDecimal(text) ? Number(text) : undefined;
        expect(Object.is(parsePlainDecimal(text), expected), text).toBe(true);
      }),
      { numRuns: 20_000 },
    );
    fc.assert(
      fc.property(fc.tuple(fc.constantFrom('', '+', '-'), digits), ([sign, a]) => {
        const text = sign + a;
        const expected = isPlainInteger(text) ? Number(text) : undefined;
        expect(Object.is(parsePlainInteger(text), expected), text).toBe(true);
      }),
      { numRuns: 20_000 },
    );
    for (const text of ['0.1', '0.3', '123456789.123456', '9007199254740993', '-9007199254740993', '1.7976931348623157e308', '.000000000000001']) {
      expect(parsePlainDecimal(text), text).toBe(Number(text));
    }
  });

  it('casts numbers, including NaN and ±INF', () => {
    expect(cast({ type: 'number' }, '3.25')).toBe(3.25);
    expect(cast({ type: 'number' }, 'NaN')).toBeNaN();
    expect(cast({ type: 'number' }, 'INF')).toBe(Infinity);
    expect(cast({ type: 'number' }, '-INF')).toBe(-Infinity);
    expect(cast({ type: 'number' }, 'n/a')).toBeUndefined();
    expect(cast({ type: 'integer' }, '42')).toBe(42);
    expect(cast({ type: 'integer' }, '4.0')).toBeUndefined();
    expect(cast({ type: 'integer' }, 'NaN')).toBeUndefined();
  });

  it('honours decimalChar, groupChar and bareNumber', () => {
    expect(cast({ type: 'number', decimalChar: ',', groupChar: '.' }, '1.234.567,89')).toBe(1234567.89);
    expect(cast({ type: 'number', decimalChar: ',' }, '1.5')).toBeUndefined();
    expect(cast({ type: 'integer', groupChar: ',' }, '1,000,000')).toBe(1_000_000);
    expect(cast({ type: 'number', bareNumber: false }, '$125.50')).toBe(125.5);
    expect(cast({ type: 'number', bareNumber: false }, '95%')).toBe(95);
    expect(cast({ type: 'integer', bareNumber: false }, '€ 300')).toBe(300);
    expect(cast({ type: 'number' }, '$125.50')).toBeUndefined();
  });
});

describe('boolean casting', () => {
  it('uses the v2 default true/false values', () => {
    for (const t of ['true', 'True', 'TRUE', '1']) expect(cast({ type: 'boolean' }, t)).toBe(true);
    for (const f of ['false', 'False', 'FALSE', '0']) expect(cast({ type: 'boolean' }, f)).toBe(false);
    expect(cast({ type: 'boolean' }, 'yes')).toBeUndefined();
  });
  it('uses custom trueValues/falseValues', () => {
    const f = { type: 'boolean' as const, trueValues: ['yes', 'Y'], falseValues: ['no', 'N'] };
    expect(cast(f, 'Y')).toBe(true);
    expect(cast(f, 'no')).toBe(false);
    expect(cast(f, 'true')).toBeUndefined();
  });
  it('takes long trueValues/falseValues lists too (looked up in a Set)', () => {
    const trueValues = Array.from({ length: 12 }, (_, i) => `t${i}`);
    const falseValues = Array.from({ length: 12 }, (_, i) => `f${i}`);
    const f = { type: 'boolean' as const, trueValues, falseValues };
    expect(cast(f, 't11')).toBe(true);
    expect(cast(f, 'f0')).toBe(false);
    expect(cast(f, 'true')).toBeUndefined();
  });
});

describe('temporal casting', () => {
  it('parses ISO dates by hand, rejecting impossible days', () => {
    // Reference: Date.UTC(2012, 1, 29) = 1330473600000 (2012 is a leap year).
    expect(parseIsoDate('2012-02-29')).toBe(Date.UTC(2012, 1, 29));
    expect(parseIsoDate('2013-02-29')).toBeUndefined();
    expect(parseIsoDate('2000-02-29')).toBe(Date.UTC(2000, 1, 29));
    expect(parseIsoDate('1900-02-29')).toBeUndefined();
    expect(parseIsoDate('2012-07-32')).toBeUndefined();
    expect(parseIsoDate('2012-13-01')).toBeUndefined();
    expect(parseIsoDate('2012-1-01')).toBeUndefined();
    expect(parseIsoDate('0050-06-01')).toBe(new Date('0050-06-01T00:00:00Z').getTime());
  });

  it('parses every day of 1899–2201 (the month table and both sides of it) and rejects days 0 and 29–32 where impossible', () => {
    const pad = (n: number, w: number) => String(n).padStart(w, '0');
    let checked = 0;
    for (let y = 1899; y <= 2201; y++) {
      for (let m = 1; m <= 12; m++) {
        for (let d = 0; d <= 32; d++) {
          if (d > 1 && d < 28) continue;
          const ms = Date.UTC(y, m - 1, d);
          const real = d >= 1 && new Date(ms).getUTCMonth() === m - 1;
          expect(parseIsoDate(`${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`)).toBe(real ? ms : undefined);
          checked++;
        }
      }
    }
    expect(checked).toBe(303 * 12 * 7);
  });

  it('parses ISO datetimes with fractions and zones, and times', () => {
    expect(parseIsoDateTime('2024-01-26T15:00:00')).toBe(Date.UTC(2024, 0, 26, 15));
    expect(parseIsoDateTime('2024-01-26T15:00:00Z')).toBe(Date.UTC(2024, 0, 26, 15));
    expect(parseIsoDateTime('2024-01-26T15:00:00.300-05:00')).toBe(Date.UTC(2024, 0, 26, 20, 0, 0, 300));
    expect(parseIsoDateTime('2000-01-01T08:00:00.000Z')).toBe(Date.UTC(2000, 0, 1, 8));
    expect(parseIsoDateTime('2024-01-26 15:00:00')).toBeUndefined();
    expect(parseIsoDateTime('2024-01-26T25:00:00')).toBeUndefined();
    expect(parseIsoTime('13:45:10')).toBe(((13 * 60 + 45) * 60 + 10) * 1000);
    expect(parseIsoTime('13:45')).toBeUndefined();
    expect(parseIsoTime('13:61:00')).toBeUndefined();
  });

  it('compiles strftime patterns', () => {
    expect(compileStrptime('%d/%m/%Y', 'date')('31/01/2015')).toBe(Date.UTC(2015, 0, 31));
    expect(compileStrptime('%m/%d/%Y', 'date')('02/30/2015')).toBeUndefined();
    expect(compileStrptime('%b %d %Y', 'date')('Jun 12 1998')).toBe(Date.UTC(1998, 5, 12));
    expect(compileStrptime('%Y/%m/%d %H:%M', 'datetime')('2001/01/01 00:47')).toBe(Date.UTC(2001, 0, 1, 0, 47));
    expect(compileStrptime('%I:%M %p', 'time')('07:30 PM')).toBe(((19 * 60 + 30) * 60) * 1000);
    expect(compileStrptime('%Y-%m-%dT%H:%M:%S%z', 'datetime')('2020-03-01T10:00:00+0100')).toBe(Date.UTC(2020, 2, 1, 9));
    expect(() => compileStrptime('%Q', 'date')).toThrow(/unknown directive '%Q'/);
  });

  it('format any is lenient', () => {
    expect(cast({ type: 'date', format: 'any' }, 'Jan 1 2000')).toBe(Date.UTC(2000, 0, 1));
    expect(cast({ type: 'datetime', format: 'any' }, '2001/01/01 00:47')).toBe(Date.UTC(2001, 0, 1, 0, 47));
    expect(cast({ type: 'time', format: 'any' }, '7:05 pm')).toBe(((19 * 60 + 5) * 60) * 1000);
    expect(cast({ type: 'date', format: 'any' }, 'not a date')).toBeUndefined();
  });

  it('renders epoch values back to ISO text', () => {
    expect(formatTemporal(Date.UTC(2012, 4, 28), 'date')).toBe('2012-05-28');
    expect(formatTemporal(Date.UTC(2012, 4, 28, 6, 30), 'datetime')).toBe('2012-05-28T06:30:00Z');
    expect(formatTemporal(3_600_000, 'time')).toBe('01:00:00');
  });
});

describe('string formats, year, any, categories', () => {
  it('checks email, uri, uuid', () => {
    expect(cast({ type: 'string', format: 'email' }, 'ada@example.org')).toBe('ada@example.org');
    expect(cast({ type: 'string', format: 'email' }, 'ada@example')).toBeUndefined();
    expect(cast({ type: 'string', format: 'email' }, 'a b@example.org')).toBeUndefined();
    expect(cast({ type: 'string', format: 'uri' }, 'https://example.org/x?y=1')).toBe('https://example.org/x?y=1');
    expect(cast({ type: 'string', format: 'uri' }, 'example.org')).toBeUndefined();
    expect(cast({ type: 'string', format: 'uuid' }, '123e4567-e89b-12d3-a456-426614174000')).toBeDefined();
    expect(cast({ type: 'string', format: 'uuid' }, '123e4567-e89b-12d3-a456-42661417400')).toBeUndefined();
  });
  it('year is an integer, any accepts everything', () => {
    expect(cast({ type: 'year' }, '2024')).toBe(2024);
    expect(cast({ type: 'year' }, '2024.5')).toBeUndefined();
    expect(cast({ type: 'any' }, '¯\\_(ツ)_/¯')).toBe('¯\\_(ツ)_/¯');
    expect(cast({}, 'x')).toBe('x');
  });
  it('categories restrict string and integer values', () => {
    expect(cast({ type: 'string', categories: ['a', 'b'] }, 'b')).toBe('b');
    expect(cast({ type: 'string', categories: ['a', 'b'] }, 'c')).toBeUndefined();
    expect(cast({ type: 'integer', categories: [{ value: 0, label: 'zero' }, { value: 1 }] }, '1')).toBe(1);
    expect(cast({ type: 'integer', categories: [{ value: 0, label: 'zero' }, { value: 1 }] }, '2')).toBeUndefined();
  });
});
