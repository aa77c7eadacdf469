import { describe, expect, it } from 'vitest';
import { detectPii, ibanValid, luhnValid } from './pii.js';

describe('checksums', () => {
  it('Luhn: published test card numbers pass, a changed last digit fails', () => {
    // Test numbers published by payment processors (Visa, Mastercard, Amex, Discover).
    for (const n of ['4111111111111111', '5555555555554444', '378282246310005', '6011111111111117']) expect(luhnValid(n), n).toBe(true);
    for (const n of ['4111111111111112', '5555555555554445', '378282246310006']) expect(luhnValid(n), n).toBe(false);
  });
  it('IBAN mod 97: the ISO 13616 examples pass, a changed digit fails', () => {
    for (const n of ['GB82 WEST 1234 5698 7654 32', 'DE89370400440532013000', 'FR1420041010050500013M02606']) expect(ibanValid(n), n).toBe(true);
    for (const n of ['GB82 WEST 1234 5698 7654 33', 'DE89370400440532013001', 'GB82']) expect(ibanValid(n), n).toBe(false);
  });
});

describe('detectPii', () => {
  it('finds each kind inside free text', () => {
    expect(detectPii('contact: jane.doe+ml@example.co.uk, thanks')).toBe('email');
    expect(detectPii('card 5555-5555-5555-4444 exp 12/29')).toBe('card');
    expect(detectPii('pay to DE89 3704 0044 0532 0130 00')).toBe('iban');
    expect(detectPii('ssn 078-05-1120')).toBe('ssn');
    expect(detectPii('(206) 555-0143')).toBe('phone');
    expect(detectPii('+1 206 555 0143')).toBe('phone');
    expect(detectPii('206.555.0143')).toBe('phone');
  });
  it('leaves ordinary values alone', () => {
    for (const text of ['rain', '2012-01-01', '2012-01-01T10:00:00Z', '12345678901234', 'order 4111111111111112', '666-12-3456', '000-12-3456', 'v1.2.3', 'GB82 WEST 1234 5698 7654 33', '3.14159265358979', 'x@y']) {
      expect(detectPii(text), text).toBeUndefined();
    }
  });
  it('skips the kind a column is declared to hold', () => {
    expect(detectPii('ada@example.org', 'email')).toBeUndefined();
  });
});
