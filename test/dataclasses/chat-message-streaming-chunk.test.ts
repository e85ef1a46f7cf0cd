import { describe, expect, it } from 'vitest';
import {
  ComponentInfo,
  StreamingChunk,
  selectStreamingCallback,
  toolCallDelta,
} from '../../src/dataclasses/streaming-chunk.js';
import { reasoningContent, toolCall, toolCallResult } from '../../src/dataclasses/chat-message-content.js';
import { HaystackError } from '../../src/errors.js';

describe('StreamingChunk', () => {
  it('serializes all nine keys and round-trips', () => {
    const chunk = new StreamingChunk({
      content: '',
      index: 0,
      toolCalls: [toolCallDelta({ index: 0, toolName: 'search', arguments: '{"q"', id: 'c1' })],
      start: true,
      finishReason: 'tool_calls',
      componentInfo: new ComponentInfo('haystack.components.generators.chat.openai.OpenAIChatGenerator', 'llm'),
      meta: { model: 'm' },
    });
    const dict = chunk.toDict();
    expect(dict).toEqual({
      content: '',
      meta: { model: 'm' },
      component_info: { type: 'haystack.components.generators.chat.openai.OpenAIChatGenerator', name: 'llm' },
      index: 0,
      tool_calls: [{ index: 0, tool_name: 'search', arguments: '{"q"', id: 'c1', extra: null }],
      tool_call_result: null,
      start: true,
      finish_reason: 'tool_calls',
      reasoning: null,
    });
    expect(StreamingChunk.fromDict(JSON.parse(JSON.stringify(dict))).toDict()).toEqual(dict);
  });

  it('round-trips tool results and reasoning', () => {
    const result = toolCallResult('ok', toolCall({ toolName: 't', id: 'x' }));
    const a = new StreamingChunk({ content: '', index: 1, toolCallResult: result });
    expect(StreamingChunk.fromDict(a.toDict()).toolCallResult).toEqual(result);
    const b = new StreamingChunk({ content: '', index: 0, reasoning: reasoningContent('hmm') });
    expect(StreamingChunk.fromDict(b.toDict()).reasoning?.reasoningText).toBe('hmm');
  });

  it('enforces one payload and an index', () => {
    expect(
      () => new StreamingChunk({ content: 'x', index: 0, reasoning: reasoningContent('r') }),
    ).toThrow(/only one of/);
    expect(() => new StreamingChunk({ content: '', reasoning: reasoningContent('r') })).toThrow(/`index` must be set/);
    expect(() => StreamingChunk.fromDict({})).toThrow(/content/);
    expect(() => StreamingChunk.fromDict({ content: '', finish_reason: 'bogus' })).toThrow(/finish_reason/);
  });

  it('selects the runtime callback over the init one', () => {
    const init = (): void => {};
    const runtime = (): void => {};
    expect(selectStreamingCallback(init, runtime)).toBe(runtime);
    expect(selectStreamingCallback(init, undefined)).toBe(init);
    expect(selectStreamingCallback(null, null)).toBeUndefined();
    expect(() => selectStreamingCallback('x' as never, undefined)).toThrow(HaystackError);
  });

  it('builds ComponentInfo from a component', () => {
    const info = ComponentInfo.fromComponent({ typeName: 'T' }, 'name');
    expect(info.toDict()).toEqual({ type: 'T', name: 'name' });
    expect(ComponentInfo.fromDict({ type: 'T' }).name).toBeNull();
    expect(() => ComponentInfo.fromDict({})).toThrow();
  });
});
