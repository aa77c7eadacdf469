/**
 * Personal data in text cells: email addresses, phone numbers, payment card numbers (Luhn-valid), IBANs
 * (ISO 13616 mod-97 valid) and US Social Security numbers. Cheap character tests run first so that ordinary
 * categorical and numeric-looking strings never reach a regular expression.
 */

export type PiiKind = 'email' | 'phone' | 'card' | 'iban' | 'ssn';

export const PII_LABELS: Record<PiiKind, string> = {
  email: 'an email address',
  phone: 'a phone number',
  card: 'a payment card number (Luhn-valid)',
  iban: 'an IBAN (checksum-valid)',
  ssn: 'a US Social Security number',
};

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/;
const SSN = /(?<![\d-])(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\d-])/;
const CARD = /(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)/g;
const IBAN = /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}(?![A-Za-z0-9])/g;
// International (+CC …) or North American ((555) 123-4567, 555-123-4567, 555.123.4567) forms with separators:
// bare digit runs are far more often identifiers than phone numbers.
const PHONE = /(?<![\w+])(?:\+\d{1,3}[ .-]?(?:\(\d{1,4}\)[ .-]?)?\d{1,4}(?:[ .-]\d{2,4}){2,4}|\(\d{3}\) ?\d{3}[ .-]\d{4}|\d{3}[.-]\d{3}[.-]\d{4})(?![\w-])/;

/** Luhn checksum over a string of digits. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** IBAN check: move the first four characters to the end, letters to numbers (A=10…), remainder mod 97 is 1. */
export function ibanValid(iban: string): boolean {
  const s = iban.replace(/ /g, '').toUpperCase();
  if (s.length < 15 || s.length > 34 || !/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(s)) return false;
  const rearranged = s.slice(4) + s.slice(0, 4);
  let rem = 0;
  for (let i = 0; i < rearranged.length; i++) {
    const c = rearranged.charCodeAt(i);
    const v = c >= 65 ? c - 55 : c - 48;
    rem = v >= 10 ? (rem * 100 + v) % 97 : (rem * 10 + v) % 97;
  }
  return rem === 1;
}

// Issuer prefixes of the major card networks (Visa 4, Mastercard 51–55/2221–2720, Amex 34/37, Discover 6011/65/644–649,
// Diners 36/38/300–305, JCB 35, UnionPay 62, Maestro 50/56–58/67): cuts random Luhn-valid digit runs by ~3x.
const CARD_PREFIX = /^(?:4|5[0-8]|2[2-7]|3[4-8]|30[0-5]|6(?:011|2|4[4-9]|5|7))/;

function findCard(text: string): boolean {
  CARD.lastIndex = 0;
  for (let m = CARD.exec(text); m !== null; m = CARD.exec(text)) {
    const digits = m[0].replace(/[ -]/g, '');
    if (digits.length >= 13 && digits.length <= 19 && CARD_PREFIX.test(digits) && luhnValid(digits)) return true;
  }
  return false;
}

function findIban(text: string): boolean {
  IBAN.lastIndex = 0;
  for (let m = IBAN.exec(text); m !== null; m = IBAN.exec(text)) if (ibanValid(m[0])) return true;
  return false;
}

/**
 * The first kind of personal data found in `text`, or undefined. `skip` names a kind the column is declared to hold
 * (an `email`-format field is not warned about emails).
 */
export function detectPii(text: string, skip?: PiiKind): PiiKind | undefined {
  const n = text.length;
  if (n < 6) return undefined;
  // One pass of counting decides which patterns can match at all.
  let digits = 0;
  let at = false;
  let upper = 0;
  let hyphens = 0;
  let separators = 0;
  let phoneMark = false;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    // Lowercase letters (the bulk of categorical text) and everything above them count for no pattern.
    if (c >= 97) continue;
    if (c >= 48 && c <= 57) digits++;
    else if (c >= 65 && c <= 90) upper++;
    else if (c === 64) at = true;
    else if (c === 45) {
      hyphens++;
      separators++;
    } else if (c === 32 || c === 46) separators++;
    else if (c === 43 || c === 40) phoneMark = true;
  }
  if (at && skip !== 'email' && EMAIL.test(text)) return 'email';
  if (digits < 9) return undefined;
  if (digits >= 13 && findCard(text)) return 'card';
  if (upper >= 2 && n >= 15 && findIban(text)) return 'iban';
  if (hyphens >= 2 && SSN.test(text)) return 'ssn';
  if (digits >= 10 && (phoneMark || separators >= 2) && PHONE.test(text)) return 'phone';
  return undefined;
}
