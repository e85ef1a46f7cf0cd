/** Options of OpenAIChatGenerator are validated once, in the constructor: unknown or mistyped ones are typed errors. */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { OpenAIChatGenerator } from '../../../src/components/generators/chat/openai-chat-generator.js';
import { ComponentError } from '../../../src/errors.js';
import { Secret } from '../../../src/dataclasses/secret.js';
import { KEY } from './misbehaving-server-kit.js';

const build = (options: unknown) => () => new OpenAIChatGenerator(options as never);

describe('OpenAIChatGenerator options', () => {
  it('refuses unknown options, naming them and the accepted ones', () => {
    expect(build({ modle: 'gpt-4o' })).toThrow(ComponentError);
    expect(build({ modle: 'gpt-4o' })).toThrow(
      /^OpenAIChatGenerator: unknown option "modle"; expected one of apiKey, model, streamingCallback, .*maxRetryDelay, maxResponseBytes/,
    );
    expect(build({ max_retries: 2 })).toThrow(/unknown option "max_retries"/);
  });

  it('refuses a non-object', () => {
    expect(build(42)).toThrow(/expected an options object, got 42/);
    expect(build([])).toThrow(/expected an options object, got an array/);
  });

  it.each([
    [{ timeout: Infinity }, /expected 'timeout' to be a positive number of seconds, got Infinity/],
    [{ timeout: 0 }, /expected 'timeout' to be a positive number of seconds, got 0/],
    [{ maxRetryDelay: -1 }, /expected 'maxRetryDelay' to be a non-negative number of seconds, got -1/],
    [{ maxRetryDelay: '5' }, /expected 'maxRetryDelay' to be a non-negative number of seconds, got 5/],
    [{ maxResponseBytes: 0 }, /expected 'maxResponseBytes' to be a positive integer, got 0/],
    [{ maxResponseBytes: 1.5 }, /expected 'maxResponseBytes' to be a positive integer, got 1.5/],
  ])('refuses %o with an "expected X, got Y" message', (options, message) => {
    expect(build(options)).toThrow(ComponentError);
    expect(build(options)).toThrow(message);
  });

  it('defaults maxRetryDelay to 60 s and maxResponseBytes to 64 MiB', () => {
    const llm = new OpenAIChatGenerator();
    expect(llm.maxRetryDelay).toBe(60);
    expect(llm.maxResponseBytes).toBe(64 * 1024 * 1024);
  });

  it('serializes maxRetryDelay and maxResponseBytes only when set, and reads them back', () => {
    expect(new OpenAIChatGenerator().toDict().init_parameters).not.toHaveProperty('max_retry_delay');
    const dict = new OpenAIChatGenerator({ maxRetryDelay: 5, maxResponseBytes: 1000 }).toDict();
    expect(dict.init_parameters).toMatchObject({ max_retry_delay: 5, max_response_bytes: 1000 });
    const back = OpenAIChatGenerator.fromDict({ ...dict });
    expect([back.maxRetryDelay, back.maxResponseBytes]).toEqual([5, 1000]);
  });

  it('refuses unknown init parameters when loading', () => {
    expect(() => OpenAIChatGenerator.fromDict({ init_parameters: { modle: 'x' } })).toThrow(/unknown option "modle"/);
  });

  it('never shows the key in toString or inspect', () => {
    const llm = new OpenAIChatGenerator({ apiKey: Secret.fromToken(KEY) });
    expect(String(llm)).not.toContain(KEY);
    expect(inspect(llm, { depth: 5 })).not.toContain(KEY);
  });
});
