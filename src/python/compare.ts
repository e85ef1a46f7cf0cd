/**
 * Python's string order: by code point. JS `<` compares UTF-16 code units, which puts an astral
 * character (a surrogate pair, 0xD800–0xDFFF) before BMP characters above U+DFFF such as U+FFFD.
 */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      const xs = x >= 0xd800 && x <= 0xdfff;
      const ys = y >= 0xd800 && y <= 0xdfff;
      // A surrogate (astral code point) sorts after every BMP code point.
      if (xs !== ys) return xs ? 1 : -1;
      return x - y;
    }
  }
  return a.length - b.length;
}
