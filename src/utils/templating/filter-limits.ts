/**
 * Size checks made before a filter or string method allocates: the ones whose output can be far
 * larger than their input (`center(10**9)`, `indent(10**6)` on many lines, `batch(10**9, 'x')`,
 * `replace('', long)`), so a limit error comes before the memory is spent rather than after.
 * Also a linear `striptags`: nunjucks' regex backtracks quadratically on `<a<a<a...`.
 */
import { checkProjectedLength } from './render-budget.js';

/** Occurrences of `needle` in `haystack` (non-overlapping, as Python counts), stopping past `stopAt`. */
export function countOccurrences(haystack: string, needle: string, stopAt = Infinity): number {
  if (needle === '') return haystack.length + 1;
  let count = 0;
  for (let at = haystack.indexOf(needle); at !== -1 && count <= stopAt; at = haystack.indexOf(needle, at + needle.length)) count++;
  return count;
}

/** Refuses a replace of `old` by `replacement` in `text` whose result would exceed the limit. */
export function checkReplace(text: string, old: string, replacement: string, maxCount: number, what: string): void {
  if (replacement.length <= old.length) return;
  const bound = Math.ceil((Number.MAX_SAFE_INTEGER - text.length) / replacement.length);
  const count = Math.min(countOccurrences(text, old, bound), maxCount < 0 ? Infinity : maxCount);
  checkProjectedLength(text.length + count * (replacement.length - old.length), what);
}

function numberArg(value: unknown, fallback: number): number {
  const n = Number(value ?? fallback);
  return Number.isFinite(n) ? n : Number.MAX_SAFE_INTEGER;
}

function lineCount(text: string): number {
  return countOccurrences(text, '\n') + 1;
}

type Precheck = (value: unknown, args: readonly unknown[]) => void;

/** Filters whose output size depends on an argument, checked against `maxValueLength` first. */
export const FILTER_PRECHECKS: Readonly<Record<string, Precheck>> = {
  center(_value, [width]) {
    checkProjectedLength(numberArg(width, 80), "filter 'center'");
  },
  indent(value, [width]) {
    const text = String(value ?? '');
    checkProjectedLength(text.length + lineCount(text) * Math.max(0, numberArg(width, 4)), "filter 'indent'");
  },
  batch(_value, [lineCountArg]) {
    checkProjectedLength(numberArg(lineCountArg, 1), "filter 'batch'");
  },
  slice(_value, [slices]) {
    checkProjectedLength(numberArg(slices, 1), "filter 'slice'");
  },
  replace(value, [old, replacement, maxCount]) {
    if (typeof value !== 'string' && !(value instanceof String)) return;
    checkReplace(String(value), String(old ?? ''), String(replacement ?? ''), maxCount === undefined ? -1 : numberArg(maxCount, -1), "filter 'replace'");
  },
};

// `/^ +| +$/gm` backtracks quadratically on long runs of spaces; trim each line by hand.
function trimSpaces(line: string): string {
  let start = 0;
  let end = line.length;
  while (start < end && line.charCodeAt(start) === 0x20) start++;
  while (end > start && line.charCodeAt(end - 1) === 0x20) end--;
  return line.slice(start, end);
}

/**
 * nunjucks' `striptags` (tags and `<!-- -->` comments removed, whitespace collapsed), in one pass:
 * a tag is `<`, optional `/`, a letter, letters/digits, then anything up to the next `>`.
 */
export function striptags(input: unknown, preserveLinebreaks?: unknown): string {
  const text = input === null || input === undefined ? '' : String(input);
  let out = '';
  let at = 0;
  let noMoreClose = false;
  while (at < text.length) {
    const open = text.indexOf('<', at);
    if (open === -1 || noMoreClose) break;
    let end = -1;
    if (text.startsWith('<!--', open)) {
      const close = text.indexOf('-->', open + 4);
      end = close === -1 ? -1 : close + 3;
    } else {
      let i = open + 1;
      if (text.charAt(i) === '/') i++;
      if (/[a-z]/i.test(text.charAt(i))) {
        while (/[a-z0-9]/i.test(text.charAt(i))) i++;
        // `\b` after the name: the next character is not a word character.
        if (text.charAt(i) !== '_') {
          const close = text.indexOf('>', i);
          if (close === -1) noMoreClose = true;
          else end = close + 1;
        }
      }
    }
    if (end === -1) {
      out += text.slice(at, open + 1);
      at = open + 1;
    } else {
      out += text.slice(at, open);
      at = end;
    }
  }
  out = (out + text.slice(at)).trim();
  if (preserveLinebreaks) {
    return out
      .split('\n')
      .map(trimSpaces)
      .join('\n')
      .replace(/ +/g, ' ')
      .replace(/\r\n/g, '\n')
      .replace(/\n\n\n+/g, '\n\n');
  }
  return out.replace(/\s+/g, ' ');
}
