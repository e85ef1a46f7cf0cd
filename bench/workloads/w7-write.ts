/**
 * W7's write path at growing store sizes (issue 10 part 6): µs per document written into an
 * `InMemoryDocumentStore`, W7's bit-exact documents (50 Zipf words, a 384-dim embedding, an id).
 *
 * - `write_documents`: one `writeDocuments` call of n documents into a fresh store (as W7 times
 *   it), at 10,000 and 100,000.
 * - `write_batches`: 1,000,000 documents (HAYSTACK_TS_BENCH_WRITE_MAX picks another size) written
 *   in batches of 10,000 into one store; µs/doc of the batches at several store sizes shows whether
 *   the cost per document grows with the store. Each batch's Document objects are built (untimed)
 *   just before it is written and dropped after, so the heap holds one batch of number arrays, not
 *   a million of them.
 * - `cpu_us_per_doc` is the process's CPU time (user + system, GC threads included) per document:
 *   on a shared host it moves far less with other processes' load than the wall time does.
 * - Every row also times the first BM25 query after the write (`first_bm25_ms`, and its CPU time
 *   `first_bm25_cpu_ms`): work a store defers from writes to the first query is paid there, and
 *   must stay visible; `write_and_first_query_*_us_per_doc` is the sum per document.
 */
import { Document } from '../../src/dataclasses/document.js';
import { InMemoryDocumentStore } from '../../src/document-stores/in-memory/in-memory-document-store.js';
import { collectGarbage, isMainModule, peakRssMb, quickRequested, round, runAsScript, summarize, type BenchRecord } from '../lib/record.js';
import { recorder, type WorkloadOptions } from '../lib/workload.js';
import { checkCorpus, DIM, embeddings, N_QUERIES, SEEDS, texts, vocabulary, WORDS_PER_DOC, WORDS_PER_QUERY, zipfCumulative } from './w7-document-store.js';

const BATCH = 10_000;

export interface W7WriteOptions extends WorkloadOptions {
  readonly sizes?: readonly number[];
  readonly batchedTotal?: number;
}

function documentsOf(vocab: readonly string[], cum: Float64Array, start: number, count: number): Document[] {
  const contents = texts(vocab, cum, SEEDS.docText, start, count, WORDS_PER_DOC);
  const vectors = embeddings(SEEDS.docEmb, start, count);
  return contents.map(
    (content, i) =>
      new Document({
        id: `doc-${String(start + i).padStart(6, '0')}`,
        content,
        embedding: Array.from(vectors.subarray(i * DIM, (i + 1) * DIM)),
      }),
  );
}

function cpuMsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

function timeFirstQuery(store: InMemoryDocumentStore, query: string): { ms: number; cpuMs: number; hits: number } {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const hits = store.bm25Retrieval({ query, topK: 10 }).length;
  return { ms: performance.now() - start, cpuMs: cpuMsSince(cpu), hits };
}

export async function runW7Write(options: W7WriteOptions = {}): Promise<BenchRecord[]> {
  const quick = options.quick ?? false;
  const envMax = Number(process.env['HAYSTACK_TS_BENCH_WRITE_MAX'] ?? '');
  const sizes = options.sizes ?? (quick ? [BATCH] : [BATCH, 100_000]);
  const batchedTotal = options.batchedTotal ?? (Number.isInteger(envMax) && envMax > 0 ? envMax : quick ? 5 * BATCH : 1_000_000);
  const { records, put } = recorder(options.sink);
  const vocab = vocabulary();
  const cum = zipfCumulative();
  checkCorpus(vocab, cum);
  const query = texts(vocab, cum, SEEDS.queryText, 0, N_QUERIES, WORDS_PER_QUERY)[1]!;

  let lastFirstQueryMs = 0;
  for (const n of sizes) {
    const documents = documentsOf(vocab, cum, 0, n);
    const reps = quick ? 2 : n >= 100_000 ? 5 : 10;
    const samples: number[] = [];
    const cpuSamples: number[] = [];
    const firstQuery: number[] = [];
    const firstQueryCpu: number[] = [];
    for (let r = 0; r < reps + 1; r++) {
      collectGarbage();
      const cpu = process.cpuUsage();
      const start = performance.now();
      const store = new InMemoryDocumentStore({ shared: false });
      const written = store.writeDocuments(documents);
      const elapsed = performance.now() - start;
      const cpuMs = cpuMsSince(cpu);
      if (written !== n) throw new Error(`W7-write: wrote ${written} of ${n} documents`);
      const first = timeFirstQuery(store, query);
      if (first.hits !== 10) throw new Error(`W7-write: the first BM25 query returned ${first.hits} documents`);
      // The first repetition warms the code up.
      if (r > 0) {
        samples.push(elapsed);
        cpuSamples.push(cpuMs);
        firstQuery.push(first.ms);
        firstQueryCpu.push(first.cpuMs);
      }
    }
    const write = summarize(samples);
    lastFirstQueryMs = summarize(firstQuery).median_ms;
    put({
      workload: 'W7',
      params: { docs: n, op: 'write_documents', store: 'in-memory' },
      ...write,
      extra: {
        reps,
        us_per_doc: round((write.median_ms * 1000) / n),
        min_us_per_doc: round((write.min_ms * 1000) / n),
        cpu_us_per_doc: round((summarize(cpuSamples).median_ms * 1000) / n),
        first_bm25_ms: summarize(firstQuery).median_ms,
        first_bm25_cpu_ms: summarize(firstQueryCpu).median_ms,
        write_and_first_query_us_per_doc: round(((write.median_ms + summarize(firstQuery).median_ms) * 1000) / n),
        write_and_first_query_cpu_us_per_doc: round(((summarize(cpuSamples).median_ms + summarize(firstQueryCpu).median_ms) * 1000) / n),
        peak_rss_mb: peakRssMb(),
      },
    });
  }

  // The largest size again with bm25IndexInBackground, the loop left idle (a timer pending, as in a
  // server between requests) for three times what the first query took above plus 200 ms, then the
  // first BM25 query: what indexing in the background leaves to it.
  const largest = sizes[sizes.length - 1]!;
  {
    const documents = documentsOf(vocab, cum, 0, largest);
    const idleMs = Math.ceil(3 * lastFirstQueryMs + 200);
    const firstQuery: number[] = [];
    const firstQueryCpu: number[] = [];
    for (let r = 0; r < (quick ? 1 : 5); r++) {
      collectGarbage();
      const store = new InMemoryDocumentStore({ shared: false, bm25IndexInBackground: true });
      store.writeDocuments(documents);
      await new Promise((resolve) => setTimeout(resolve, idleMs));
      const first = timeFirstQuery(store, query);
      if (first.hits !== 10) throw new Error(`W7-write: the first BM25 query returned ${first.hits} documents`);
      firstQuery.push(first.ms);
      firstQueryCpu.push(first.cpuMs);
      store.deleteAllDocuments();
    }
    const summary = summarize(firstQuery);
    put({
      workload: 'W7',
      params: { docs: largest, op: 'first_bm25_after_background_indexing', store: 'in-memory' },
      ...summary,
      extra: {
        reps: firstQuery.length,
        idle_ms: idleMs,
        first_bm25_cpu_ms: summarize(firstQueryCpu).median_ms,
        first_bm25_ms_without: lastFirstQueryMs,
        peak_rss_mb: peakRssMb(),
      },
    });
  }

  // One store grown batch by batch to `batchedTotal`.
  const store = new InMemoryDocumentStore({ shared: false });
  const batchMs: number[] = [];
  const batchCpuMs: number[] = [];
  for (let start = 0; start < batchedTotal; start += BATCH) {
    const batch = documentsOf(vocab, cum, start, Math.min(BATCH, batchedTotal - start));
    const cpu = process.cpuUsage();
    const begin = performance.now();
    store.writeDocuments(batch);
    batchMs.push(performance.now() - begin);
    batchCpuMs.push(cpuMsSince(cpu));
  }
  if (store.countDocuments() !== batchedTotal) throw new Error(`W7-write: the batched store holds ${store.countDocuments()} documents`);
  const first = timeFirstQuery(store, query);
  const total = batchMs.reduce((a, b) => a + b, 0);
  // µs/doc of the batches that start at 0, 10 %, 50 % and 90 % of the final size (and the last).
  const at = (fraction: number): number => Math.min(batchMs.length - 1, Math.floor(fraction * batchMs.length));
  const profile: Record<string, number> = {};
  for (const i of new Set([at(0), at(0.1), at(0.5), at(0.9), batchMs.length - 1])) {
    profile[`us_per_doc_from_${i * BATCH}`] = round((batchMs[i]! * 1000) / BATCH);
    profile[`cpu_us_per_doc_from_${i * BATCH}`] = round((batchCpuMs[i]! * 1000) / BATCH);
  }
  const cpuMs = batchCpuMs.reduce((a, b) => a + b, 0);
  put({
    workload: 'W7',
    params: { docs: batchedTotal, op: 'write_batches', batch: BATCH, store: 'in-memory' },
    ...summarize(batchMs),
    extra: {
      reps: batchMs.length,
      us_per_doc: round((total * 1000) / batchedTotal),
      cpu_us_per_doc: round((cpuMs * 1000) / batchedTotal),
      ...profile,
      first_bm25_ms: round(first.ms),
      first_bm25_cpu_ms: round(first.cpuMs),
      write_and_first_query_us_per_doc: round(((total + first.ms) * 1000) / batchedTotal),
      write_and_first_query_cpu_us_per_doc: round(((cpuMs + first.cpuMs) * 1000) / batchedTotal),
      peak_rss_mb: peakRssMb(),
    },
  });
  return records;
}

if (isMainModule(import.meta.url)) runAsScript(() => runW7Write({ quick: quickRequested() }));
