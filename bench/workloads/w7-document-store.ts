/**
 * W7 (WORKLOADS.md): InMemoryDocumentStore write time, BM25 top-10 and embedding top-10 (384-dim)
 * at 1,000 / 10,000 / 100,000 documents of the bit-exact synthetic corpus, plus memory.
 */
import { createHash } from 'node:crypto';
import { InMemoryBM25Retriever } from '../../src/components/retrievers/in-memory/in-memory-bm25-retriever.js';
import { InMemoryEmbeddingRetriever } from '../../src/components/retrievers/in-memory/in-memory-embedding-retriever.js';
import { Document } from '../../src/dataclasses/document.js';
import { InMemoryDocumentStore } from '../../src/document-stores/in-memory/in-memory-document-store.js';
import {
  collectGarbage,
  isMainModule,
  peakRssKb,
  peakRssMb,
  quickRequested,
  round,
  rssKb,
  runAsScript,
  summarize,
  type BenchRecord,
} from '../lib/record.js';
import { recorder, type WorkloadOptions } from '../lib/workload.js';

// ---- Synthetic corpus (WORKLOADS.md "Synthetic corpus (bit-exact)"), shared with W7 on pgvector ----

const GAMMA = 0x6d2b79f5;
export const SEEDS = { vocab: 1, docText: 2, docEmb: 3, queryText: 4, queryEmb: 5 } as const;
const VOCAB_SIZE = 20_000;
export const WORDS_PER_DOC = 50;
export const WORDS_PER_QUERY = 4;
export const N_QUERIES = 10;
export const DIM = 384;

/** Mulberry32 positioned after `skip` draws: each draw depends only on seed + k × GAMMA. */
function mulberry32(seed: number, skip = 0): () => number {
  let s = (seed + Number((BigInt(skip) * BigInt(GAMMA)) % 4294967296n)) >>> 0;
  return () => {
    s = (s + GAMMA) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

const ONSETS = 'b c d f g h j k l m n p r s t v w y z bl br ch cl cr dr fl fr gl gr pl pr sc sh sl sm sn sp st sw th tr wh'.split(' ');
const VOWELS = 'a e i o u ai au ea ee ie oa oo ou'.split(' ');
const CODAS = ['', '', '', '', 'n', 'r', 's', 't', 'l', 'm', 'd', 'ck', 'ng', 'nd', 'st', 'rt'];

export function vocabulary(): string[] {
  const next = mulberry32(SEEDS.vocab);
  const seen = new Set<string>();
  const words: string[] = [];
  while (words.length < VOCAB_SIZE) {
    const syllables = 1 + (next() % 3);
    let word = '';
    for (let k = 0; k < syllables; k++) word += ONSETS[next() % ONSETS.length]! + VOWELS[next() % VOWELS.length]!;
    word += CODAS[next() % CODAS.length]!;
    if (seen.has(word)) continue;
    seen.add(word);
    words.push(word);
  }
  return words.sort((a, b) => a.length - b.length);
}

export function zipfCumulative(): Float64Array {
  const cum = new Float64Array(VOCAB_SIZE);
  let acc = 0;
  for (let j = 1; j <= VOCAB_SIZE; j++) {
    acc += 1 / j;
    cum[j - 1] = acc;
  }
  return cum;
}

export function texts(vocab: readonly string[], cum: Float64Array, seed: number, start: number, count: number, words: number): string[] {
  const next = mulberry32(seed, start * words);
  const total = cum[cum.length - 1]!;
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const ws: string[] = [];
    for (let j = 0; j < words; j++) {
      const target = (next() / 4294967296) * total;
      let lo = 0;
      let hi = cum.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (cum[mid]! > target) hi = mid;
        else lo = mid + 1;
      }
      ws.push(vocab[lo]!);
    }
    out.push(ws.join(' '));
  }
  return out;
}

export function embeddings(seed: number, start: number, count: number): Float32Array {
  const next = mulberry32(seed, start * DIM);
  const out = new Float32Array(count * DIM);
  const x = new Float64Array(DIM);
  for (let i = 0; i < count; i++) {
    let acc = 0;
    for (let d = 0; d < DIM; d++) x[d] = (next() / 4294967296) * 2 - 1;
    for (let d = 0; d < DIM; d++) acc += x[d]! * x[d]!;
    const norm = Math.sqrt(acc);
    for (let d = 0; d < DIM; d++) out[i * DIM + d] = x[d]! / norm;
  }
  return out;
}

const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** The fingerprints of WORKLOADS.md: a generator that drifts aborts the benchmark. */
export function checkCorpus(vocab: readonly string[], cum: Float64Array): void {
  const expect = (what: string, got: string, want: string): void => {
    if (got !== want) throw new Error(`W7: corpus fingerprint mismatch for ${what}: got ${got}, expected ${want}`);
  };
  expect('vocabulary', sha256(vocab.join('\n')), '3acf03044eed31133a09067834af6b840f5741bfa99b9358ca13dc3e6791a473');
  expect('docs 0-999', sha256(texts(vocab, cum, SEEDS.docText, 0, 1000, WORDS_PER_DOC).join('\n')), '8baed95d0b3272b476c78d6c3c069ed31f4dee43ba1f08df24e7631a1e1cbb2d');
  const emb = embeddings(SEEDS.docEmb, 0, 1000);
  expect('embeddings 0-999', sha256(new Uint8Array(emb.buffer)), 'f74096af0de3a8df5a7fea4b4dd2e7b6fe0dd5b1f7316ed6b375f0af76ba6fbd');
  const q = embeddings(SEEDS.queryEmb, 0, N_QUERIES);
  expect('query embeddings', sha256(new Uint8Array(q.buffer)), '67e1eb5b28b40167da581f601cc824ac9614aa5d1a88c7afe6841f8fd8abc4cf');
}

// ---- Reference results (WORKLOADS.md, from Haystack) ----

type Top3 = ReadonlyArray<readonly [string, number]>;
export const REFERENCE: Readonly<Record<number, { bm25: Top3; embedding: Top3 }>> = {
  1000: {
    bm25: [['doc-000818', 9.1405], ['doc-000347', 9.1395], ['doc-000832', 7.0881]],
    embedding: [['doc-000537', 0.1952], ['doc-000047', 0.1512], ['doc-000464', 0.1439]],
  },
  10000: {
    bm25: [['doc-000818', 11.6349], ['doc-001114', 11.6341], ['doc-000347', 11.6311]],
    embedding: [['doc-000537', 0.1952], ['doc-008378', 0.1907], ['doc-003357', 0.1871]],
  },
  100000: {
    bm25: [['doc-075982', 12.5622], ['doc-050701', 12.3227], ['doc-012397', 12.2085]],
    embedding: [['doc-041818', 0.2157], ['doc-074777', 0.2115], ['doc-038139', 0.2032]],
  },
};

const top3 = (docs: readonly Document[]): Array<[string, number]> => docs.slice(0, 3).map((d) => [d.id, round(d.score!, 4)]);

function checkTop3(what: string, got: Array<[string, number]>, want: Top3 | undefined): void {
  if (want === undefined) return;
  if (JSON.stringify(got) !== JSON.stringify(want)) {
    throw new Error(`W7: ${what} query0_top3 mismatch: got ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
  }
}

function checkResult(what: string, docs: readonly Document[]): void {
  if (docs.length !== 10) throw new Error(`W7: ${what} returned ${docs.length} documents, expected 10`);
  for (let i = 1; i < docs.length; i++) {
    if (docs[i]!.score! > docs[i - 1]!.score!) throw new Error(`W7: ${what} results are not sorted by score`);
  }
}

// ---- The workload ----

export interface W7Options extends WorkloadOptions {
  readonly sizes?: readonly number[];
}

export async function runW7(options: W7Options = {}): Promise<BenchRecord[]> {
  const quick = options.quick ?? false;
  const sizes = options.sizes ?? (quick ? [1000] : [1000, 10_000, 100_000]);
  const { records, put } = recorder(options.sink);
  const vocab = vocabulary();
  const cum = zipfCumulative();
  checkCorpus(vocab, cum);
  const queries = texts(vocab, cum, SEEDS.queryText, 0, N_QUERIES, WORDS_PER_QUERY);
  const queryEmbeddings = embeddings(SEEDS.queryEmb, 0, N_QUERIES);
  const queryVectors = Array.from({ length: N_QUERIES }, (_, q) => Array.from(queryEmbeddings.subarray(q * DIM, (q + 1) * DIM)));

  for (const n of sizes) {
    collectGarbage();
    const rssBefore = rssKb();
    // 1. Document objects (not timed).
    const built = performance.now();
    const contents = texts(vocab, cum, SEEDS.docText, 0, n, WORDS_PER_DOC);
    const vectors = embeddings(SEEDS.docEmb, 0, n);
    const documents = contents.map(
      (content, i) =>
        new Document({ id: `doc-${String(i).padStart(6, '0')}`, content, embedding: Array.from(vectors.subarray(i * DIM, (i + 1) * DIM)) }),
    );
    const documentObjectsS = (performance.now() - built) / 1000;
    collectGarbage();
    const rssAfterDocuments = rssKb();
    const textBytes = contents.reduce((a, c) => a + Buffer.byteLength(c), 0);

    // 2. write_documents into a fresh store, store construction included.
    const warmup = 1;
    const reps = n >= 100_000 ? (quick ? 1 : 7) : quick ? 2 : 10;
    let store: InMemoryDocumentStore | undefined;
    const samples: number[] = [];
    for (let r = 0; r < warmup + reps; r++) {
      if (store !== undefined) {
        store.deleteAllDocuments();
        store = undefined;
        collectGarbage();
      }
      const start = performance.now();
      store = new InMemoryDocumentStore();
      const written = store.writeDocuments(documents);
      const elapsed = performance.now() - start;
      if (written !== n || store.countDocuments() !== n) throw new Error(`W7: wrote ${written} of ${n} documents`);
      if (r >= warmup) samples.push(elapsed);
    }
    // The store defers tokenizing and placing vectors to the first queries: run one of each (timed
    // apart) so that the memory figure is the whole store's, as it was with eager writes.
    const firstQueriesStart = performance.now();
    store!.bm25Retrieval({ query: queries[0]!, topK: 10 });
    store!.embeddingRetrieval({ queryEmbedding: queryVectors[0]!, topK: 10 });
    const firstQueriesMs = performance.now() - firstQueriesStart;
    collectGarbage();
    const rssAfterStore = rssKb();
    const write = summarize(samples);
    const storeKb = rssAfterStore - rssAfterDocuments;
    const rawKb = (n * DIM * 4 + textBytes) / 1024;
    put({
      workload: 'W7',
      params: { docs: n, op: 'write_documents' },
      ...write,
      extra: {
        reps,
        us_per_doc: round((write.median_ms * 1000) / n),
        first_queries_ms: round(firstQueriesMs),
        document_objects_s: round(documentObjectsS),
        rss_before_kb: rssBefore,
        rss_after_documents_kb: rssAfterDocuments,
        rss_after_store_kb: rssAfterStore,
        peak_rss_kb: peakRssKb(),
        peak_rss_mb: peakRssMb(),
        store_rss_kb: storeKb,
        raw_embedding_plus_text_kb: Math.round(rawKb),
        store_over_raw: round(storeKb / rawKb, 2),
      },
    });

    // 3. The cosine store (untimed).
    const dotStore = store!;
    const cosineStore = new InMemoryDocumentStore({ embeddingSimilarityFunction: 'cosine' });
    cosineStore.writeDocuments(documents);

    // 4. Queries: warm-up with query 0, then each query once per pass.
    const passes = n >= 100_000 || quick ? 1 : 3;
    const reference = REFERENCE[n];
    const bm25 = new InMemoryBM25Retriever({ documentStore: dotStore, topK: 10 });
    const dot = new InMemoryEmbeddingRetriever({ documentStore: dotStore, topK: 10 });
    const cosine = new InMemoryEmbeddingRetriever({ documentStore: cosineStore, topK: 10 });
    const series = [
      {
        params: { docs: n, op: 'bm25', top_k: 10, algorithm: 'BM25L' },
        call: (q: number) => bm25.run({ query: queries[q]! }).documents!,
        want: reference?.bm25,
        hits: true,
      },
      {
        params: { docs: n, op: 'embedding', similarity: 'dot_product', top_k: 10, dim: DIM },
        call: (q: number) => dot.run({ queryEmbedding: queryVectors[q]! }).documents!,
        want: reference?.embedding,
        hits: false,
      },
      {
        params: { docs: n, op: 'embedding', similarity: 'cosine', top_k: 10, dim: DIM },
        call: (q: number) => cosine.run({ queryEmbedding: queryVectors[q]! }).documents!,
        want: reference?.embedding,
        hits: false,
      },
    ];
    for (const { params, call, want, hits } of series) {
      // The cosine store's first call pays the work its write deferred (tokenizing, placing vectors);
      // the dot store's was paid by the memory measurement above. Timed apart from the series.
      const firstStart = performance.now();
      const first = call(0);
      const firstCallMs = performance.now() - firstStart;
      checkResult(params.op, first);
      checkTop3(`${params.op} (${n})`, top3(first), want);
      collectGarbage();
      const times: number[] = [];
      for (let pass = 0; pass < passes; pass++) {
        for (let q = 0; q < N_QUERIES; q++) {
          const start = performance.now();
          const result = call(q);
          times.push(performance.now() - start);
          checkResult(params.op, result);
        }
      }
      put({
        workload: 'W7',
        params,
        ...summarize(times),
        extra: {
          reps: times.length,
          first_call_ms: round(firstCallMs),
          query0_top3: top3(first),
          ...(hits ? { query0_hits: first.length } : {}),
          peak_rss_kb: peakRssKb(),
        },
      });
    }
    dotStore.deleteAllDocuments();
    cosineStore.deleteAllDocuments();
  }
  return records;
}

if (isMainModule(import.meta.url)) runAsScript(() => runW7({ quick: quickRequested() }));
