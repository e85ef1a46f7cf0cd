import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import {
  AsyncPipeline,
  PipelineError,
  PipelineRuntimeError,
  PipelineValidationError,
  StreamingChunk,
  type PipelineStreamHandle,
  type StreamingCallback,
} from '../../../src/index.js';
import { deferred, flush, makeComponent } from './helpers.js';

const callbackSchema = z.custom<StreamingCallback>((v) => typeof v === 'function').optional();

/** A fake model: emits one chunk per word of `text` (awaiting the callback each time), then replies. */
function talker(name = 'Talker', options: { initCallback?: StreamingCallback; progress?: string[]; fail?: boolean } = {}) {
  const component = makeComponent(
    name,
    { text: z.string(), streamingCallback: callbackSchema },
    { reply: z.string() },
    () => {
      throw new Error('the async engine calls runAsync');
    },
    async ({ text, streamingCallback }, context) => {
      const callback = streamingCallback ?? options.initCallback;
      for (const word of text.split(' ')) {
        context?.signal.throwIfAborted();
        await callback?.(new StreamingChunk({ content: word }));
        options.progress?.push(word);
      }
      if (options.fail === true) throw new Error('model exploded');
      return { reply: text.toUpperCase() };
    },
  );
  if (options.initCallback) Object.assign(component, { streamingCallback: options.initCallback });
  return component;
}

const upper = () => makeComponent('Upper', { reply: z.string() }, { shout: z.string() }, ({ reply }) => ({ shout: `${reply}!` }));

async function collect(handle: AsyncIterable<StreamingChunk>): Promise<StreamingChunk[]> {
  const chunks: StreamingChunk[] = [];
  for await (const chunk of handle) chunks.push(chunk);
  return chunks;
}

describe('AsyncPipeline.stream', () => {
  it('yields the chunks of the streaming component, naming it, and then holds the final outputs', async () => {
    const p = new AsyncPipeline().addComponent('llm', talker()).addComponent('after', upper()).connect('llm.reply', 'after.reply');
    const handle = p.stream({ llm: { text: 'one two three' } });
    const chunks = await collect(handle);
    expect(chunks.map((c) => c.content)).toEqual(['one', 'two', 'three']);
    expect(chunks.map((c) => c.componentInfo?.name)).toEqual(['llm', 'llm', 'llm']);
    expect(chunks[0]?.componentInfo?.type).toBe('Talker');
    expect(handle.done).toBe(true);
    expect(handle.result).toEqual({ after: { shout: 'ONE TWO THREE!' } });
    await expect(handle.completion).resolves.toEqual({ after: { shout: 'ONE TWO THREE!' } });
  });

  it('passes includeOutputsFrom and the flat data form through', async () => {
    const p = new AsyncPipeline().addComponent('llm', talker()).addComponent('after', upper()).connect('llm.reply', 'after.reply');
    const handle = p.stream({ text: 'a b' }, { includeOutputsFrom: ['llm'] });
    expect((await collect(handle)).map((c) => c.content)).toEqual(['a', 'b']);
    expect(handle.result).toEqual({ llm: { reply: 'A B' }, after: { shout: 'A B!' } });
  });

  it('keeps the name a component already put in componentInfo', async () => {
    const p = new AsyncPipeline().addComponent(
      'outer',
      makeComponent('Nested', { streamingCallback: callbackSchema }, { done: z.boolean() }, async ({ streamingCallback }) => {
        await streamingCallback?.(new StreamingChunk({ content: 'x', componentInfo: { type: 'Inner', name: 'inner' } as never }));
        return { done: true };
      }),
    );
    const chunks = await collect(p.stream({}));
    expect(chunks[0]?.componentInfo).toEqual({ type: 'Inner', name: 'inner' });
  });

  it('reports result before the run finished as a PipelineError', async () => {
    const gate = deferred();
    const p = new AsyncPipeline().addComponent(
      'slow',
      makeComponent('Slow', { streamingCallback: callbackSchema }, { ok: z.boolean() }, async () => {
        await gate.promise;
        return { ok: true };
      }),
    );
    const handle = p.stream({});
    expect(handle.done).toBe(false);
    expect(() => handle.result).toThrow(PipelineError);
    expect(() => handle.result).toThrow(/has not finished; iterate the handle first/);
    gate.resolve();
    await collect(handle);
    expect(handle.result).toEqual({ slow: { ok: true } });
  });

  it('forwards every streaming-capable component by default, and only the named ones when asked', async () => {
    const build = () =>
      new AsyncPipeline().addComponent('a', talker('A')).addComponent('b', talker('B')).addComponent('plain', upper());
    const data = { a: { text: 'a1 a2' }, b: { text: 'b1' }, plain: { reply: 'x' } };
    const all = await collect(build().stream(data));
    expect(all.map((c) => `${c.componentInfo?.name}:${c.content}`).sort()).toEqual(['a:a1', 'a:a2', 'b:b1']);
    const onlyB = await collect(build().stream(data, { streamingComponents: ['b'] }));
    expect(onlyB.map((c) => `${c.componentInfo?.name}:${c.content}`)).toEqual(['b:b1']);
  });

  it('throws a PipelineValidationError from stream() itself for an unknown or a non-streaming name', () => {
    const p = new AsyncPipeline().addComponent('llm', talker()).addComponent('plain', upper());
    expect(() => p.stream({ llm: { text: 'x' } }, { streamingComponents: ['nope', 'llm'] })).toThrow(PipelineValidationError);
    expect(() => p.stream({ llm: { text: 'x' } }, { streamingComponents: ['nope'] })).toThrow(/Unknown components in streamingComponents: \["nope"\]/);
    expect(() => p.stream({ llm: { text: 'x' } }, { streamingComponents: ['plain'] })).toThrow(
      /These components do not support streaming \(they have no 'streamingCallback' input socket\): \["plain"\]/,
    );
    expect(() => p.stream({}, { streamingComponents: 'llm' as never })).toThrow(/expected streamingComponents to be an iterable/);
    expect(() => p.stream({}, { cancelOnAbandon: 'yes' as never })).toThrow(/expected cancelOnAbandon to be a boolean/);
    expect(() => p.stream({}, { maxBufferedChunks: 0 })).toThrow(/expected maxBufferedChunks to be an integer >= 1/);
  });

  it('still calls the callback given at init, and the one given in data instead of it', async () => {
    const atInit: string[] = [];
    const inData: string[] = [];
    const init: StreamingCallback = (c) => void atInit.push(c.content);
    const p1 = new AsyncPipeline().addComponent('llm', talker('T', { initCallback: init }));
    const streamed = await collect(p1.stream({ llm: { text: 'x y' } }));
    expect(streamed.map((c) => c.content)).toEqual(['x', 'y']);
    expect(atInit).toEqual(['x', 'y']);

    const p2 = new AsyncPipeline().addComponent('llm', talker('T', { initCallback: init }));
    const handle = p2.stream({ llm: { text: 'z', streamingCallback: async (c) => void inData.push(c.content) } });
    await collect(handle);
    expect(inData).toEqual(['z']);
    expect(atInit).toEqual(['x', 'y']); // the runtime callback wins, as in Haystack
  });

  it('surfaces a component failure on iteration as PipelineRuntimeError, after the chunks before it', async () => {
    const p = new AsyncPipeline().addComponent('llm', talker('T', { fail: true }));
    const handle = p.stream({ llm: { text: 'a b' } });
    const seen: string[] = [];
    const error = await (async () => {
      try {
        for await (const chunk of handle) seen.push(chunk.content);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(seen).toEqual(['a', 'b']);
    expect(error).toBeInstanceOf(PipelineRuntimeError);
    expect(() => handle.result).toThrow(PipelineRuntimeError);
    await expect(handle.completion).rejects.toThrow(PipelineRuntimeError);
  });

  it('surfaces validation errors of the data on iteration, as runAsyncGenerator does', async () => {
    const p = new AsyncPipeline().addComponent('llm', talker());
    const handle = p.stream({});
    await expect(collect(handle)).rejects.toThrow(PipelineValidationError);
  });

  it('cancels the run when the iteration is abandoned', async () => {
    const progress: string[] = [];
    const aborted: unknown[] = [];
    const p = new AsyncPipeline().addComponent(
      'llm',
      makeComponent('Endless', { streamingCallback: callbackSchema }, { n: z.number() }, async ({ streamingCallback }, context) => {
        context?.signal.addEventListener('abort', () => aborted.push(context.signal.reason));
        for (let i = 0; ; i++) {
          context?.signal.throwIfAborted();
          await streamingCallback?.(new StreamingChunk({ content: String(i) }));
          progress.push(String(i));
        }
      }),
    );
    const handle = p.stream({});
    for await (const chunk of handle) if (chunk.content === '3') break;
    expect(aborted).toHaveLength(1);
    expect(handle.done).toBe(true);
    expect(() => handle.result).toThrow(/the run was cancelled/);
    await expect(handle.completion).rejects.toThrow(/the stream was closed before the run finished/);
  });

  it('lets the run finish when the iteration is abandoned with cancelOnAbandon: false', async () => {
    const seenByCallback: string[] = [];
    const p = new AsyncPipeline().addComponent('llm', talker('T', { initCallback: (c) => void seenByCallback.push(c.content) }));
    const handle = p.stream({ llm: { text: 'a b c d' } }, { cancelOnAbandon: false, maxBufferedChunks: 1 });
    for await (const chunk of handle) {
      expect(chunk.content).toBe('a');
      break;
    }
    await expect(handle.completion).resolves.toEqual({ llm: { reply: 'A B C D' } });
    expect(seenByCallback).toEqual(['a', 'b', 'c', 'd']);
    expect(handle.result).toEqual({ llm: { reply: 'A B C D' } });
  });

  it('makes a producer faster than the consumer wait once maxBufferedChunks are buffered', async () => {
    const progress: string[] = [];
    const p = new AsyncPipeline().addComponent('llm', talker('T', { progress }));
    const handle = p.stream({ llm: { text: '1 2 3 4 5 6' } }, { maxBufferedChunks: 2 });
    for (let i = 0; i < 5; i++) await flush();
    // Two chunks were accepted; the third callback is pending until the consumer takes one.
    expect(progress).toEqual(['1', '2']);
    const iterator = handle[Symbol.asyncIterator]();
    expect((await iterator.next()).value?.content).toBe('1');
    for (let i = 0; i < 5; i++) await flush();
    expect(progress).toEqual(['1', '2', '3']);
    const rest: string[] = [];
    for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) rest.push(next.value.content);
    expect(rest).toEqual(['2', '3', '4', '5', '6']);
  });

  it("rejects the iteration with the caller's signal reason when it aborts", async () => {
    const controller = new AbortController();
    const p = new AsyncPipeline().addComponent(
      'llm',
      makeComponent('Waits', { streamingCallback: callbackSchema }, { n: z.number() }, async ({ streamingCallback }, context) => {
        await streamingCallback?.(new StreamingChunk({ content: 'first' }));
        await new Promise((_, reject) => context?.signal.addEventListener('abort', () => reject(context.signal.reason)));
        return { n: 1 };
      }),
    );
    const handle = p.stream({}, { signal: controller.signal });
    const reason = new Error('user gave up');
    await expect(
      (async () => {
        for await (const chunk of handle) {
          expect(chunk.content).toBe('first');
          controller.abort(reason);
        }
      })(),
    ).rejects.toBe(reason);
  });

  it('offers the chunks as a web ReadableStream, and cancelling it cancels the run', async () => {
    const p = new AsyncPipeline().addComponent('llm', talker());
    const contents: string[] = [];
    const readable = p.stream({ llm: { text: 'r s t' } }).toReadableStream();
    for await (const chunk of readable) contents.push(chunk.content);
    expect(contents).toEqual(['r', 's', 't']);

    const aborted: string[] = [];
    const endless = new AsyncPipeline().addComponent(
      'llm',
      makeComponent('Endless', { streamingCallback: callbackSchema }, { n: z.number() }, async ({ streamingCallback }, context) => {
        context?.signal.addEventListener('abort', () => aborted.push('llm'));
        for (;;) {
          context?.signal.throwIfAborted();
          await streamingCallback?.(new StreamingChunk({ content: '.' }));
        }
      }),
    );
    const handle = endless.stream({});
    const reader = handle.toReadableStream().getReader();
    expect((await reader.read()).value?.content).toBe('.');
    await reader.cancel();
    expect(aborted).toEqual(['llm']);
    expect(handle.done).toBe(true);
  });

  it('encodes the chunks as text, NDJSON or server-sent events for a Fetch Response', async () => {
    const p = () => new AsyncPipeline().addComponent('llm', talker());
    const text = await new Response(p().stream({ llm: { text: 'hi there' } }).toResponseStream('text')).text();
    expect(text).toBe('hithere');
    const ndjson = await new Response(p().stream({ llm: { text: 'hi' } }).toResponseStream('ndjson')).text();
    const line = JSON.parse(ndjson.trim()) as Record<string, unknown>;
    expect(line).toMatchObject({ content: 'hi', component_info: { type: 'Talker', name: 'llm' } });
    const sse = await new Response(p().stream({ llm: { text: 'hi' } }).toResponseStream('sse')).text();
    expect(sse).toMatch(/^event: chunk\ndata: \{"content":"hi",.*\}\n\nevent: done\ndata: \{\}\n\n$/s);
    const failing = new AsyncPipeline().addComponent('llm', talker('T', { fail: true }));
    const failed = await new Response(failing.stream({ llm: { text: 'x' } }).toResponseStream('sse')).text();
    expect(failed).toMatch(/event: error\ndata: \{"error":\{"name":"PipelineRuntimeError","message":".*model exploded/s);
    expect(() => p().stream({ llm: { text: 'x' } }).toResponseStream('xml' as never)).toThrow(PipelineValidationError);
  });

  it('types the handle with the pipeline outputs', () => {
    const p = new AsyncPipeline().addComponent('llm', talker());
    const handle = p.stream({ llm: { text: 'x' } });
    expectTypeOf(handle).toEqualTypeOf<PipelineStreamHandle<Awaited<ReturnType<typeof p.runAsync>>>>();
    expectTypeOf(handle[Symbol.asyncIterator]()).toMatchTypeOf<AsyncIterator<StreamingChunk>>();
    void handle.aclose();
  });
});
