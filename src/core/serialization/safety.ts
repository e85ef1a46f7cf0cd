import { DeserializationError } from '../../errors.js';

/**
 * Checks on untrusted serialized data, run before anything is constructed from it.
 *
 * - Keys that can reach an object's prototype (`__proto__`, `constructor`, `prototype`) are refused
 *   anywhere in the tree: later code spreads and merges these objects, and one such key would
 *   poison every object of the process.
 * - Secrets must be environment-variable references (`{ type: env_var, env_vars: [...] }`); a
 *   `{ type: token }` secret or a plain string under a secret-like key (`api_key`, `token`,
 *   `secret`, `password`, a key ending in `_api_key` / `_secret` / `_password`, or `api_token`,
 *   `auth_token`, `access_token`, `bearer_token`, `hf_token`, `azure_ad_token`, `refresh_token`) is
 *   refused, so credentials never live in pipeline files.
 * - Nesting deeper than {@link MAX_DEPTH} is refused (a stack-exhaustion guard).
 */

/** Keys never accepted in serialized data. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Maximum nesting of objects and arrays in serialized data. */
export const MAX_DEPTH = 64;

// Names Haystack gives Secret parameters (`api_key`, `token`, `azure_ad_token`, `hf_token`, ...);
// deliberately not every `*_token` key, since tokenizer settings (`pad_token`) are plain strings.
const SECRET_KEY = /^(api_key|token|secret|password|.+_api_key|.+_secret|.+_password|(api|auth|access|bearer|hf|azure_ad|refresh)_token)$/i;

/** Where in the data a problem is, for messages: the component (if any) and the key path. */
export interface DataLocation {
  readonly component?: string | undefined;
  readonly path: string;
}

function where(location: DataLocation): string {
  return location.component === undefined
    ? `at '${location.path}'`
    : `in component '${location.component}' at '${location.path}'`;
}

/**
 * Throws a {@link DeserializationError} naming the component and the key path if `value` contains
 * a forbidden key, a token secret, a plain-string secret or too deep nesting.
 */
export function assertSafeData(value: unknown, location: DataLocation, depth = 0): void {
  if (depth > MAX_DEPTH) {
    throw new DeserializationError(`loads: data nested deeper than ${MAX_DEPTH} levels ${where(location)}.`, {
      component: location.component,
    });
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => assertSafeData(item, { ...location, path: `${location.path}[${i}]` }, depth + 1));
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  if ((value as Record<string, unknown>)['type'] === 'token' && !('init_parameters' in value)) {
    throw new DeserializationError(
      `loads: a token secret ${where(location)}. Secrets are loaded only as environment-variable references ` +
        `({ type: env_var, env_vars: [NAME], strict: true }).`,
      { component: location.component },
    );
  }
  // Reflect.ownKeys sees `__proto__` own properties that JSON.parse and the YAML parser create.
  for (const key of Reflect.ownKeys(value)) {
    if (typeof key === 'symbol') continue;
    const path = location.path === '' ? key : `${location.path}.${key}`;
    const here = { ...location, path };
    if (FORBIDDEN_KEYS.has(key)) {
      throw new DeserializationError(
        `loads: refusing the key '${key}' ${where(here)}: it could modify object prototypes. Remove it from the data.`,
        { component: location.component },
      );
    }
    const child = (value as Record<string, unknown>)[key];
    if (SECRET_KEY.test(key) && typeof child === 'string' && child !== '') {
      throw new DeserializationError(
        `loads: a plain-text secret ${where(here)}. Secrets are loaded only as environment-variable references ` +
          `({ type: env_var, env_vars: [NAME], strict: true }); put the value in an environment variable.`,
        { component: location.component },
      );
    }
    assertSafeData(child, here, depth + 1);
  }
}
