import { ComponentError, type HaystackError } from '../../errors.js';

/**
 * Every option a constructor knows, as an object so the compiler checks the list is complete:
 * `{ listType: true }` for `ListJoinerOptions`.
 */
export type KnownOptions<T> = { readonly [K in keyof Required<T>]: true };

/**
 * Rejects options the constructor does not know (a typo, a snake_case name, an option of another
 * component), which would otherwise be silently ignored. Non-objects are left to the caller's own
 * "expected an options object" check.
 *
 * @param makeError the error to throw (a document store throws its own family) @default ComponentError
 * @throws ComponentError naming the option, with the closest known one when there is one
 * @example
 * assertKnownOptions(options, { listType: true }, 'ListJoiner');
 */
export function assertKnownOptions<T>(
  options: T,
  known: KnownOptions<T>,
  where: string,
  makeError: (message: string) => HaystackError = (message) => new ComponentError(message),
): void {
  if (typeof options !== 'object' || options === null) return;
  for (const key of Object.keys(options)) {
    if (Object.hasOwn(known, key)) continue;
    const names = Object.keys(known);
    const hint = closest(key, names);
    throw makeError(
      `${where}: unknown option '${key}'.${hint === undefined ? '' : ` Did you mean '${hint}'?`} ` +
        (names.length === 0 ? `${where} takes no options.` : `Known options: ${names.join(', ')}.`),
    );
  }
}

/** The known name a typo most likely meant: same letters ignoring case and `_`, else within 2 edits. */
function closest(key: string, names: readonly string[]): string | undefined {
  const squash = (s: string): string => s.replaceAll('_', '').toLowerCase();
  const exact = names.find((n) => squash(n) === squash(key));
  if (exact !== undefined) return exact;
  let best: string | undefined;
  let bestDistance = 3;
  for (const name of names) {
    const d = editDistance(squash(key), squash(name));
    if (d < bestDistance) [best, bestDistance] = [name, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
