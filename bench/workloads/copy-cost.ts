/**
 * COPY (our own workload, not in WORKLOADS.md): what the engine's mutation-isolation policy costs.
 *
 * Haystack deep-copies every input of every component call. This port keeps the observable isolation
 * without a deep copy on every hop (policy: docs/pipelines.md); this workload shows what is left. One
 * `source` emits a large list (1,000 documents with 384-float embeddings) that fans out to 1 or 4
 * `reader_k` components. Payloads: plain mutable objects, library `Document`s (frozen meta, plain
 * embedding array, unfrozen instance), and the same `Document`s frozen with `Object.freeze`. The same graph carrying a plain number is the baseline, so
 * `copy_overhead_ms` = median(list) − median(number) is the price of moving the list through the
 * engine. `structured_clone_ms` (one full deep copy of the list) gives the scale of one copy, and
 * `receivers_sharing_sender_object` says how many receivers got the sender's very object.
 */
import { z } from 'zod';
import { Component, Document, type RunInput } from '../../src/index.js';
import { BenchmarkMismatchError } from '../lib/check.js';
import { pipelineFor, type Mode, type PipelineOutputs } from '../lib/engine.js';
import { isMainModule, peakRssMb, quickRequested, round, runAsScript, summarize, timeSeries } from '../lib/record.js';
import { recorder, type WorkloadOptions } from '../lib/workload.js';
import type { BenchRecord } from '../lib/record.js';

export type CopyPayload = 'number' | 'plain_objects' | 'documents' | 'frozen_documents';

export interface CopyCase {
  readonly docs: number;
  readonly dim: number;
  readonly receivers: number;
  readonly payload: CopyPayload;
  readonly mode: Mode;
}

export interface CopyOptions extends WorkloadOptions {
  readonly docs?: number;
  readonly dim?: number;
  readonly receiverCounts?: readonly number[];
  readonly modes?: readonly Mode[];
  readonly warmup?: number;
  readonly reps?: number;
}

const PAYLOADS: readonly CopyPayload[] = ['number', 'plain_objects', 'documents', 'frozen_documents'];

/** Deterministic unit vectors (Mulberry32), so every run moves the same bytes. */
function embeddings(count: number, dim: number): number[][] {
  let s = 7;
  const draw = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Array.from({ length: count }, () => {
    const x = Array.from({ length: dim }, () => draw() * 2 - 1);
    const norm = Math.sqrt(x.reduce((acc, v) => acc + v * v, 0));
    return x.map((v) => Math.fround(v / norm));
  });
}

function makePayload(kind: CopyPayload, docs: number, dim: number): unknown {
  if (kind === 'number') return docs;
  const vectors = embeddings(docs, dim);
  const id = (i: number): string => `doc-${String(i).padStart(6, '0')}`;
  const content = (i: number): string => `document number ${i} of the copy-cost workload`;
  if (kind === 'plain_objects') {
    return vectors.map((embedding, i) => ({ id: id(i), content: content(i), meta: { rank: i }, embedding }));
  }
  const documents = vectors.map((embedding, i) => new Document({ id: id(i), content: content(i), meta: { rank: i }, embedding }));
  // Frozen instances: what the engine's policy lets it share instead of copying.
  return kind === 'frozen_documents' ? documents.map((d) => Object.freeze(d)) : documents;
}

const sourceIn = { go: z.number() };
const payloadOut = { payload: z.unknown() };
const readerIn = { payload: z.unknown() };
const readerOut = { count: z.number(), shared: z.boolean() };

/** Emits the same prebuilt payload on every run, so building it is never timed. */
class PayloadSource extends Component<typeof sourceIn, typeof payloadOut> {
  constructor(readonly payload: unknown) {
    super({ inputs: sourceIn, outputs: payloadOut });
  }
  run(_input: RunInput<typeof sourceIn>): { payload: unknown } {
    return { payload: this.payload };
  }
}

/** Reads the payload's size and whether it is the sender's very object (no copy was made). */
class PayloadReader extends Component<typeof readerIn, typeof readerOut> {
  constructor(readonly original: unknown) {
    super({ inputs: readerIn, outputs: readerOut });
  }
  run({ payload }: RunInput<typeof readerIn>): { count: number; shared: boolean } {
    const count = Array.isArray(payload) ? payload.length : (payload as number);
    return { count, shared: typeof payload === 'object' && payload === this.original };
  }
}

function checkOutputs(out: PipelineOutputs, receivers: number, docs: number): number {
  let shared = 0;
  for (let k = 0; k < receivers; k += 1) {
    const reader = out[`reader_${k}`];
    if (reader?.['count'] !== docs) {
      throw new BenchmarkMismatchError(`COPY: reader_${k} saw ${String(reader?.['count'])} items, expected ${docs}`);
    }
    if (reader['shared'] === true) shared += 1;
  }
  return shared;
}

export async function runCopyCost(options: CopyOptions = {}): Promise<BenchRecord[]> {
  const quick = options.quick ?? false;
  const docs = options.docs ?? (quick ? 100 : 1000);
  const dim = options.dim ?? 384;
  const warmup = options.warmup ?? (quick ? 1 : 5);
  const reps = options.reps ?? (quick ? 3 : 20);
  const { records, put } = recorder(options.sink);
  const payloads = new Map(PAYLOADS.map((kind) => [kind, makePayload(kind, docs, dim)] as const));

  for (const mode of options.modes ?? (['run', 'run_async'] as const)) {
    for (const receivers of options.receiverCounts ?? [1, 4]) {
      let baseline: number | undefined;
      for (const payload of PAYLOADS) {
        const value = payloads.get(payload);
        const { pipeline, run } = pipelineFor(mode);
        pipeline.addComponent('source', new PayloadSource(value));
        for (let k = 0; k < receivers; k += 1) {
          pipeline.addComponent(`reader_${k}`, new PayloadReader(value));
          pipeline.connect('source.payload', `reader_${k}.payload`);
        }
        let shared = 0;
        const samples = await timeSeries(
          { warmup, reps },
          () => run({ source: { go: 1 } }),
          (out) => {
            shared = checkOutputs(out, receivers, docs);
          },
        );
        const { median_ms, min_ms } = summarize(samples);
        baseline ??= median_ms;
        const cloneSamples = Array.from({ length: payload === 'number' ? 0 : quick ? 2 : 10 }, () => {
          const start = performance.now();
          structuredClone(value);
          return performance.now() - start;
        });
        const cloneMs = cloneSamples.length > 0 ? summarize(cloneSamples).median_ms : 0;
        const overhead = median_ms - baseline;
        put({
          workload: 'COPY',
          params: { docs, dim, receivers, payload, mode },
          median_ms,
          min_ms,
          extra: {
            reps,
            warmup,
            copy_overhead_ms: round(overhead),
            structured_clone_ms: cloneMs,
            copies_equivalent: cloneMs > 0 ? round(overhead / cloneMs, 2) : 0,
            // Receivers that did not get the sender's object got an engine copy.
            ms_per_copy: payload === 'number' || shared === receivers ? null : round(overhead / (receivers - shared)),
            receivers_sharing_sender_object: payload === 'number' ? null : shared,
            peak_rss_mb: peakRssMb(),
          },
        });
      }
    }
  }
  return records;
}

if (isMainModule(import.meta.url)) runAsScript(() => runCopyCost({ quick: quickRequested() }));
