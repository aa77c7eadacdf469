import { describe, expect, it } from 'vitest';
import { TextMemo } from './memo.js';

describe('TextMemo', () => {
  it('finds a value by the characters of a cell inside a longer text, and shares one string for it', () => {
    const memo = new TextMemo();
    const row = 'berlin,rome,berlin';
    expect(memo.lookup(row, 0, 6)).toBe(-1);
    const e = memo.add(row.slice(0, 6));
    expect(memo.values[e]).toBe('berlin');
    expect(memo.lookup(row, 7, 11)).toBe(-1);
    memo.add(row.slice(7, 11));
    expect(memo.lookup(row, 12, 18)).toBe(e);
    expect(memo.lookup('berlinx', 0, 7)).toBe(-1);
    expect(memo.lookup('xberlin', 1, 7)).toBe(e);
    expect(memo.lookup('', 0, 0)).toBe(-1);
  });

  it('holds CAPACITY values, then refuses more, still finding the ones it holds', () => {
    const memo = new TextMemo();
    for (let i = 0; i < TextMemo.CAPACITY; i++) {
      const v = `v${i}`;
      expect(memo.lookup(v, 0, v.length)).toBe(-1);
      expect(memo.add(v)).toBe(i);
    }
    expect(memo.lookup('new', 0, 3)).toBe(-1);
    expect(memo.add('new')).toBe(-1);
    for (let i = 0; i < TextMemo.CAPACITY; i++) expect(memo.lookup(`v${i}`, 0, `v${i}`.length)).toBe(i);
  });
});

describe('TextMemo with values that share their length and sampled characters', () => {
  it('still tells them apart, and reports itself crowded as they make lookups probe on', () => {
    const memo = new TextMemo();
    // Same length, first two, middle and last two characters: one hash for all 200.
    const same = Array.from({ length: 200 }, (_, i) => `ab${String(i).padStart(3, '0')}c${String(i).padStart(3, '0')}yz`);
    for (const v of same.slice(0, 50)) {
      expect(memo.lookup(v, 0, v.length)).toBe(-1);
      memo.add(v);
    }
    expect(memo.crowded).toBe(false);
    for (const v of same.slice(50)) {
      expect(memo.lookup(v, 0, v.length)).toBe(-1);
      memo.add(v);
    }
    same.forEach((v, i) => expect(memo.lookup(`-${v}-`, 1, v.length + 1)).toBe(i));
    expect(memo.crowded).toBe(true);
  });
});
