import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { ChatMessage } from '../../src/dataclasses/chat-message.js';
import {
  imageContent,
  reasoningContent,
  textContent,
  toolCall,
} from '../../src/dataclasses/chat-message-content.js';
import { DeserializationError, HaystackError } from '../../src/errors.js';

describe('ChatMessage factories and getters', () => {
  it('builds user, system, assistant and tool messages', () => {
    const user = ChatMessage.fromUser('hi', { name: 'bob', meta: { a: 1 } });
    expect(user.role).toBe('user');
    expect(user.text).toBe('hi');
    expect(user.texts).toEqual(['hi']);
    expect(user.name).toBe('bob');
    expect(user.meta).toEqual({ a: 1 });
    expect(user.isFrom('user')).toBe(true);

    const system = ChatMessage.fromSystem('be nice');
    expect(system.role).toBe('system');
    expect(system.meta).toEqual({});
    expect(system.name).toBeNull();

    const call = toolCall({ toolName: 'search', arguments: { q: 'x' }, id: 'c1' });
    const assistant = ChatMessage.fromAssistant('ans', { toolCalls: [call], reasoning: 'think' });
    expect(assistant.content.map((p) => p.type)).toEqual(['reasoning', 'text', 'tool_call']);
    expect(assistant.toolCall).toEqual(call);
    expect(assistant.reasoning?.reasoningText).toBe('think');

    const onlyTools = ChatMessage.fromAssistant(null, { toolCalls: [call] });
    expect(onlyTools.text).toBeUndefined();
    expect(ChatMessage.fromAssistant().length).toBe(0);

    const tool = ChatMessage.fromTool('result', call, { error: true });
    expect(tool.role).toBe('tool');
    expect(tool.toolCallResult).toMatchObject({ result: 'result', origin: call, error: true });
  });

  it('accepts content parts for user messages and rejects bad parts', () => {
    const img = imageContent({ base64Image: 'AAAA', mimeType: 'image/png' });
    const msg = ChatMessage.fromUser(['look', img]);
    expect(msg.texts).toEqual(['look']);
    expect(msg.image).toEqual(img);
    expect(() => ChatMessage.fromUser([])).toThrow(/at least one content part/);
    expect(() => ChatMessage.fromUser([reasoningContent('x') as never])).toThrow(HaystackError);
  });

  it('types its getters', () => {
    const m = ChatMessage.fromUser('x');
    expectTypeOf(m.text).toEqualTypeOf<string | undefined>();
    expectTypeOf(m.texts).toEqualTypeOf<string[]>();
    expect(z.instanceof(ChatMessage).safeParse(m).success).toBe(true);
    expect(z.instanceof(ChatMessage).safeParse({ role: 'user' }).success).toBe(false);
  });
});

describe('ChatMessage serialization (Haystack 2.31 layout)', () => {
  it('writes the documented layout', () => {
    const msg = ChatMessage.fromAssistant('ans', {
      meta: { model: 'm' },
      toolCalls: [toolCall({ toolName: 't', arguments: { x: 'é' }, id: 'call_1' })],
      reasoning: 'think',
    });
    expect(msg.toDict()).toEqual({
      role: 'assistant',
      meta: { model: 'm' },
      name: null,
      content: [
        { reasoning: { reasoning_text: 'think', extra: {} } },
        { text: 'ans' },
        { tool_call: { tool_name: 't', arguments: { x: 'é' }, id: 'call_1', extra: null } },
      ],
    });
    expect(JSON.parse(JSON.stringify(msg))).toEqual(msg.toDict());
  });

  it('round-trips every part type', () => {
    const call = toolCall({ toolName: 't', arguments: { a: [1, 2] }, id: 'c', extra: { k: 1 } });
    const messages = [
      ChatMessage.fromUser(['a', imageContent({ base64Image: 'QQ==', detail: 'low' })], { name: 'n' }),
      ChatMessage.fromSystem('s'),
      ChatMessage.fromAssistant('x', { toolCalls: [call] }),
      ChatMessage.fromTool([textContent('r')], call),
      ChatMessage.fromTool('plain', call, { meta: { m: true } }),
    ];
    for (const m of messages) {
      const back = ChatMessage.fromDict(JSON.parse(JSON.stringify(m.toDict())));
      expect(back.equals(m)).toBe(true);
      expect(back.toDict()).toEqual(m.toDict());
    }
  });

  it('reads the pre-2.9 and 2.9–2.12 layouts', () => {
    expect(ChatMessage.fromDict({ role: 'user', content: 'old', meta: {}, name: null }).text).toBe('old');
    const legacy = ChatMessage.fromDict({ _role: 'assistant', _content: [{ text: 'mid' }], _name: 'x', _meta: { k: 1 } });
    expect(legacy.role).toBe('assistant');
    expect(legacy.text).toBe('mid');
    expect(legacy.name).toBe('x');
    expect(legacy.meta).toEqual({ k: 1 });
  });

  it('rejects bad input with DeserializationError', () => {
    expect(() => ChatMessage.fromDict({ content: [] })).toThrow(/`role` field is required/);
    expect(() => ChatMessage.fromDict({ role: 'robot', content: [] })).toThrow(/unknown chat role 'robot'/);
    expect(() => ChatMessage.fromDict({ role: 'user', content: [{ video: {} }] })).toThrow(/unsupported content part/);
    expect(() => ChatMessage.fromDict({ role: 'user', content: 3 })).toThrow(DeserializationError);
    expect(() => ChatMessage.fromDict({ role: 'user' })).toThrow(/missing 'content'/);
  });

  it('compares by value', () => {
    expect(ChatMessage.fromUser('a').equals(ChatMessage.fromUser('a'))).toBe(true);
    expect(ChatMessage.fromUser('a').equals(ChatMessage.fromUser('a', { meta: { x: 1 } }))).toBe(false);
    expect(ChatMessage.fromUser('a').equals(ChatMessage.fromSystem('a'))).toBe(false);
  });
});
