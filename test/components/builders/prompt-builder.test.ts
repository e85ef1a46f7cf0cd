import { afterEach, beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import { PromptBuilder } from '../../../src/components/builders/prompt-builder.js';
import { describeInputs } from '../../../src/core/component/sockets.js';
import { ComponentError, PipelineValidationError } from '../../../src/errors.js';
import { setLogger, type Logger } from '../../../src/core/logger.js';
import { defaultToDict } from '../../../src/core/serialization/component-dict.js';
import { TemplateError, TemplateSecurityError } from '../../../src/utils/templating/index.js';

let warnings: string[];
let previous: Logger;
beforeEach(() => {
  warnings = [];
  previous = setLogger({ warn: (m) => warnings.push(m) });
});
afterEach(() => setLogger(previous));

describe('PromptBuilder', () => {
  it('turns template variables into optional sockets (default "") plus template and templateVariables', () => {
    const builder = new PromptBuilder({ template: 'Q: {{ query }} {% for d in documents %}{{ d.content }}{% endfor %}' });
    expect(builder.variables).toEqual(['query', 'documents']);
    const inputs = describeInputs(builder.inputSchemas);
    expect(inputs.map((i) => [i.name, i.isMandatory, i.defaultValue])).toEqual([
      ['query', false, ''],
      ['documents', false, ''],
      ['template', false, undefined],
      ['templateVariables', false, undefined],
    ]);
    expect(builder.run({ query: 'why', documents: [{ content: 'a' }, { content: 'b' }] })).toEqual({ prompt: 'Q: why ab' });
    expect(builder.run({})).toEqual({ prompt: 'Q:  ' });
  });

  it('warns once at construction when variables exist and requiredVariables is unset', () => {
    new PromptBuilder({ template: '{{ a }}{{ b }}' });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^PromptBuilder has 2 prompt variables, but `requiredVariables` is not set/);
    new PromptBuilder({ template: '{{ a }}', requiredVariables: [] });
    new PromptBuilder({ template: 'no variables' });
    expect(warnings).toHaveLength(1);
  });

  it('makes listed or all ("*") variables mandatory and names the missing ones', () => {
    const builder = new PromptBuilder({ template: '{{ a }}{{ b }}', requiredVariables: ['b'] });
    expect(describeInputs(builder.inputSchemas).filter((i) => i.isMandatory).map((i) => i.name)).toEqual(['b']);
    expect(() => builder.run({ a: 1 })).toThrow(PipelineValidationError);
    expect(() => builder.run({ a: 1 })).toThrow(/missing required input variables: b\. Required variables: \[b\]/);
    expect(builder.run({ b: 2 })).toEqual({ prompt: '2' });
    const all = new PromptBuilder({ template: '{{ z }}{{ a }}', requiredVariables: '*' });
    expect(() => all.run({})).toThrow(/missing required input variables: z, a\. Required variables: \[a, z\]/);
    let caught: unknown;
    try {
      all.run({}, { signal: new AbortController().signal, componentName: 'pb' });
    } catch (error) {
      caught = error;
    }
    expect((caught as PipelineValidationError).component).toBe('pb');
  });

  it('lets templateVariables override sockets and satisfy required variables', () => {
    const builder = new PromptBuilder({ template: '{{ a }}-{{ b }}', requiredVariables: ['b'] });
    expect(builder.run({ a: 'x', templateVariables: { a: 'y', b: 'z' } })).toEqual({ prompt: 'y-z' });
  });

  it('renders a runtime template without re-analysing it', () => {
    const builder = new PromptBuilder({ template: '{{ a }}', requiredVariables: [] });
    expect(builder.run({ a: 'A', template: 'other {{ a }} {{ c }}', templateVariables: { c: 'C' } })).toEqual({ prompt: 'other A C' });
    expect(() => builder.run({ template: '{{ x.constructor }}' })).toThrow(TemplateSecurityError);
    expect(() => builder.run({ template: '{% if %}' })).toThrow(TemplateError);
  });

  it('uses the variables option instead of inferring', () => {
    const builder = new PromptBuilder({ template: '{{ a }}', variables: ['a', 'extra'], requiredVariables: [] });
    expect(builder.variables).toEqual(['a', 'extra']);
    expect(Object.keys(builder.inputSchemas)).toEqual(['a', 'extra', 'template', 'templateVariables']);
  });

  it('validates options and template syntax at construction', () => {
    expect(() => new PromptBuilder({ template: 3 as never })).toThrow(ComponentError);
    expect(() => new PromptBuilder({ template: '{{ x }' })).toThrow(TemplateError);
    expect(() => new PromptBuilder({ template: '{{ template }}' })).toThrow(/clashes/);
    expect(() => new PromptBuilder({ template: '{{ a }}', requiredVariables: 'a' as never })).toThrow(/'requiredVariables'/);
    expect(() => new PromptBuilder({ template: '{{ a.constructor }}' })).toThrow(TemplateSecurityError);
  });

  it('serializes in Haystack layout', () => {
    const builder = new PromptBuilder({ template: 'Hi {{ a }}', requiredVariables: ['a'] });
    expect(defaultToDict(PromptBuilder.typeName, builder.initParameters)).toEqual({
      type: 'haystack.components.builders.prompt_builder.PromptBuilder',
      init_parameters: { template: 'Hi {{ a }}', variables: null, required_variables: ['a'] },
    });
  });

  it('types its output', () => {
    const builder = new PromptBuilder({ template: 'x', requiredVariables: [] });
    expectTypeOf(builder.run({})).toEqualTypeOf<{ prompt: string }>();
  });
});
