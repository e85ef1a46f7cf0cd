/**
 * Time to first token (our own workload, issue 11): a streamed reply from the fake OpenAI server on
 * 127.0.0.1, read through `AsyncPipeline.stream()` (ChatPromptBuilder → OpenAIChatGenerator) and by
 * calling the generator directly with a streaming callback. `median_ms` is the time from the call to
 * the first content chunk; `extra.total_ms` the time to the end of the reply.
 */
import { AsyncPipeline, ChatMessage, ChatPromptBuilder, OpenAIChatGenerator, Secret, type StreamingChunk } from '../../src/index.js';
import { FakeOpenAIServer } from '../../test/helpers/fake-openai-server.js';
import { isMainModule, quickRequested, round, runAsScript, summarize, type BenchRecord } from '../lib/record.js';
import { recorder, type WorkloadOptions } from '../lib/workload.js';

const REPLY = Array.from({ length: 100 }, (_, i) => `token${i}`).join(' ');

export async function runTtft(options: WorkloadOptions = {}): Promise<BenchRecord[]> {
  const quick = options.quick ?? false;
  const reps = quick ? 5 : 50;
  const warmup = quick ? 2 : 10;
  const { records, put } = recorder(options.sink);
  const server = await FakeOpenAIServer.start({ reply: () => ({ content: REPLY }) });
  try {
    const generator = (): OpenAIChatGenerator =>
      new OpenAIChatGenerator({ apiKey: Secret.fromToken('sk-bench'), apiBaseUrl: server.baseUrl, maxRetries: 0, timeout: 60 });
    const direct = generator();
    await direct.warmUp();
    const pipeline = new AsyncPipeline()
      .addComponent('prompt', new ChatPromptBuilder({ template: [ChatMessage.fromUser('{{ q }}')], requiredVariables: '*' }))
      .addComponent('llm', generator())
      .connect('prompt.prompt', 'llm.messages');
    await pipeline.warmUp();

    const viaDirect = async (): Promise<[number, number]> => {
      const start = performance.now();
      let first = -1;
      let text = '';
      await direct.run({
        messages: [ChatMessage.fromUser('q')],
        streamingCallback: (chunk: StreamingChunk) => {
          if (first < 0 && chunk.content !== '') first = performance.now() - start;
          text += chunk.content;
        },
      });
      if (text !== REPLY) throw new Error('TTFT: the direct call streamed an unexpected reply');
      return [first, performance.now() - start];
    };
    const viaStream = async (): Promise<[number, number]> => {
      const start = performance.now();
      let first = -1;
      let text = '';
      const handle = pipeline.stream({ prompt: { q: 'q' } });
      for await (const chunk of handle) {
        if (first < 0 && chunk.content !== '') first = performance.now() - start;
        text += chunk.content;
      }
      if (text !== REPLY || handle.result.llm?.replies?.[0]?.text !== REPLY) throw new Error('TTFT: stream() delivered an unexpected reply');
      return [first, performance.now() - start];
    };

    for (const [path, once] of [
      ['direct', viaDirect],
      ['stream', viaStream],
    ] as const) {
      for (let i = 0; i < warmup; i++) await once();
      const firsts: number[] = [];
      const totals: number[] = [];
      for (let i = 0; i < reps; i++) {
        const [first, total] = await once();
        firsts.push(first);
        totals.push(total);
      }
      const { median_ms, min_ms } = summarize(firsts);
      put({
        workload: 'TTFT',
        params: { path, reply_chunks: REPLY.split(' ').length },
        median_ms,
        min_ms,
        extra: { reps, warmup, total_ms: round(summarize(totals).median_ms) },
      });
    }
  } finally {
    await server.close();
  }
  return records;
}

if (isMainModule(import.meta.url)) runAsScript(() => runTtft({ quick: quickRequested() }));
