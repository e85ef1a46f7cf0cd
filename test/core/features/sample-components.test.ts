import { describe, expect, expectTypeOf, it } from 'vitest';
import { ComponentError, describeInputs, describeOutputs, type RunInput } from '../../../src/index.js';
import {
  Accumulate,
  AddFixedValue,
  Concatenate,
  Double,
  FixedGenerator,
  FString,
  Greet,
  Hello,
  Parity,
  Remainder,
  Repeat,
  StringJoiner,
  StringListJoiner,
  Subtract,
  Sum,
  TextSplitter,
  Threshold,
  type LogLevel,
} from '../../fixtures/sample-components/index.js';

// The scenarios rely on these fixtures behaving exactly like Haystack's sample components, so each
// behaviour a scenario depends on (defaults, routing, dynamic sockets, state) is pinned here.

describe('sample components', () => {
  it('AddFixedValue adds the constructor value unless the add socket overrides it', () => {
    expect(new AddFixedValue().run({ value: 1 })).toEqual({ result: 2 });
    expect(new AddFixedValue({ add: 3 }).run({ value: 1 })).toEqual({ result: 4 });
    expect(new AddFixedValue({ add: 3 }).run({ value: 1, add: 10 })).toEqual({ result: 11 });
    expect(new AddFixedValue({ add: 3 }).run({ value: 1, add: 0 })).toEqual({ result: 1 });
    expect(describeInputs(new AddFixedValue().inputSchemas).map((s) => [s.name, s.isMandatory])).toEqual([
      ['value', true],
      ['add', false],
    ]);
    expectTypeOf<RunInput<AddFixedValue['inputSchemas']>>().toEqualTypeOf<{ value: number; add?: number | undefined }>();
  });

  it('Double, Subtract, Hello and TextSplitter compute their one result', () => {
    expect(new Double().run({ value: 4 })).toEqual({ value: 8 });
    expect(new Subtract().run({ firstValue: 5, secondValue: 16 })).toEqual({ difference: -11 });
    expect(new Hello().run({ word: 'Alice' })).toEqual({ output: 'Hello, Alice!' });
    expect(new TextSplitter().run({ sentence: '  This is\tthe  greeting ' })).toEqual({
      output: ['This', 'is', 'the', 'greeting'],
    });
    expect(new TextSplitter().run({ sentence: '   ' })).toEqual({ output: [] });
  });

  it('Sum declares a lazy variadic socket and sums it', () => {
    const sum = new Sum();
    expect(describeInputs(sum.inputSchemas)[0]?.variadic).toBe('lazy');
    expect(sum.run({ values: [1, 4] })).toEqual({ total: 5 });
    expect(sum.run({ values: [] })).toEqual({ total: 0 });
  });

  it('Threshold routes below strictly under the threshold, above otherwise, and the socket overrides it', () => {
    const below10 = new Threshold();
    expect(below10.run({ value: 9 })).toEqual({ below: 9 });
    expect(below10.run({ value: 10 })).toEqual({ above: 10 });
    expect(new Threshold({ threshold: 5 }).run({ value: 4 })).toEqual({ below: 4 });
    expect(below10.run({ value: 4, threshold: 3 })).toEqual({ above: 4 });
  });

  it('Parity routes even and odd values, negative ones included', () => {
    const parity = new Parity();
    expect(parity.run({ value: 2 })).toEqual({ even: 2 });
    expect(parity.run({ value: 3 })).toEqual({ odd: 3 });
    expect(parity.run({ value: -3 })).toEqual({ odd: -3 });
    expect(parity.run({ value: 0 })).toEqual({ even: 0 });
  });

  it('Remainder declares one output per remainder and routes to the matching one', () => {
    const remainder = new Remainder({ divisor: 3 });
    expect(describeOutputs(remainder.outputSchemas).map((s) => s.name)).toEqual([
      'remainderIs0',
      'remainderIs1',
      'remainderIs2',
    ]);
    expect(remainder.run({ value: 4 })).toEqual({ remainderIs1: 4 });
    expect(remainder.run({ value: -1 })).toEqual({ remainderIs2: -1 });
    expect(new Remainder().divisor).toBe(3);
    expect(() => new Remainder({ divisor: 0 })).toThrow(ComponentError);
    expect(() => new Remainder({ divisor: 0 })).toThrow(/Remainder: expected 'divisor' to be a positive integer, got 0/);
  });

  it('Repeat declares the given outputs and sends the value to each', () => {
    const repeat = new Repeat({ outputs: ['first', 'second'] });
    expect(Object.keys(repeat.outputSchemas)).toEqual(['first', 'second']);
    expect(repeat.run({ value: 7 })).toEqual({ first: 7, second: 7 });
    expect(() => new Repeat({ outputs: [] })).toThrow(ComponentError);
  });

  it('Accumulate keeps state across runs and accepts a custom function', () => {
    const accumulate = new Accumulate();
    expect(accumulate.run({ value: 4 })).toEqual({ value: 4 });
    expect(accumulate.run({ value: 4 })).toEqual({ value: 8 });
    const product = new Accumulate({ fn: (state, value) => (state === 0 ? value : state * value) });
    product.run({ value: 3 });
    expect(product.run({ value: 5 })).toEqual({ value: 15 });
  });

  it('Concatenate joins strings and lists in any combination', () => {
    const concatenate = new Concatenate();
    expect(concatenate.run({ first: 'a', second: 'b' })).toEqual({ value: ['a', 'b'] });
    expect(concatenate.run({ first: ['a', 'b'], second: 'c' })).toEqual({ value: ['a', 'b', 'c'] });
    expect(concatenate.run({ first: 'a', second: ['b', 'c'] })).toEqual({ value: ['a', 'b', 'c'] });
    expect(concatenate.run({ first: ['a'], second: ['b'] })).toEqual({ value: ['a', 'b'] });
  });

  it('StringJoiner joins with spaces; StringListJoiner flattens one level', () => {
    expect(describeInputs(new StringJoiner().inputSchemas)[0]?.variadic).toBe('lazy');
    expect(new StringJoiner().run({ inputStr: ['a', 'b'] })).toEqual({ output: 'a b' });
    expect(new StringListJoiner().run({ inputs: [['foo', 'bar'], ['baz']] })).toEqual({ output: ['foo', 'bar', 'baz'] });
  });

  it('FString declares one mandatory socket per variable plus an optional template', () => {
    const fstring = new FString({ template: 'This is the greeting: {greeting}!', variables: ['greeting'] });
    expect(describeInputs(fstring.inputSchemas).map((s) => [s.name, s.isMandatory])).toEqual([
      ['template', false],
      ['greeting', true],
    ]);
    expect(fstring.run({ greeting: 'Hello, Alice!' })).toEqual({ string: 'This is the greeting: Hello, Alice!!' });
    expect(fstring.run({ greeting: 'Hi', template: 'Received: {greeting}' })).toEqual({ string: 'Received: Hi' });
    expect(() => fstring.run({ template: '{missing}', greeting: 'x' })).toThrow(/no input named 'missing'/);
    expect(() => new FString({ template: '', variables: ['template'] })).toThrow(/'template' is reserved/);
  });

  it('Greet logs the formatted message at the chosen level and passes the value through', () => {
    const logged: Array<[LogLevel, string]> = [];
    const greet = new Greet({ message: 'Hello, the value is {value}.', log: (level, message) => logged.push([level, message]) });
    expect(greet.run({ value: 1 })).toEqual({ value: 1 });
    expect(greet.run({ value: 2, message: 'Bye {value}', logLevel: 'DEBUG' })).toEqual({ value: 2 });
    expect(logged).toEqual([
      ['INFO', 'Hello, the value is 1.'],
      ['DEBUG', 'Bye 2'],
    ]);
    expect(() => greet.run({ value: 1, logLevel: 'LOUD' })).toThrow(/expected a log level/);
    // @ts-expect-error: not a level
    expect(() => new Greet({ logLevel: 'LOUD' })).toThrow(ComponentError);
  });

  it('FixedGenerator replies from its script in order and starts over', () => {
    const generator = new FixedGenerator({ replies: ['one', 'two'] });
    expect([1, 2, 3].map(() => generator.run({ prompt: 'p' }).replies)).toEqual([['one'], ['two'], ['one']]);
    expect(() => new FixedGenerator({ replies: [] })).toThrow(ComponentError);
  });
});
