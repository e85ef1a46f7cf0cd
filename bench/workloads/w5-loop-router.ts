/**
 * W5 (WORKLOADS.md): a 100-iteration loop entry (BranchJoiner) → add (AddOne) → router, the router's
 * `below` edge closing the loop; ConditionalRouter (Jinja conditions) vs a plain ThresholdRouter.
 */
import { z } from 'zod';
import { AddOne, LocalBranchJoiner, ThresholdRouter } from '../lib/components.js';
import { expectOutput } from '../lib/check.js';
import { optionalExport, pipelineFor, type Mode } from '../lib/engine.js';
import { isMainModule, peakRssMb, quickRequested, round, runAsScript, summarize, timeSeries } from '../lib/record.js';
import { recorder, type WorkloadOptions } from '../lib/workload.js';
import type { AnyComponent } from '../../src/index.js';
import type { BenchRecord } from '../lib/record.js';

export type W5Router = 'ConditionalRouter' | 'ThresholdRouter';

export interface W5Case {
  readonly iterations: number;
  readonly router: W5Router;
  readonly mode: Mode;
}

export const W5_CASES: readonly W5Case[] = [
  { iterations: 100, router: 'ConditionalRouter', mode: 'run' },
  { iterations: 100, router: 'ConditionalRouter', mode: 'run_async' },
  { iterations: 100, router: 'ThresholdRouter', mode: 'run' },
  { iterations: 100, router: 'ThresholdRouter', mode: 'run_async' },
];

export interface W5Options extends WorkloadOptions {
  readonly cases?: readonly W5Case[];
  readonly warmup?: number;
  readonly reps?: number;
}

type ComponentClass = new (...args: never[]) => AnyComponent;

/** The library's BranchJoiner(int) when exported, else the bench's own equivalent (reported in extra). */
function makeEntry(): { component: AnyComponent; impl: string } {
  const BranchJoiner = optionalExport('BranchJoiner') as ComponentClass | undefined;
  if (typeof BranchJoiner === 'function') {
    const make = BranchJoiner as unknown as new (options: { type: z.ZodType }) => AnyComponent;
    return { component: new make({ type: z.number().int() }), impl: 'library BranchJoiner' };
  }
  return { component: new LocalBranchJoiner(), impl: 'bench-local BranchJoiner (library one not exported yet)' };
}

/** Haystack's ConditionalRouter with the two routes of W5, or undefined while it is not exported. */
function makeConditionalRouter(threshold: number): AnyComponent | undefined {
  const ConditionalRouter = optionalExport('ConditionalRouter');
  if (typeof ConditionalRouter !== 'function') return undefined;
  const make = ConditionalRouter as new (options: { routes: readonly Record<string, unknown>[] }) => AnyComponent;
  return new make({
    routes: [
      { condition: `{{ value < ${threshold} }}`, output: '{{ value }}', outputName: 'below', outputType: z.number().int() },
      { condition: `{{ value >= ${threshold} }}`, output: '{{ value }}', outputName: 'above', outputType: z.number().int() },
    ],
  });
}

export async function runW5(options: W5Options = {}): Promise<BenchRecord[]> {
  const quick = options.quick ?? false;
  const warmup = options.warmup ?? (quick ? 1 : 3);
  const reps = options.reps ?? (quick ? 3 : 20);
  const { records, put } = recorder(options.sink);
  for (const params of options.cases ?? W5_CASES) {
    const n = params.iterations;
    const router = params.router === 'ThresholdRouter' ? new ThresholdRouter(n) : makeConditionalRouter(n);
    if (router === undefined) {
      process.stderr.write(`W5: skipping ${JSON.stringify(params)}: ConditionalRouter is not exported from src/index.ts yet\n`);
      continue;
    }
    const entry = makeEntry();
    // Each component runs n times; W5 raises the limit to 1000 so the loop is never cut short.
    const { pipeline, run } = pipelineFor(params.mode, { maxRunsPerComponent: 1000 });
    pipeline.addComponent('entry', entry.component);
    pipeline.addComponent('add', new AddOne());
    pipeline.addComponent('router', router);
    pipeline.connect('entry.value', 'add.value');
    pipeline.connect('add.value', 'router.value');
    pipeline.connect('router.below', 'entry.value');
    const data = { entry: { value: 0 } };
    const expected = { router: { above: n } };
    const samples = await timeSeries({ warmup, reps }, () => run(data), (out) => expectOutput('W5', out, expected));
    const { median_ms, min_ms } = summarize(samples);
    put({
      workload: 'W5',
      params: { ...params },
      median_ms,
      min_ms,
      extra: {
        reps,
        warmup,
        us_per_iteration: round((median_ms * 1000) / n),
        entry_impl: entry.impl,
        sync_only_execution: 'inline on the event loop (no worker threads)',
        peak_rss_mb: peakRssMb(),
      },
    });
  }
  return records;
}

if (isMainModule(import.meta.url)) runAsScript(() => runW5({ quick: quickRequested() }));
