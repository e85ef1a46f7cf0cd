import { describe, expect, it } from 'vitest';
import { compareCodePoints } from '../../src/python/compare.js';

describe("compareCodePoints: Python's string order", () => {
  it('orders by code point where UTF-16 code units disagree', () => {
    // U+1F600 is a surrogate pair (0xD83D…), which `<` puts before U+FFFD.
    expect('\u{1F600}' < '\uFFFD').toBe(true);
    expect(compareCodePoints('\u{1F600}', '\uFFFD')).toBeGreaterThan(0);
    expect(compareCodePoints('\uFFFD', '\u{1F600}')).toBeLessThan(0);
  });

  it('orders plain text as < does, a prefix first', () => {
    expect(compareCodePoints('a', 'b')).toBeLessThan(0);
    expect(compareCodePoints('ab', 'a')).toBeGreaterThan(0);
    expect(compareCodePoints('same', 'same')).toBe(0);
    expect(compareCodePoints('\u{1F600}', '\u{1F601}')).toBeLessThan(0);
  });
});
