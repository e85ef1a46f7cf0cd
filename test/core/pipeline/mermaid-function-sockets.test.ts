import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { OpenAIChatGenerator, Pipeline, Secret, defineComponent, typeName } from '../../../src/index.js';

const Caller = defineComponent({
  name: 'Caller',
  inputs: { callback: z.function({ input: [z.string()], output: z.void() }), hook: z.function().optional() },
  outputs: { done: z.boolean() },
  run: () => ({ done: true }),
});

describe('Mermaid labels of function sockets', () => {
  it("name the generator's streaming callback and tools instead of zod's 'custom'", () => {
    const llm = new OpenAIChatGenerator({ apiKey: Secret.fromToken('sk-test') });
    expect(typeName(llm.inputSchemas.streamingCallback)).toBe('StreamingCallback | undefined');
    expect(typeName(llm.inputSchemas.tools)).toBe('ToolDefinition[] | undefined');
    const text = new Pipeline().addComponent('llm', llm).toMermaid();
    expect(text).toContain('<li>streamingCallback (StreamingCallback | undefined)</li>');
    expect(text).toContain('<li>tools (ToolDefinition[] | undefined)</li>');
    expect(text).not.toContain('custom');
  });

  it('print a function schema as its signature, escaped for the label', () => {
    const text = new Pipeline().addComponent('caller', new Caller()).toMermaid();
    expect(text).toContain('callback<br><small><i>(string) =#gt; void</i></small>');
    expect(text).toContain('<li>hook (Function | undefined)</li>');
  });
});
