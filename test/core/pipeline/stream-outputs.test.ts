/**
 * `stream()`'s `onOutputs` hook: the run goes through `runAsyncGenerator`, and its items reach the
 * consumer in the order they happened relative to the chunks.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AsyncPipeline, PipelineValidationError, StreamingChunk, type StreamingCallback } from '../../../src/index.js';
import { makeComponent } from './helpers.js';

const callbackSchema = z.custom<StreamingCallback>((v) => typeof v === 'function').optional();

const prompt = () => makeComponent('Prompt', { question: z.string() }, { text: z.string() }, ({ question }) => ({ text: `q: ${question}` }));
const talker = () =>
  makeComponent(
    'Talker',
    { text: z.string(), streamingCallback: callbackSchema },
    { reply: z.string() },
    () => {
      throw new Error('the async engine calls runAsync');
    },
    async ({ text, streamingCallback }) => {
      for (const word of text.split(' ')) await streamingCallback?.(new StreamingChunk({ content: word }));
      return { reply: text.toUpperCase() };
    },
  );

function pipeline() {
  return new AsyncPipeline().addComponent('prompt', prompt()).addComponent('llm', talker()).connect('prompt.text', 'llm.text');
}

describe('AsyncPipeline.stream with onOutputs', () => {
  it('interleaves partial outputs with the chunks in the order they happened, the final outputs last', async () => {
    const seen: string[] = [];
    const handle = pipeline().stream(
      { prompt: { question: 'why' } },
      { includeOutputsFrom: ['prompt', 'llm'], onOutputs: (item) => void seen.push(`outputs ${JSON.stringify(item)}`) },
    );
    for await (const chunk of handle) seen.push(`chunk ${chunk.content}`);
    expect(seen).toEqual([
      'outputs {"prompt":{"text":"q: why"}}',
      'chunk q:',
      'chunk why',
      'outputs {"llm":{"reply":"Q: WHY"}}',
      'outputs {"prompt":{"text":"q: why"},"llm":{"reply":"Q: WHY"}}',
    ]);
    expect(handle.result).toEqual({ prompt: { text: 'q: why' }, llm: { reply: 'Q: WHY' } });
  });

  it('waits for an async hook before handing out the next chunk', async () => {
    const seen: string[] = [];
    const handle = pipeline().stream(
      { prompt: { question: 'a b' } },
      {
        includeOutputsFrom: ['prompt'],
        onOutputs: async (item) => {
          await new Promise((resolve) => setImmediate(resolve));
          seen.push(Object.keys(item).join('+'));
        },
      },
    );
    for await (const chunk of handle) seen.push(chunk.content);
    expect(seen).toEqual(['prompt', 'q:', 'a', 'b', 'llm', 'prompt+llm']);
  });

  it('rejects an onOutputs that is not a function', () => {
    expect(() => pipeline().stream({ prompt: { question: 'x' } }, { onOutputs: 'yes' as never })).toThrow(PipelineValidationError);
    expect(() => pipeline().stream({ prompt: { question: 'x' } }, { onOutputs: 'yes' as never })).toThrow(/expected onOutputs to be a function, got 'yes'/);
  });
});
