import { describe, expect, it } from 'vitest';
import { StringJoiner } from '../../../src/components/joiners/string-joiner.js';
import { componentFromDict, componentToDict } from '../../../src/core/serialization/component-dict.js';
import { createDefaultRegistry } from '../../../src/serialization/builtins.js';
import { describeInputs } from '../../../src/core/component/sockets.js';

describe('StringJoiner', () => {
  it('collects the received strings into a new list (lazy variadic)', () => {
    const joiner = new StringJoiner();
    const strings = ['a', 'b'];
    const out = joiner.run({ strings });
    expect(out).toEqual({ strings: ['a', 'b'] });
    expect(out.strings).not.toBe(strings);
    expect(describeInputs(joiner.inputSchemas)[0]?.variadic).toBe('lazy');
  });

  it('serializes with empty init_parameters', () => {
    const dict = componentToDict(new StringJoiner(), 'j');
    expect(dict).toEqual({ type: 'haystack.components.joiners.string_joiner.StringJoiner', init_parameters: {} });
    expect(componentFromDict(dict, { registry: createDefaultRegistry() })).toBeInstanceOf(StringJoiner);
  });
});
