/** Secrets cross the serialization boundary only as environment-variable references. */
import { describe, expect, it } from 'vitest';
import { dumps, loads } from '../../../src/serialization/yaml.js';
import { OpenAIChatGenerator, Pipeline, Secret, SerializationError, type AnyComponent } from '../../../src/index.js';

// Through AnyComponent: this file is about the saved form, not the generator's run() typing.
const generator = (apiKey: Secret): AnyComponent => new OpenAIChatGenerator({ apiKey, model: 'gpt-4o-mini' }) as unknown as AnyComponent;

describe('secrets in saved pipelines', () => {
  it('writes an env-var secret as a reference and reads it back as a Secret', () => {
    const pipeline = new Pipeline().addComponent('llm', generator(Secret.fromEnvVar('MY_OPENAI_KEY')));
    const text = dumps(pipeline);
    expect(text).toContain('api_key:\n        env_vars:\n        - MY_OPENAI_KEY\n        strict: true\n        type: env_var');
    const loaded = loads(text).getComponent('llm') as unknown as OpenAIChatGenerator;
    expect(loaded).toBeInstanceOf(OpenAIChatGenerator);
    expect(loaded.apiKey).toBeInstanceOf(Secret);
    expect(loaded.apiKey.toDict()).toEqual({ type: 'env_var', env_vars: ['MY_OPENAI_KEY'], strict: true });
    expect(dumps(loads(text))).toBe(text);
  });

  it('refuses to write a token secret, without printing it', () => {
    const pipeline = new Pipeline().addComponent('llm', generator(Secret.fromToken('sk-very-secret')));
    expect(() => dumps(pipeline)).toThrow(SerializationError);
    expect(() => dumps(pipeline)).toThrow(/'llm'/);
    expect(() => dumps(pipeline)).not.toThrow(/sk-very-secret/);
  });

  it('refuses to read a key written in plain text or as a token', () => {
    const yaml = (apiKey: string) =>
      `components:\n  llm:\n    type: haystack.components.generators.chat.openai.OpenAIChatGenerator\n    init_parameters:\n      model: gpt-4o-mini\n      api_key: ${apiKey}\n`;
    expect(() => loads(yaml('sk-live-abc'))).toThrow(/plain-text secret in component 'llm'/);
    expect(() => loads(yaml('{type: token, token: sk-live-abc, strict: true}'))).toThrow(/token secret in component 'llm'/);
  });
});
