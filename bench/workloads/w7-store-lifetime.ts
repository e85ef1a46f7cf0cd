/**
 * W7 store lifetime (issue 13 part 1): the memory left behind after creating and dropping 1,000
 * InMemoryDocumentStores of 200 W7 documents each (content and a 384-dim embedding), per way of
 * building them. A store per request must come back to the baseline: `shared: false`, and the
 * default (shared under a generated index, freed with its last instance). Stores shared under names
 * the caller chose stay for the process, as in Haystack; that row shows the cost of doing so.
 */
import { Document } from '../../src/dataclasses/document.js';
import { InMemoryDocumentStore } from '../../src/document-stores/in-memory/in-memory-document-store.js';
import type { InMemoryDocumentStoreOptions } from '../../src/document-stores/in-memory/in-memory-document-store-options.js';
import { collectGarbage, isMainModule, quickRequested, round, runAsScript, type BenchRecord } from '../lib/record.js';
import { recorder, type WorkloadOptions } from '../lib/workload.js';
import { DIM, embeddings, SEEDS, texts, vocabulary, WORDS_PER_DOC, zipfCumulative } from './w7-document-store.js';

const DOCS_PER_STORE = 200;

interface Memory {
  readonly heapMb: number;
  /** ArrayBuffers and WebAssembly memories (the embedding matrices). */
  readonly buffersMb: number;
}

async function settled(): Promise<Memory> {
  // Two rounds: FinalizationRegistry callbacks run after the first collection.
  for (let round = 0; round < 2; round++) {
    collectGarbage();
    await new Promise((resolve) => setImmediate(resolve));
  }
  collectGarbage();
  const usage = process.memoryUsage();
  return { heapMb: usage.heapUsed / 2 ** 20, buffersMb: (usage.external + usage.arrayBuffers) / 2 ** 20 };
}

export async function runW7StoreLifetime(options: WorkloadOptions = {}): Promise<BenchRecord[]> {
  const quick = options.quick ?? false;
  const stores = quick ? 100 : 1000;
  const { records, put } = recorder(options.sink);
  const contents = texts(vocabulary(), zipfCumulative(), SEEDS.docText, 0, DOCS_PER_STORE, WORDS_PER_DOC);
  const vectors = embeddings(SEEDS.docEmb, 0, DOCS_PER_STORE);
  const documents = contents.map(
    (content, i) => new Document({ id: `doc-${i}`, content, embedding: Array.from(vectors.subarray(i * DIM, (i + 1) * DIM)) }),
  );
  const variants: ReadonlyArray<{ readonly name: string; readonly options: (i: number) => InMemoryDocumentStoreOptions }> = [
    { name: 'shared: false', options: () => ({ shared: false }) },
    { name: 'default (shared, generated index)', options: () => ({}) },
    { name: 'shared, named index', options: (i) => ({ index: `w7-lifetime-${i}` }) },
  ];
  // Warm the code paths so that the baseline includes compiled code, not the stores.
  for (let i = 0; i < 20; i++) new InMemoryDocumentStore({ shared: false }).writeDocuments(documents);
  for (const variant of variants) {
    const before = await settled();
    const started = performance.now();
    for (let i = 0; i < stores; i++) {
      const store = new InMemoryDocumentStore(variant.options(i));
      store.writeDocuments(documents);
      if (store.countDocuments() !== DOCS_PER_STORE) throw new Error('W7 lifetime: a store lost documents');
    }
    const elapsedMs = performance.now() - started;
    const after = await settled();
    put({
      workload: 'W7',
      params: { op: 'store_lifetime', stores, docs_per_store: DOCS_PER_STORE, variant: variant.name },
      median_ms: round(elapsedMs),
      min_ms: round(elapsedMs),
      extra: {
        reps: 1,
        heap_before_mb: round(before.heapMb, 1),
        heap_after_mb: round(after.heapMb, 1),
        heap_retained_mb: round(after.heapMb - before.heapMb, 1),
        buffers_retained_mb: round(after.buffersMb - before.buffersMb, 1),
      },
    });
  }
  return records;
}

if (isMainModule(import.meta.url)) runAsScript(() => runW7StoreLifetime({ quick: quickRequested() }));
