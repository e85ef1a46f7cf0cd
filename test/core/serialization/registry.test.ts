import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BUILTIN_CLASSES, createDefaultRegistry } from '../../../src/serialization/builtins.js';
import { ComponentRegistry } from '../../../src/core/serialization/registry.js';
import { Component, defineComponent } from '../../../src/index.js';
import { ComponentError } from '../../../src/errors.js';

const Echo = defineComponent({ name: 'Echo', inputs: { x: z.string() }, outputs: { x: z.string() }, run: ({ x }) => ({ x }) });

describe('ComponentRegistry', () => {
  it('starts with every library component under its Haystack import path', () => {
    const registry = createDefaultRegistry();
    for (const name of [
      'haystack.components.routers.conditional_router.ConditionalRouter',
      'haystack.components.joiners.branch.BranchJoiner',
      'haystack.components.joiners.list_joiner.ListJoiner',
      'haystack.components.joiners.string_joiner.StringJoiner',
      'haystack.components.joiners.answer_joiner.AnswerJoiner',
      'haystack.components.builders.answer_builder.AnswerBuilder',
      'haystack.components.converters.output_adapter.OutputAdapter',
      'haystack.components.builders.prompt_builder.PromptBuilder',
      'haystack.components.joiners.document_joiner.DocumentJoiner',
    ]) {
      expect(registry.has(name), name).toBe(true);
    }
    // Each class once, plus the Haystack 3.x paths of the two moved embedders (haystack-3x-aliases.ts).
    expect(registry.typeNames()).toHaveLength(BUILTIN_CLASSES.length + 2);
  });

  it('registers user classes by typeName, else class name, with aliases; fresh registries are independent', () => {
    class Custom extends Component<{}, {}> {
      static override readonly typeName = 'my_pkg.Custom';
      constructor() {
        super({ inputs: {}, outputs: {} });
      }
      run() {
        return {};
      }
    }
    const registry = createDefaultRegistry().register(Echo).register(Custom, { aliases: ['old_pkg.Custom'] });
    expect(registry.resolve('Echo')).toBe(Echo);
    expect(registry.resolve('my_pkg.Custom')).toBe(Custom);
    expect(registry.resolve('old_pkg.Custom')).toBe(Custom);
    expect(registry.nameOf(Custom)).toBe('my_pkg.Custom');
    expect(registry.nameOf(class Unregistered {})).toBeUndefined();
    expect(createDefaultRegistry().has('Echo')).toBe(false);
    expect(registry.clone().has('Echo')).toBe(true);
  });

  it('refuses a name taken by another class, and non-classes', () => {
    const Other = defineComponent({ name: 'Echo', inputs: {}, outputs: {}, run: () => ({}) });
    const registry = new ComponentRegistry().register(Echo).register(Echo);
    expect(() => registry.register(Other)).toThrow(/'Echo' is already registered/);
    // @ts-expect-error: not a class
    expect(() => registry.register('Echo')).toThrow(ComponentError);
  });

  it('keeps socket type names and callables by name', () => {
    const fn = (v: unknown) => v;
    const schema = z.string();
    const registry = new ComponentRegistry().registerType('my.T', schema).registerCallable('my.fn', fn);
    expect(registry.types.get('my.T')).toBe(schema);
    expect(registry.callable('my.fn')).toBe(fn);
    expect(registry.callableName(fn)).toBe('my.fn');
    // @ts-expect-error: not a function
    expect(() => registry.registerCallable('x', 1)).toThrow(/expected a function/);
  });

  it('cannot be reached through prototype names', () => {
    const registry = createDefaultRegistry();
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) expect(registry.resolve(name)).toBeUndefined();
  });
});
