import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { OutputAdapter } from '../../../src/components/converters/output-adapter.js';
import { OutputAdaptationException } from '../../../src/components/converters/output-adaptation-exception.js';
import { describeInputs, describeOutputs } from '../../../src/core/component/sockets.js';
import { ComponentError } from '../../../src/errors.js';
import { ChatMessage } from '../../../src/dataclasses/chat-message.js';
import { Document } from '../../../src/dataclasses/document.js';

describe('OutputAdapter', () => {
  it('renders the template from its inputs (Haystack docstring example)', () => {
    const adapter = new OutputAdapter({ template: '{{ documents[0].content }}', outputType: z.string() });
    const out = adapter.run({ documents: [new Document({ content: 'Test content' })] });
    expect(out).toEqual({ output: 'Test content' });
    expectTypeOf(out.output).toEqualTypeOf<string>();
  });

  it('derives required inputs from the template, minus {% set %} names', () => {
    const adapter = new OutputAdapter({ template: '{% set sep = ", " %}{{ a }}{{ sep }}{{ b.x }}', outputType: 'str' });
    expect(describeInputs(adapter.inputSchemas).map((s) => [s.name, s.isMandatory])).toEqual([
      ['a', true],
      ['b', true],
    ]);
    expect(describeOutputs(adapter.outputSchemas).map((s) => s.name)).toEqual(['output']);
  });

  it('turns rendered text into values like ast.literal_eval (executed Haystack cases)', () => {
    const adapt = (value: unknown, outputType: z.ZodType | string = z.any()) =>
      new OutputAdapter({ template: '{{ a }}', outputType }).run({ a: value }).output;
    expect(adapt([1, 2])).toEqual([1, 2]);
    expect(adapt('txt')).toBe('txt');
    expect(adapt('1.5')).toBe(1.5);
    expect(adapt({ k: null })).toEqual({ k: null });
    expect(adapt('1.5', 'str')).toBe('1.5');
  });

  it('joins replies into one string, as the feedback-loop scenarios do', () => {
    const adapter = new OutputAdapter({ template: '{{ replies[0].text }}', outputType: z.string() });
    expect(adapter.run({ replies: [ChatMessage.fromAssistant('fix the bug')] }).output).toBe('fix the bug');
  });

  it('returns native values in unsafe mode', () => {
    const docs = [new Document({ content: 'x' })];
    const adapter = new OutputAdapter({ template: '{{ docs }}', outputType: z.array(z.instanceof(Document)), unsafe: true });
    expect(adapter.run({ docs }).output).toBe(docs);
  });

  it('refuses empty input and reports undefined variables like StrictUndefined', () => {
    const adapter = new OutputAdapter({ template: '{{ a }} {{ b }}', outputType: z.string() });
    expect(() => adapter.run({})).toThrow(ComponentError);
    expect(() => adapter.run({})).toThrow(/no input data provided for output adaptation/);
    expect(() => adapter.run({ a: 1 })).toThrow(OutputAdaptationException);
    expect(() => adapter.run({ a: 1 })).toThrow("OutputAdapter: error adapting {{ a }} {{ b }} with {'a': 1}: 'b' is undefined");
  });

  it('wraps render errors, including sandbox violations at run time', () => {
    const adapter = new OutputAdapter({ template: '{{ a[k] }}', outputType: z.any() });
    expect(() => adapter.run({ a: {}, k: 'constructor' })).toThrow(OutputAdaptationException);
  });

  it('validates its options', () => {
    expect(() => new OutputAdapter({ template: '{{ a ', outputType: z.string() })).toThrow(/OutputAdapter: invalid template '\{\{ a '/);
    // @ts-expect-error: template must be a string
    expect(() => new OutputAdapter({ template: 1, outputType: z.string() })).toThrow(/expected 'template' to be a string/);
    expect(() => new OutputAdapter({ template: '{{ a }}', outputType: 'pandas.DataFrame' })).toThrow(/unknown type 'pandas.DataFrame'/);
  });

  it('applies custom filters', () => {
    const adapter = new OutputAdapter({ template: '{{ a|shout }}', outputType: z.string(), customFilters: { shout: (v) => `${String(v)}!` } });
    expect(adapter.run({ a: 'hi' }).output).toBe('hi!');
  });
});
