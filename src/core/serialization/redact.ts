/**
 * Keeps loaded data out of error messages. A YAML file may wrongly carry a plain token (an API
 * key, an `Authorization: Bearer ...` header inside `http_client_kwargs`, a secret under a key no
 * rule knows), and a constructor's error message may quote what it was given. Errors therefore
 * name parameters and problems, and any credential-like string of the data that still appears in
 * a message (a constructor quoting it) is masked.
 */

/** Keys whose string values are credentials, at any depth (`api_key`, `headers.Authorization`, `x-api-key`). */
const SECRET_LIKE_KEY = /(?:^|[_-])(?:key|token|secret|password|passwd|credentials?|authorization|auth|cookie|bearer)$|^api[_-]?key$/i;
/** Type expressions and dotted names are not credentials and must stay readable ('builtins.eval', 'List[str]'). */
const TYPE_LIKE = /^[A-Za-z_][\w.]*(?:\[[\w.\[\], |]*\])?$/;
const MASK = '***';

/** A string that could be a credential: a scheme-prefixed token, or one word mixing letters and digits. */
function looksLikeCredential(value: string): boolean {
  if (/^(?:bearer|basic|token)\s+\S/i.test(value)) return true;
  if (value.length < 8 || /\s/.test(value)) return false;
  if (TYPE_LIKE.test(value) && !/\d/.test(value)) return false;
  return /[A-Za-z]/.test(value) && /\d/.test(value);
}

function collectStrings(value: unknown, key: string, out: Set<string>, depth = 0): void {
  if (depth > 64) return;
  if (typeof value === 'string') {
    if (value === '') return;
    if (SECRET_LIKE_KEY.test(key) || looksLikeCredential(value)) {
      out.add(value);
      // The token alone too, as a constructor may quote it without its `Bearer ` scheme.
      const token = /^\S+\s+(\S+)$/.exec(value)?.[1];
      if (token !== undefined) out.add(token);
    }
  } else if (Array.isArray(value)) {
    for (const item of value) collectStrings(item, key, out, depth + 1);
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, item] of Object.entries(value)) collectStrings(item, k, out, depth + 1);
  }
}

/**
 * `text` with every string of `data` that is under a credential-like key or looks like a
 * credential replaced by `***`, longest first.
 */
export function maskDataValues(text: string, data: unknown): string {
  const strings = new Set<string>();
  collectStrings(data, '', strings);
  let out = text;
  for (const value of [...strings].sort((a, b) => b.length - a.length)) out = out.split(value).join(MASK);
  return out;
}

/** The error to keep as `cause`: `error` itself unless its message quoted the data, else a masked copy. */
export function maskedCause(error: unknown, data: unknown): unknown {
  if (!(error instanceof Error)) return typeof error === 'string' ? maskDataValues(error, data) : undefined;
  const masked = maskDataValues(error.message, data);
  if (masked === error.message && (error.stack === undefined || maskDataValues(error.stack, data) === error.stack)) return error;
  const copy = new Error(masked);
  copy.name = error.name;
  copy.stack = `${error.name}: ${masked}\n    (stack and cause removed: they quoted the loaded data)`;
  return copy;
}

/** The parameter names of an `init_parameters` mapping, for messages (never the values). */
export function parameterNames(params: unknown): string {
  if (typeof params !== 'object' || params === null || Array.isArray(params)) return 'none';
  const names = Object.keys(params);
  return names.length === 0 ? 'none' : names.map((n) => `'${n}'`).join(', ');
}

/** What kind of value `value` is, for messages (never the value itself). */
export function describeKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `a string of ${value.length} characters`;
  return typeof value;
}
