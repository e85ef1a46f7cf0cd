import { describe, expect, it } from 'vitest';
import {
  messageFromChunks,
  repliesFromCompletion,
  streamingChunkFrom,
  toOpenAIMessage,
} from '../../../src/components/generators/chat/openai-conversion.js';
import { ChatMessage } from '../../../src/dataclasses/chat-message.js';
import { fileContent, imageContent, reasoningContent, textContent, toolCall } from '../../../src/dataclasses/chat-message-content.js';
import { ComponentInfo } from '../../../src/dataclasses/streaming-chunk.js';

const warnings: string[] = [];
const logger = { warn: (m: string) => warnings.push(m) };

describe('ChatMessage → OpenAI message', () => {
  it('matches Haystack for each role', () => {
    const call = toolCall({ toolName: 't', arguments: { x: 'é' }, id: 'c1' });
    expect(toOpenAIMessage(ChatMessage.fromSystem('sys'))).toEqual({ role: 'system', content: 'sys' });
    expect(toOpenAIMessage(ChatMessage.fromUser('u', { name: 'n' }))).toEqual({ role: 'user', name: 'n', content: 'u' });
    expect(toOpenAIMessage(ChatMessage.fromAssistant('a', { toolCalls: [call], reasoning: 'hidden' }))).toEqual({
      role: 'assistant',
      content: 'a',
      tool_calls: [{ type: 'function', function: { name: 't', arguments: '{"x": "é"}' }, id: 'c1' }],
    });
    expect(toOpenAIMessage(ChatMessage.fromTool('res', call))).toEqual({ role: 'tool', content: 'res', tool_call_id: 'c1' });
    expect(toOpenAIMessage(ChatMessage.fromTool([textContent('a'), textContent('b')], call))).toEqual({
      role: 'tool',
      content: [
        { type: 'text', text: 'a' },
        { type: 'text', text: 'b' },
      ],
      tool_call_id: 'c1',
    });
  });

  it('writes multimodal user content as a list', () => {
    const msg = ChatMessage.fromUser([
      'look',
      imageContent({ base64Image: 'AAA', detail: 'low' }),
      fileContent({ base64Data: 'BBB', filename: 'a.pdf' }),
    ]);
    expect(toOpenAIMessage(msg)).toEqual({
      role: 'user',
      content: [
        { type: 'text', text: 'look' },
        { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,AAA', detail: 'low' } },
        { type: 'file', file: { file_data: 'data:application/pdf;base64,BBB', filename: 'a.pdf' } },
      ],
    });
  });

  it('refuses empty messages and tool calls without ids', () => {
    expect(() => toOpenAIMessage(ChatMessage.fromAssistant())).toThrow(/at least one/);
    expect(() => toOpenAIMessage(ChatMessage.fromAssistant(null, { reasoning: reasoningContent('r') }))).toThrow(/at least one/);
    const noId = toolCall({ toolName: 't' });
    expect(() => toOpenAIMessage(ChatMessage.fromAssistant(null, { toolCalls: [noId] }))).toThrow(/non-null `id`/);
    expect(() => toOpenAIMessage(ChatMessage.fromTool('r', noId))).toThrow(/non-null `id`/);
  });
});

describe('OpenAI completion → replies', () => {
  it('builds one reply per choice with Haystack meta, skipping malformed tool arguments', () => {
    warnings.length = 0;
    const usage = { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3, completion_tokens_details: null };
    const replies = repliesFromCompletion(
      {
        model: 'm',
        usage,
        choices: [
          { index: 0, finish_reason: 'stop', message: { content: 'hi' } },
          {
            index: 1,
            finish_reason: 'tool_calls',
            message: {
              content: null,
              tool_calls: [
                { id: 'a', type: 'function', function: { name: 'ok', arguments: '{"q": 1}' } },
                { id: 'b', type: 'function', function: { name: 'bad', arguments: '{nope' } },
                { id: 'c', type: 'custom' },
              ],
            },
          },
        ],
      },
      logger,
    );
    expect(replies[0]?.text).toBe('hi');
    expect(replies[0]?.meta).toEqual({ model: 'm', index: 0, finish_reason: 'stop', usage });
    expect(replies[1]?.text).toBeUndefined();
    expect(replies[1]?.toolCalls).toEqual([toolCall({ toolName: 'ok', arguments: { q: 1 }, id: 'a' })]);
    expect(warnings[0]).toMatch(/malformed JSON/);
  });
});

describe('streamed chunks', () => {
  const info = new ComponentInfo('T', 'llm');

  it('converts role, content, finish and usage chunks as Haystack does', () => {
    const c0 = streamingChunkFrom({ model: 'm', choices: [{ index: 0, delta: { role: 'assistant', content: '' } }] }, 0, info);
    const c1 = streamingChunkFrom({ model: 'm', choices: [{ index: 0, delta: { content: 'Hel' } }] }, 1, info);
    const c2 = streamingChunkFrom({ model: 'm', choices: [{ index: 0, delta: { content: 'lo' } }] }, 2, info);
    const c3 = streamingChunkFrom({ model: 'm', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }, 3, info);
    const c4 = streamingChunkFrom({ model: 'm', choices: [], usage: { total_tokens: 3 } }, 4, info);
    expect([c0, c1, c2, c3, c4].map((c) => [c.content, c.index, c.start, c.finishReason])).toEqual([
      ['', null, false, null],
      ['Hel', 0, true, null],
      ['lo', 0, false, null],
      ['', null, false, 'stop'],
      ['', null, false, null],
    ]);
    expect(c1.componentInfo).toBe(info);
    expect(c4.meta['usage']).toEqual({ total_tokens: 3 });
    const reply = messageFromChunks([c0, c1, c2, c3, c4], logger);
    expect(reply.text).toBe('Hello');
    expect(reply.meta).toMatchObject({ model: 'm', index: 0, finish_reason: 'stop', usage: { total_tokens: 3 } });
    expect(reply.meta['completion_start_time']).toBe(c0.meta['received_at']);
  });

  it('accumulates tool call deltas by index, mapping function_call to tool_calls', () => {
    const d = (index: number, fn: { name?: string; arguments?: string }, id?: string) =>
      streamingChunkFrom({ model: 'm', choices: [{ index: 0, delta: { tool_calls: [{ index, id: id ?? null, function: fn }] } }] }, 1, null);
    const chunks = [
      d(1, { name: 'second', arguments: '' }, 'id2'),
      d(0, { name: 'first', arguments: '{"a"' }, 'id1'),
      d(0, { arguments: ': 1}' }),
      d(1, { arguments: '{}' }),
      streamingChunkFrom({ model: 'm', choices: [{ index: 0, delta: {}, finish_reason: 'function_call' }] }, 5, null),
    ];
    expect(chunks[0]?.start).toBe(true);
    expect(chunks[2]?.start).toBe(false);
    const reply = messageFromChunks(chunks, logger);
    expect(reply.text).toBeUndefined();
    expect(reply.toolCalls).toEqual([
      toolCall({ toolName: 'first', arguments: { a: 1 }, id: 'id1' }),
      toolCall({ toolName: 'second', arguments: {}, id: 'id2' }),
    ]);
    expect(reply.meta['finish_reason']).toBe('tool_calls');
  });
});
