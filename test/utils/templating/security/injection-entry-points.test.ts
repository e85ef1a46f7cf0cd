/**
 * Every entry point that compiles template text refuses the injection probes with a typed error
 * and executes nothing: renderTemplate, PromptBuilder (init and run-time template),
 * ChatPromptBuilder (init string template, run-time template), ConditionalRouter (conditions and
 * outputs), OutputAdapter, and a pipeline loaded with `loads`, both from hostile YAML and run with
 * a hostile run-time template.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ChatPromptBuilder } from '../../../../src/components/builders/chat-prompt-builder.js';
import { PromptBuilder } from '../../../../src/components/builders/prompt-builder.js';
import { OutputAdapter } from '../../../../src/components/converters/output-adapter.js';
import { ConditionalRouter } from '../../../../src/components/routers/conditional-router.js';
import { DeserializationError } from '../../../../src/errors.js';
import { loads } from '../../../../src/serialization/yaml.js';
import { ChatMessage } from '../../../../src/dataclasses/chat-message.js';
import { TemplateError, renderTemplate } from '../../../../src/utils/templating/index.js';
import { PROBES, clearSentinel, sentinelSet } from './probes.js';

afterEach(clearSentinel);

/** The first TemplateError in `error`'s cause chain (components and pipelines wrap it). */
function templateErrorIn(error: unknown): TemplateError | undefined {
  for (let e: unknown = error; e instanceof Error; e = (e as { cause?: unknown }).cause) {
    if (e instanceof TemplateError) return e;
  }
  return undefined;
}

async function refused(attempt: () => unknown): Promise<unknown> {
  let caught: unknown;
  try {
    await attempt();
  } catch (error) {
    caught = error;
  }
  expect(caught, 'the attempt must throw').toBeInstanceOf(Error);
  expect(templateErrorIn(caught), 'a TemplateError must be in the cause chain').toBeDefined();
  expect(sentinelSet(), 'nothing may have been executed').toBe(false);
  return caught;
}

const probes = Object.entries(PROBES);

const PROMPT_BUILDER = 'haystack.components.builders.prompt_builder.PromptBuilder';
const yaml = (template: string): string =>
  `components:\n  prompt_builder:\n    type: ${PROMPT_BUILDER}\n    init_parameters:\n      template: ${JSON.stringify(template)}\nconnections: []\n`;

describe('template injection through every entry point', () => {
  it.each(probes)('renderTemplate refuses %s', async (_n, probe) => {
    await refused(() => renderTemplate(probe, { a: {} }));
  });

  // Constructors compile, runs render: probes that compile to inert code (callName) fail at run.
  it.each(probes)('PromptBuilder refuses %s as its template', async (_n, probe) => {
    await refused(() => new PromptBuilder({ template: probe }).run({ a: {} }));
  });

  it.each(probes)('PromptBuilder refuses %s as a run-time template', async (_n, probe) => {
    const builder = new PromptBuilder({ template: 'Q: {{ a }}' });
    await refused(() => builder.run({ a: 'x', template: probe }));
  });

  it.each(probes)('ChatPromptBuilder refuses %s in a string template', async (_n, probe) => {
    await refused(() => new ChatPromptBuilder({ template: `{% message role="user" %}${probe}{% endmessage %}` }).run({ a: {} }));
  });

  it.each(probes)('ChatPromptBuilder refuses %s in a message template', async (_n, probe) => {
    await refused(() => new ChatPromptBuilder({ template: [ChatMessage.fromUser(probe)] }).run({ a: {} }));
  });

  it.each(probes)('ChatPromptBuilder refuses %s as a run-time template', async (_n, probe) => {
    const builder = new ChatPromptBuilder({ template: [ChatMessage.fromUser('{{ a }}')] });
    await refused(() => builder.run({ a: 'x', template: [ChatMessage.fromUser(probe)] }));
    await refused(() => builder.run({ a: 'x', template: `{% message role="user" %}${probe}{% endmessage %}` }));
  });

  it.each(probes)('ConditionalRouter refuses %s as a condition and as an output', async (_n, probe) => {
    const route = (condition: string, output: string) => ({ condition, output, outputName: 'o', outputType: z.unknown() });
    await refused(() => new ConditionalRouter({ routes: [route(probe, '{{ a }}')] }).run({ a: {} }));
    await refused(() => new ConditionalRouter({ routes: [route('{{ True }}', probe)] }).run({ a: {} }));
  });

  it.each(probes)('OutputAdapter refuses %s', async (_n, probe) => {
    await refused(() => new OutputAdapter({ template: probe, outputType: z.unknown() }).run({ a: {} }));
  });

  it.each(probes)('loads refuses a pipeline whose template is %s', async (_n, probe) => {
    const error = await refused(() => loads(yaml(probe)).run({ prompt_builder: { a: {} } }));
    // Refused while loading, except the probe that compiles to inert code and fails at run.
    if (probe !== PROBES['callName']) expect(error).toBeInstanceOf(DeserializationError);
  });

  it.each(probes)('a loaded pipeline refuses %s as a run-time template', async (_n, probe) => {
    const pipeline = loads(yaml('Q: {{ a }}'));
    await refused(() => pipeline.run({ prompt_builder: { a: 'x', template: probe } }));
  });
});
