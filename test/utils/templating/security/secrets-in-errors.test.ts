/**
 * A token wrongly carried by YAML or a component dict never appears in an error: not in the
 * message, the cause chain, the stack, String(error) or JSON of the error, wherever the data put it
 * (api_key, http_client_kwargs headers, nested dicts, unknown parameters, connections).
 */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createDefaultRegistry } from '../../../../src/serialization/builtins.js';
import { componentFromDict } from '../../../../src/core/serialization/component-dict.js';
import { pipelineFromDict } from '../../../../src/serialization/pipeline-dict.js';
import { loads } from '../../../../src/serialization/yaml.js';
import { DeserializationError } from '../../../../src/errors.js';
import { Component } from '../../../../src/core/component/component.js';
import { z } from 'zod';

const TOKEN = 'sk-live-0123456789abcdefSECRET';
const GENERATOR = 'haystack.components.generators.chat.openai.OpenAIChatGenerator';
const QUOTER = 'tests.Quoter';

/** The worst case: a constructor whose error (and its cause) quote everything it was given. */
class Quoter extends Component<Record<string, never>, Record<string, never>> {
  static override readonly typeName = QUOTER;
  constructor(options: unknown) {
    const quoted = JSON.stringify(options);
    throw new TypeError(`Quoter: cannot use ${quoted}`, { cause: new Error(`inner: ${quoted}`) });
    super({ inputs: {}, outputs: {} });
  }
  run(): Record<string, never> {
    return {};
  }
}
const registry = () => createDefaultRegistry().register(Quoter);

/** Everything a log line could show of `error`. */
function everythingShown(error: unknown): string {
  const parts: string[] = [inspect(error, { depth: 10 }), String(error)];
  for (let e: unknown = error; e instanceof Error; e = (e as { cause?: unknown }).cause) {
    parts.push(e.message, e.stack ?? '', JSON.stringify(e));
  }
  return parts.join('\n');
}

function thrown(attempt: () => unknown): unknown {
  try {
    attempt();
  } catch (error) {
    return error;
  }
  throw new Error('expected the attempt to throw');
}

const placements: Array<[string, Record<string, unknown>]> = [
  ['api_key', { api_key: TOKEN, model: 'gpt-4o-mini' }],
  ['a nested api_key', { model: 'gpt-4o-mini', generation_kwargs: { provider: { api_key: TOKEN } } }],
  ['an Authorization header', { model: 'gpt-4o-mini', http_client_kwargs: { headers: { Authorization: `Bearer ${TOKEN}` } } }],
  ['an x-api-key header', { model: 'gpt-4o-mini', http_client_kwargs: { headers: { 'x-api-key': TOKEN } } }],
  ['an unknown parameter', { model: 'gpt-4o-mini', unknown_param: TOKEN }],
  ['an unknown nested dict', { model: 'gpt-4o-mini', extra: { deep: [{ value: TOKEN }] } }],
  ['a parameter of any name', { model: TOKEN }],
  ['a short secret under a secret-like key', { http_client_kwargs: { headers: { Authorization: 'abc' } } }],
];

describe('secrets in deserialization errors', () => {
  it.each(placements)('componentFromDict never echoes a token in %s, even when the constructor quotes it', (_where, params) => {
    const error = thrown(() => componentFromDict({ type: QUOTER, init_parameters: params }, { registry: registry(), name: 'llm' }));
    expect(error).toBeInstanceOf(DeserializationError);
    expect((error as Error).message).toMatch(/'llm'/);
    const shown = everythingShown(error);
    expect(shown).not.toContain(TOKEN);
    expect(shown).not.toContain('0123456789abcdef');
    expect(shown).not.toContain('Authorization":"abc');
  });

  it.each(placements)('loads never echoes a token in %s', (_where, params) => {
    const yaml = `components:\n  llm:\n    type: ${QUOTER}\n    init_parameters: ${JSON.stringify(params)}\nconnections: []\n`;
    const error = thrown(() => loads(yaml, { registry: registry() }));
    expect(error).toBeInstanceOf(DeserializationError);
    expect(everythingShown(error)).not.toContain(TOKEN);
  });

  it('names the parameters given, not their values', () => {
    const error = thrown(() =>
      componentFromDict({ type: QUOTER, init_parameters: { model: 'gpt-4o-mini', unknown_param: TOKEN } }, { registry: registry(), name: 'llm' }),
    );
    expect((error as Error).message).toMatch(/init_parameters given: 'model', 'unknown_param'/);
    expect((error as Error).message).toMatch(/Original error: Quoter: cannot use/);
  });

  it('describes malformed pipeline parts by kind, never by value', () => {
    for (const data of [
      { components: TOKEN, connections: [] },
      { components: {}, connections: [{ sender: 1, receiver: TOKEN }] },
      { components: {}, connections: [{ receiver: 'x', extra: TOKEN }] },
      { components: { llm: { type: GENERATOR, init_parameters: TOKEN } }, connections: [] },
      { components: { llm: { type: GENERATOR, init_parameters: { model: 'gpt-4o-mini', generation_kwargs: TOKEN } } }, connections: [] },
    ]) {
      const error = thrown(() => pipelineFromDict(data));
      expect(error).toBeInstanceOf(DeserializationError);
      expect(everythingShown(error)).not.toContain(TOKEN);
    }
  });
});
