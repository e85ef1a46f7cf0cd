/**
 * LLM workload (our own, not in WORKLOADS.md): a RAG-style pipeline PromptBuilder → OpenAIChatGenerator
 * against the fake OpenAI server at 200 ms latency. The same questions are asked one after the other
 * (`mode: sequential`) and all at once on one AsyncPipeline (`mode: concurrent`), for 3 then 100
 * questions. `extra.speedup` = sequential median / concurrent median; the ideal is the question count.
 */
import { AsyncPipeline, ChatMessage, OpenAIChatGenerator, PromptBuilder, Secret } from '../../src/index.js';
import { FakeOpenAIServer } from '../../test/helpers/fake-openai-server.js';
import { isMainModule, peakRssMb, quickRequested, round, runAsScript, summarize, type BenchRecord } from '../lib/record.js';
import { recorder, type WorkloadOptions } from '../lib/workload.js';

export interface LLMOptions extends WorkloadOptions {
  readonly latencyMs?: number;
  readonly sizes?: readonly number[];
  readonly reps?: number;
}

export async function runLLM(options: LLMOptions = {}): Promise<BenchRecord[]> {
  const quick = options.quick ?? false;
  const latencyMs = options.latencyMs ?? 200;
  const sizes = options.sizes ?? (quick ? [3, 20] : [3, 100]);
  const reps = options.reps ?? (quick ? 1 : 5);
  const { records, put } = recorder(options.sink);
  const server = await FakeOpenAIServer.start({ latencyMs });
  try {
    const pipeline = new AsyncPipeline();
    pipeline.addComponent('prompt_builder', new PromptBuilder({ template: 'Answer briefly: {{ question }}', requiredVariables: ['question'] }));
    pipeline.addComponent(
      'llm',
      new OpenAIChatGenerator({ apiKey: Secret.fromToken('sk-bench'), apiBaseUrl: server.baseUrl, maxRetries: 0, timeout: 60 }),
    );
    pipeline.connect('prompt_builder.prompt', 'llm.messages');
    await pipeline.warmUp();

    const ask = async (question: string): Promise<void> => {
      const out = (await pipeline.runAsync({ prompt_builder: { question } })) as { llm?: { replies?: ChatMessage[] } };
      const text = out.llm?.replies?.[0]?.text;
      if (text !== `Echo: Answer briefly: ${question}`) throw new Error(`LLM workload: unexpected reply ${JSON.stringify(text)}`);
    };
    const questions = (n: number): string[] => Array.from({ length: n }, (_, i) => `question ${i}?`);
    await ask('warm-up');

    for (const n of sizes) {
      const medians: Record<string, number> = {};
      for (const mode of ['sequential', 'concurrent'] as const) {
        // 100 sequential questions take 20 s each rep: one rep is enough to know the figure.
        const modeReps = mode === 'sequential' && n > 10 ? 1 : reps;
        const samples: number[] = [];
        for (let r = 0; r < modeReps; r += 1) {
          server.reset();
          const start = performance.now();
          if (mode === 'sequential') for (const q of questions(n)) await ask(q);
          else await Promise.all(questions(n).map(ask));
          samples.push(performance.now() - start);
          if (server.requests.length !== n) throw new Error(`LLM workload: expected ${n} requests, server saw ${server.requests.length}`);
        }
        const { median_ms, min_ms } = summarize(samples);
        medians[mode] = median_ms;
        put({
          workload: 'LLM',
          params: { questions: n, mode },
          median_ms,
          min_ms,
          extra: {
            reps: modeReps,
            latency_ms: latencyMs,
            ideal_ms: mode === 'sequential' ? n * latencyMs : latencyMs,
            server_max_concurrency: server.maxConcurrency,
            // Wall time above the ideal (latency × questions sequentially, one latency concurrently).
            overhead_ms: round(median_ms - (mode === 'sequential' ? n * latencyMs : latencyMs)),
            speedup: mode === 'concurrent' ? round((medians['sequential'] ?? NaN) / median_ms, 2) : 1,
            peak_rss_mb: peakRssMb(),
          },
        });
      }
    }
  } finally {
    await server.close();
  }
  return records;
}

if (isMainModule(import.meta.url)) runAsScript(() => runLLM({ quick: quickRequested() }));
