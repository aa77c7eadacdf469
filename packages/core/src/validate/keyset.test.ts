import { describe, expect, it } from 'vitest';
import { KeySet } from './keyset.js';

describe('KeySet', () => {
  it('returns 0 for a new key and the first line for a repeat, across growth', () => {
    const keys = new KeySet(4);
    const n = 200_000;
    for (let i = 0; i < n; i++) expect(keys.addOrGet(`k${i}`, i + 2)).toBe(0);
    expect(keys.size).toBe(n);
    for (let i = 0; i < n; i += 997) expect(keys.addOrGet(`k${i}`, 999_999)).toBe(i + 2);
    expect(keys.size).toBe(n);
  });

  it('tells apart keys that share prefixes, differ by one character or only in case', () => {
    const keys = new KeySet();
    const list = ['', 'a', 'aa', 'a\u001fb', 'a\u001f', 'A', 'ab', 'ba', '1', '01', '1.0', '\u{1F600}', 'é', 'e\u0301'];
    list.forEach((k, i) => expect(keys.addOrGet(k, i + 1), JSON.stringify(k)).toBe(0));
    list.forEach((k, i) => expect(keys.addOrGet(k, 100)).toBe(i + 1));
  });
});
