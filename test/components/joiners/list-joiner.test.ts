import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { ListJoiner } from '../../../src/components/joiners/list-joiner.js';
import { componentFromDict, componentToDict } from '../../../src/core/serialization/component-dict.js';
import { createDefaultRegistry } from '../../../src/serialization/builtins.js';
import { describeInputs } from '../../../src/core/component/sockets.js';
import { ChatMessage } from '../../../src/dataclasses/chat-message.js';

describe('ListJoiner', () => {
  it('flattens the received lists in arrival order, one level deep', () => {
    const joiner = new ListJoiner();
    expect(joiner.run({ values: [[1, 2], [], [[3]], ['a']] })).toEqual({ values: [1, 2, [3], 'a'] });
    expect(describeInputs(joiner.inputSchemas)[0]?.variadic).toBe('lazy');
  });

  it('types its output with listType', () => {
    const joiner = new ListJoiner({ listType: z.array(z.instanceof(ChatMessage)) });
    const out = joiner.run({ values: [[ChatMessage.fromUser('a')], [ChatMessage.fromUser('b')]] });
    expectTypeOf(out.values).toEqualTypeOf<ChatMessage[]>();
    expect(out.values?.map((m) => m.text)).toEqual(['a', 'b']);
  });

  it('serializes list_type_ (null when not given) and round-trips', () => {
    const registry = createDefaultRegistry();
    const plain = componentToDict(new ListJoiner(), 'j');
    expect(plain).toEqual({ type: 'haystack.components.joiners.list_joiner.ListJoiner', init_parameters: { list_type_: null } });
    expect(componentToDict(componentFromDict(plain, { registry }), 'j')).toEqual(plain);
    const typed = componentToDict(new ListJoiner({ listType: z.array(z.instanceof(ChatMessage)) }), 'j');
    expect(typed.init_parameters).toEqual({ list_type_: 'list[haystack.dataclasses.chat_message.ChatMessage]' });
    expect(componentToDict(componentFromDict(typed, { registry }), 'j')).toEqual(typed);
  });

  it('rejects a non-schema listType', () => {
    // @ts-expect-error: must be a zod schema
    expect(() => new ListJoiner({ listType: 'list[str]' })).toThrow(/expected 'listType' to be a zod schema/);
  });
});
