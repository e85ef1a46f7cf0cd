import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { BranchJoiner } from '../../../src/components/joiners/branch-joiner.js';
import { componentFromDict, componentToDict } from '../../../src/core/serialization/component-dict.js';
import { createDefaultRegistry } from '../../../src/serialization/builtins.js';
import { describeInputs, describeOutputs } from '../../../src/core/component/sockets.js';
import { ComponentError, SerializationError } from '../../../src/errors.js';
import { Document } from '../../../src/dataclasses/document.js';

describe('BranchJoiner', () => {
  it('declares a greedy variadic input and an output of the given type', () => {
    const type = z.array(z.string());
    const joiner = new BranchJoiner({ type });
    const [input] = describeInputs(joiner.inputSchemas);
    expect(input).toMatchObject({ name: 'value', variadic: 'greedy', schema: type, isMandatory: true });
    expect(describeOutputs(joiner.outputSchemas)).toEqual([{ name: 'value', schema: type }]);
  });

  it('passes the single received value through, typed', () => {
    const joiner = new BranchJoiner({ type: z.number() });
    const out = joiner.run({ value: [7] });
    expect(out).toEqual({ value: 7 });
    expectTypeOf(out.value).toEqualTypeOf<number>();
    expectTypeOf(joiner.run).parameter(0).toEqualTypeOf<{ value: number[] }>();
  });

  it('refuses zero or several values', () => {
    const joiner = new BranchJoiner({ type: z.number() });
    expect(() => joiner.run({ value: [1, 2] })).toThrow(/expects only one input, but 2 were received/);
    expect(() => joiner.run({ value: [] })).toThrow(ComponentError);
  });

  it('validates its options', () => {
    // @ts-expect-error: the type must be a zod schema
    expect(() => new BranchJoiner({ type: 'list[int]' })).toThrow(/expected 'type' to be a zod schema.*got 'list\[int\]'/);
  });

  it("serializes type as Haystack's type_ string and loads it back", () => {
    const joiner = new BranchJoiner({ type: z.array(z.instanceof(Document)) });
    const dict = componentToDict(joiner, 'joiner');
    expect(dict).toEqual({
      type: 'haystack.components.joiners.branch.BranchJoiner',
      init_parameters: { type_: 'list[haystack.dataclasses.document.Document]' },
    });
    const loaded = componentFromDict(dict, { registry: createDefaultRegistry(), name: 'joiner' }) as BranchJoiner;
    expect(loaded).toBeInstanceOf(BranchJoiner);
    expect(componentToDict(loaded, 'joiner')).toEqual(dict);
    expect(loaded.type.safeParse([new Document({ content: 'x' })]).success).toBe(true);
    expect(loaded.type.safeParse(['x']).success).toBe(false);
  });

  it('cannot serialize a type with no Haystack name', () => {
    const joiner = new BranchJoiner({ type: z.object({ a: z.string() }) });
    expect(() => componentToDict(joiner, 'j')).toThrow(SerializationError);
    expect(() => componentToDict(joiner, 'j')).toThrow(/component 'j'.*'object' schema/s);
  });
});
