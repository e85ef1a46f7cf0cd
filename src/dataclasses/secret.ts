/**
 * `Secret` (Haystack's `haystack/utils/auth.py`): an API key read from the environment at use
 * time, or given as a token in code. The value never leaves the object except through
 * `resolveValue()`: `toString`, `util.inspect`, `JSON.stringify` and error messages redact it, and
 * a token secret refuses `toDict()` so it cannot end up in a saved pipeline.
 */
import { inspect } from 'node:util';
import { DeserializationError, HaystackError, SerializationError } from '../errors.js';

/** The two kinds of secret. */
export type SecretType = 'token' | 'env_var';

/** The serialized form of an environment-variable secret. */
export interface EnvVarSecretDict {
  type: 'env_var';
  env_vars: string[];
  strict: boolean;
}

/** Options of {@link Secret.fromEnvVar}. */
export interface EnvVarSecretOptions {
  /**
   * Throw from `resolveValue()` when none of the variables is set.
   * @default true
   */
  readonly strict?: boolean | undefined;
}

/**
 * An API key or other credential.
 *
 * @example
 * const key = Secret.fromEnvVar(['OPENAI_API_KEY']);   // read when the client is created
 * const test = Secret.fromToken('sk-test');            // never serializable
 */
export class Secret {
  readonly type: SecretType;
  readonly #token: string | undefined;
  readonly #envVars: readonly string[];
  readonly #strict: boolean;

  private constructor(type: SecretType, token: string | undefined, envVars: readonly string[], strict: boolean) {
    this.type = type;
    this.#token = token;
    this.#envVars = Object.freeze([...envVars]);
    this.#strict = strict;
  }

  /** A secret holding `token` in memory. It cannot be serialized. */
  static fromToken(token: string): Secret {
    if (typeof token !== 'string') {
      throw new HaystackError(`Secret.fromToken: expected a string token, got ${typeof token}.`);
    }
    if (token.length === 0) throw new HaystackError('Secret.fromToken: the authentication token cannot be empty.');
    return new Secret('token', token, [], true);
  }

  /**
   * A secret read from the first of `envVars` that is set, each time it is resolved.
   * @example Secret.fromEnvVar(['OPENAI_API_KEY'], { strict: false })
   */
  static fromEnvVar(envVars: string | readonly string[], options: EnvVarSecretOptions = {}): Secret {
    const list = typeof envVars === 'string' ? [envVars] : [...envVars];
    if (list.length === 0 || !list.every((v) => typeof v === 'string' && v.length > 0)) {
      throw new HaystackError(
        `Secret.fromEnvVar: expected one or more environment variable names, got ${JSON.stringify(envVars)}.`,
      );
    }
    const strict = options.strict ?? true;
    if (typeof strict !== 'boolean') {
      throw new HaystackError(`Secret.fromEnvVar: expected 'strict' to be a boolean, got ${typeof strict}.`);
    }
    return new Secret('env_var', undefined, list, strict);
  }

  /** The environment variables consulted, in order (empty for a token secret). */
  get envVars(): readonly string[] {
    return this.#envVars;
  }

  /** Whether resolving a missing environment variable throws. */
  get strict(): boolean {
    return this.#strict;
  }

  /**
   * The value: the token, or the first environment variable that is set (an empty string counts as
   * set, as in Python's `os.getenv`). `undefined` when none is set and the secret is not strict.
   */
  resolveValue(): string | undefined {
    if (this.type === 'token') return this.#token;
    for (const name of this.#envVars) {
      const value = process.env[name];
      if (value !== undefined) return value;
    }
    if (this.#strict) {
      throw new HaystackError(
        `Secret.resolveValue: none of the following authentication environment variables are set: ${this.#envVars.join(', ')}. ` +
          'Set one of them or pass the key with Secret.fromToken().',
      );
    }
    return undefined;
  }

  /** `{ type: 'env_var', env_vars, strict }`; a token secret throws a SerializationError. */
  toDict(): EnvVarSecretDict {
    if (this.type === 'token') {
      throw new SerializationError(
        'Secret.toDict: cannot serialize a token-based secret. Use an alternative secret type like environment variables (Secret.fromEnvVar).',
      );
    }
    return { type: 'env_var', env_vars: [...this.#envVars], strict: this.#strict };
  }

  /** Reads `{ type: 'env_var', env_vars, strict }`. Token secrets are refused: they must not be stored. */
  static fromDict(data: unknown): Secret {
    if (typeof data !== 'object' || data === null) {
      throw new DeserializationError(`Secret.fromDict: expected an object, got ${data === null ? 'null' : typeof data}.`);
    }
    const { type, env_vars: envVars, strict } = data as Record<string, unknown>;
    if (type === 'token') {
      throw new DeserializationError(
        'Secret.fromDict: cannot deserialize a token-based secret. Use an alternative secret type like environment variables.',
      );
    }
    if (type !== 'env_var') {
      throw new DeserializationError(`Secret.fromDict: unknown secret type '${String(type)}'; expected 'env_var'.`);
    }
    if (!Array.isArray(envVars) || envVars.length === 0 || !envVars.every((v) => typeof v === 'string')) {
      throw new DeserializationError("Secret.fromDict: expected 'env_vars' to be a non-empty list of variable names.");
    }
    if (strict !== undefined && typeof strict !== 'boolean') {
      throw new DeserializationError(`Secret.fromDict: expected 'strict' to be a boolean, got ${typeof strict}.`);
    }
    return Secret.fromEnvVar(envVars as string[], { strict: strict ?? true });
  }

  /** True for serialized secrets (`{ type: 'env_var' | 'token', ... }`), for deserializers that auto-detect them. */
  static isSecretDict(value: unknown): boolean {
    if (typeof value !== 'object' || value === null) return false;
    const type = (value as { type?: unknown }).type;
    return type === 'env_var' || type === 'token';
  }

  /** Redacted: `JSON.stringify` of an object holding a secret must not leak it, nor throw. */
  toJSON(): Record<string, unknown> {
    return this.type === 'token'
      ? { type: 'token', token: '<redacted>' }
      : { type: 'env_var', env_vars: [...this.#envVars], strict: this.#strict };
  }

  toString(): string {
    return this.type === 'token'
      ? 'Secret(type=token, token=<redacted>)'
      : `Secret(type=env_var, envVars=[${this.#envVars.join(', ')}], strict=${this.#strict})`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

/** True for a {@link Secret} (structural check, so it works across copies of the package). */
export function isSecret(value: unknown): value is Secret {
  return value instanceof Secret;
}
