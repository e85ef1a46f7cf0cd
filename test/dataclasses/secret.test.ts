import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { Secret } from '../../src/dataclasses/secret.js';
import { DeserializationError, HaystackError, SerializationError } from '../../src/errors.js';

const VAR_A = 'HAYSTACK_TS_TEST_SECRET_A';
const VAR_B = 'HAYSTACK_TS_TEST_SECRET_B';

afterEach(() => {
  delete process.env[VAR_A];
  delete process.env[VAR_B];
});

describe('Secret.fromEnvVar', () => {
  it('resolves the first variable that is set, at resolve time', () => {
    const secret = Secret.fromEnvVar([VAR_A, VAR_B]);
    process.env[VAR_B] = 'b-value';
    expect(secret.resolveValue()).toBe('b-value');
    process.env[VAR_A] = '';
    expect(secret.resolveValue()).toBe('');
  });

  it('throws when strict and nothing is set; returns undefined otherwise', () => {
    expect(() => Secret.fromEnvVar(VAR_A).resolveValue()).toThrow(new RegExp(`variables are set: ${VAR_A}`));
    expect(Secret.fromEnvVar(VAR_A, { strict: false }).resolveValue()).toBeUndefined();
  });

  it('serializes in Haystack layout and round-trips', () => {
    const dict = Secret.fromEnvVar(['OPENAI_API_KEY'], { strict: false }).toDict();
    expect(dict).toEqual({ type: 'env_var', env_vars: ['OPENAI_API_KEY'], strict: false });
    const back = Secret.fromDict(dict);
    expect(back.envVars).toEqual(['OPENAI_API_KEY']);
    expect(back.strict).toBe(false);
    expect(Secret.fromDict({ type: 'env_var', env_vars: ['X'] }).strict).toBe(true);
  });

  it('rejects bad arguments', () => {
    expect(() => Secret.fromEnvVar([])).toThrow(HaystackError);
    expect(() => Secret.fromEnvVar([''])).toThrow(/environment variable names/);
  });
});

describe('Secret.fromToken', () => {
  const token = 'sk-very-secret-123';

  it('resolves the token', () => {
    expect(Secret.fromToken(token).resolveValue()).toBe(token);
    expect(() => Secret.fromToken('')).toThrow(/cannot be empty/);
  });

  it('never shows the token', () => {
    const secret = Secret.fromToken(token);
    const views = [
      String(secret),
      `${secret}`,
      inspect(secret),
      inspect({ nested: { secret } }, { depth: 5, showHidden: true }),
      JSON.stringify({ secret }),
    ];
    for (const view of views) expect(view).not.toContain(token);
    expect(Object.keys(secret).join()).not.toContain(token);
    expect(Object.values(secret).join()).not.toContain(token);
  });

  it('refuses to serialize, and serialized token secrets are refused', () => {
    const secret = Secret.fromToken(token);
    expect(() => secret.toDict()).toThrow(SerializationError);
    try {
      secret.toDict();
    } catch (error) {
      expect(String((error as Error).message)).not.toContain(token);
    }
    expect(() => Secret.fromDict({ type: 'token', token })).toThrow(DeserializationError);
    expect(() => Secret.fromDict({ type: 'other' })).toThrow(/unknown secret type/);
    expect(() => Secret.fromDict(null)).toThrow(DeserializationError);
    expect(() => Secret.fromDict({ type: 'env_var', env_vars: [] })).toThrow(DeserializationError);
  });

  it('detects serialized secrets', () => {
    expect(Secret.isSecretDict({ type: 'env_var', env_vars: ['X'], strict: true })).toBe(true);
    expect(Secret.isSecretDict({ type: 'x.Y' })).toBe(false);
  });
});
