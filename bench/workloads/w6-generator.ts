/**
 * W6 (WORKLOADS.md): `runAsyncGenerator` on the 50-component W1 chain: time to the first partial
 * output and to exhaustion, with partials from every component (`all`) or only the leaf (`none`).
 */
import { AddOne, AddOneAsync } from '../lib/components.js';
import { BenchmarkMismatchError, expectOutput } from '../lib/check.js';
import { newAsyncPipeline, type PipelineOutputs } from '../lib/engine.js';
import { collectGarbage, isMainModule, peakRssMb, quickRequested, runAsScript, summarize } from '../lib/record.js';
import { chainName, recorder, type WorkloadOptions } from '../lib/workload.js';
import type { BenchRecord } from '../lib/record.js';
import type { ComponentKind } from './w1-linear-chain.js';

export type W6Include = 'all' | 'none';

export interface W6Case {
  readonly components: number;
  readonly component_kind: ComponentKind;
  readonly include_outputs_from: W6Include;
}

export const W6_CASES: readonly W6Case[] = (['async_capable', 'sync_only'] as const).flatMap((component_kind) =>
  (['all', 'none'] as const).map((include_outputs_from) => ({ components: 50, component_kind, include_outputs_from })),
);

export interface W6Options extends WorkloadOptions {
  readonly cases?: readonly W6Case[];
  readonly warmup?: number;
  readonly reps?: number;
}

interface Timing {
  readonly firstYieldMs: number;
  readonly totalMs: number;
  readonly yields: PipelineOutputs[];
}

export async function runW6(options: W6Options = {}): Promise<BenchRecord[]> {
  const quick = options.quick ?? false;
  const warmup = options.warmup ?? (quick ? 2 : 5);
  const reps = options.reps ?? (quick ? 5 : 30);
  const { records, put } = recorder(options.sink);
  for (const params of options.cases ?? W6_CASES) {
    const n = params.components;
    const pipeline = newAsyncPipeline();
    const Kind = params.component_kind === 'sync_only' ? AddOne : AddOneAsync;
    const names = Array.from({ length: n }, (_, i) => chainName(i));
    for (const name of names) pipeline.addComponent(name, new Kind());
    for (let i = 0; i < n - 1; i += 1) pipeline.connect(`${names[i]}.value`, `${names[i + 1]}.value`);
    const data = { [chainName(0)]: { value: 0 } };
    const opts = params.include_outputs_from === 'all' ? { includeOutputsFrom: names } : {};
    const expectedYields = params.include_outputs_from === 'all' ? n + 1 : 2;
    const leaf = chainName(n - 1);

    const once = async (): Promise<Timing> => {
      const yields: PipelineOutputs[] = [];
      let firstYieldMs = Number.NaN;
      const start = performance.now();
      for await (const partial of pipeline.runAsyncGenerator(data, opts)) {
        if (yields.length === 0) firstYieldMs = performance.now() - start;
        yields.push(partial);
      }
      return { firstYieldMs, totalMs: performance.now() - start, yields };
    };
    const check = ({ yields }: Timing): void => {
      if (yields.length !== expectedYields) {
        throw new BenchmarkMismatchError(`W6: expected ${expectedYields} yields, got ${yields.length} (${JSON.stringify(params)})`);
      }
      expectOutput('W6 (last yield)', yields.at(-1)?.[leaf], { value: n });
    };

    for (let i = 0; i < warmup; i += 1) check(await once());
    collectGarbage();
    const timings: Timing[] = [];
    for (let i = 0; i < reps; i += 1) {
      const timing = await once();
      check(timing);
      // Keep only the figures: holding every run's yields would grow the heap during the series.
      timings.push({ firstYieldMs: timing.firstYieldMs, totalMs: timing.totalMs, yields: [] });
    }
    for (const metric of ['first_yield', 'total'] as const) {
      const { median_ms, min_ms } = summarize(timings.map((t) => (metric === 'first_yield' ? t.firstYieldMs : t.totalMs)));
      put({
        workload: 'W6',
        params: { ...params, metric },
        median_ms,
        min_ms,
        extra: { reps, warmup, yields: expectedYields, sync_only_execution: 'inline on the event loop (no worker threads)', peak_rss_mb: peakRssMb() },
      });
    }
  }
  return records;
}

if (isMainModule(import.meta.url)) runAsScript(() => runW6({ quick: quickRequested() }));
