/**
 * W7 on PostgreSQL + pgvector: PgvectorDocumentStore write time, keyword top-10 (full-text search,
 * ts_rank_cd), exact and HNSW embedding top-10 (384-dim cosine) and HNSW recall@10 against the
 * exact scan, on W7's bit-exact synthetic corpus. The in-memory store's numbers come from
 * w7-document-store.ts on the same corpus.
 *
 * The server is an embedded PGlite (Postgres compiled to WASM, in this process, reached through
 * `pg` over 127.0.0.1), or the server of PG_CONN_STR when it is set. Sizes: 1,000 and 10,000 by
 * default (see docs/benchmarks.md for why not 100,000); HAYSTACK_TS_BENCH_PG_SIZES=1000,100000
 * picks others.
 */
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite/vector';
import { PgvectorDocumentStore, type PgvectorDocumentStoreOptions } from '../../src/index.js';
import { Document } from '../../src/dataclasses/document.js';
import { collectGarbage, isMainModule, peakRssKb, quickRequested, round, runAsScript, summarize, type BenchRecord, type RecordSink } from '../lib/record.js';
import { recorder, type WorkloadOptions } from '../lib/workload.js';
import { checkCorpus, DIM, embeddings, N_QUERIES, REFERENCE, SEEDS, texts, vocabulary, WORDS_PER_DOC, WORDS_PER_QUERY, zipfCumulative } from './w7-document-store.js';

const EF_SWEEP = [100, 200, 400] as const;
const MAINTENANCE_WORK_MEM = '512MB';

/**
 * Whether the planner answers the store's query shape through the HNSW index. On a small table it
 * rightly prefers a sequential scan (then HNSW rows are exact); the record says which it was.
 */
async function usesHnswIndex(db: PGlite, tableName: string, query: readonly number[]): Promise<boolean> {
  const literal = `'[${query.join(',')}]'::vector`;
  const plan = await db.query<{ 'QUERY PLAN': string }>(
    `EXPLAIN SELECT id, 1 - (embedding <=> ${literal}) AS score FROM "public"."${tableName}" ` +
      `WHERE embedding IS NOT NULL AND TRUE ORDER BY embedding <=> ${literal} LIMIT 10`,
  );
  return plan.rows.some((row) => row['QUERY PLAN'].includes('Index Scan using haystack_hnsw_index'));
}

export interface W7PgvectorOptions extends WorkloadOptions {
  readonly sizes?: readonly number[];
}

function sizesFromEnv(): number[] | undefined {
  const raw = process.env['HAYSTACK_TS_BENCH_PG_SIZES'];
  return raw ? raw.split(',').map((s) => Number(s.trim())).filter((n) => Number.isInteger(n) && n > 0) : undefined;
}

function checkSorted(what: string, docs: readonly Document[], ascending: boolean): void {
  for (let i = 1; i < docs.length; i++) {
    const [a, b] = [docs[i - 1]!.score!, docs[i]!.score!];
    if (ascending ? b < a : b > a) throw new Error(`W7-pgvector: ${what} results are not sorted by score`);
  }
}

export async function runW7Pgvector(options: W7PgvectorOptions = {}): Promise<BenchRecord[]> {
  const quick = options.quick ?? false;
  const sizes = options.sizes ?? sizesFromEnv() ?? (quick ? [1000] : [1000, 10_000]);
  const { records, put } = recorder(options.sink);
  const vocab = vocabulary();
  const cum = zipfCumulative();
  checkCorpus(vocab, cum);
  const queries = texts(vocab, cum, SEEDS.queryText, 0, N_QUERIES, WORDS_PER_QUERY);
  const queryEmbeddings = embeddings(SEEDS.queryEmb, 0, N_QUERIES);
  const queryVectors = Array.from({ length: N_QUERIES }, (_, q) => Array.from(queryEmbeddings.subarray(q * DIM, (q + 1) * DIM)));
  const server = process.env['PG_CONN_STR'] ? 'PG_CONN_STR' : 'embedded PGlite 0.4.6';
  const started = performance.now();
  const db = process.env['PG_CONN_STR'] ? undefined : await PGlite.create({ extensions: { vector } });
  const startupMs = performance.now() - started;
  const base: PgvectorDocumentStoreOptions = { ...(db ? { pglite: db } : {}), embeddingDimension: DIM, vectorFunction: 'cosine_similarity' };
  try {
    // pgvector builds HNSW fast only while the graph fits in maintenance_work_mem (default 64 MB;
    // 100,000 × 384-dim needs about 200 MB), and slowly page by page after that. PGlite is one
    // session, so this SET holds for the store's connections too. A server keeps its own setting.
    if (db) await db.query(`SET maintenance_work_mem = '${MAINTENANCE_WORK_MEM}'`);
    // A control for the recall figures: the same index on vectors with structure (clusters), where
    // nearest neighbours are well separated. High recall there and low recall on W7's uniform random
    // vectors means the index works and the data is what is hard.
    if (!quick && process.env['HAYSTACK_TS_BENCH_PG_CONTROL'] !== '0') await clusteredControl(base, put);
    for (const n of sizes) {
      const contents = texts(vocab, cum, SEEDS.docText, 0, n, WORDS_PER_DOC);
      const vectors = embeddings(SEEDS.docEmb, 0, n);
      const documents = contents.map(
        (content, i) =>
          new Document({ id: `doc-${String(i).padStart(6, '0')}`, content, embedding: Array.from(vectors.subarray(i * DIM, (i + 1) * DIM)) }),
      );
      const tableName = `w7_${n}`;
      // 1. write_documents into a fresh table (table and keyword index creation included).
      const reps = n >= 100_000 || quick ? 1 : 3;
      const samples: number[] = [];
      for (let r = 0; r < reps; r++) {
        collectGarbage();
        const start = performance.now();
        const store = new PgvectorDocumentStore({ ...base, tableName, recreateTable: true });
        const written = await store.writeDocumentsAsync(documents);
        samples.push(performance.now() - start);
        await store.close();
        if (written !== n) throw new Error(`W7-pgvector: wrote ${written} of ${n} documents`);
      }
      const write = summarize(samples);
      put({
        workload: 'W7',
        params: { docs: n, op: 'write_documents', store: 'pgvector' },
        ...write,
        extra: { reps, us_per_doc: round((write.median_ms * 1000) / n), server, pglite_startup_ms: round(startupMs), peak_rss_kb: peakRssKb() },
      });

      // 2. Queries on the table without an HNSW index (exact scan), then build the index (timed
      //    once, pgvector's defaults m = 16, ef_construction = 64) and query through it.
      const exact = new PgvectorDocumentStore({ ...base, tableName });
      if ((await exact.countDocumentsAsync()) !== n) throw new Error('W7-pgvector: the table lost documents');
      const passes = n >= 100_000 || quick ? 1 : 3;
      const exactIds: string[][] = [];
      let indexUsed: boolean | undefined;
      const measure = async (
        params: Record<string, string | number>,
        call: (q: number) => Promise<Document[]>,
        check: (q: number, result: Document[]) => number | undefined,
      ): Promise<void> => {
        const first = await call(0);
        checkSorted(String(params['op']), first, false);
        const times: number[] = [];
        let recallSum = 0;
        for (let pass = 0; pass < passes; pass++) {
          for (let q = 0; q < N_QUERIES; q++) {
            const start = performance.now();
            const result = await call(q);
            times.push(performance.now() - start);
            if (pass === 0) recallSum += check(q, result) ?? 0;
          }
        }
        put({
          workload: 'W7',
          params,
          ...summarize(times),
          extra: {
            reps: times.length,
            query0_top3: first.slice(0, 3).map((d) => [d.id, round(d.score!, 4)]),
            ...(params['op'] === 'keyword' ? { query0_hits: first.length } : {}),
            ...(params['search'] === 'hnsw' ? { recall_at_10: round(recallSum / N_QUERIES, 3), ...(indexUsed === undefined ? {} : { index_scan: indexUsed }) } : {}),
            server,
            peak_rss_kb: peakRssKb(),
          },
        });
      };
      await measure({ docs: n, op: 'keyword', store: 'pgvector', top_k: 10, rank: 'ts_rank_cd' }, (q) => exact.keywordRetrievalAsync({ query: queries[q]!, topK: 10 }), () => undefined);
      const embeddingParams = { docs: n, op: 'embedding', store: 'pgvector', similarity: 'cosine', top_k: 10, dim: DIM };
      const reference = REFERENCE[n]?.embedding;
      await measure({ ...embeddingParams, search: 'exact' }, (q) => exact.embeddingRetrievalAsync({ queryEmbedding: queryVectors[q]!, topK: 10 }), (q, result) => {
        if (result.length !== 10) throw new Error(`W7-pgvector: exact returned ${result.length} documents`);
        exactIds[q] = result.map((d) => d.id);
        // The exact scan must agree with the in-memory store's reference (float32 rounding aside).
        if (q === 0 && reference && JSON.stringify(exactIds[q]!.slice(0, 3)) !== JSON.stringify(reference.map(([id]) => id))) {
          throw new Error(`W7-pgvector: exact top-3 ${JSON.stringify(exactIds[q]!.slice(0, 3))} differs from the reference ${JSON.stringify(reference)}`);
        }
        return undefined;
      });
      await exact.close();

      const buildStart = performance.now();
      const hnsw = new PgvectorDocumentStore({ ...base, tableName, searchStrategy: 'hnsw', hnswRecreateIndexIfExists: true });
      await hnsw.countDocumentsAsync();
      const buildMs = performance.now() - buildStart;
      await hnsw.close();
      indexUsed = db ? await usesHnswIndex(db, tableName, queryVectors[0]!) : undefined;
      put({
        workload: 'W7',
        params: { docs: n, op: 'hnsw_build', store: 'pgvector', m: 16, ef_construction: 64 },
        median_ms: round(buildMs),
        min_ms: round(buildMs),
        extra: { reps: 1, server, ...(db ? { maintenance_work_mem: MAINTENANCE_WORK_MEM } : {}), peak_rss_kb: peakRssKb() },
      });
      const recall = (q: number, result: Document[]): number => {
        const truth = new Set(exactIds[q]);
        return result.filter((d) => truth.has(d.id)).length / 10;
      };
      // Recall against ef_search (pgvector's default 40, then larger): the candidate list HNSW keeps
      // while it walks the graph. The stores reuse the index built above.
      for (const ef of [40, ...EF_SWEEP]) {
        const swept = new PgvectorDocumentStore({ ...base, tableName, searchStrategy: 'hnsw', ...(ef === 40 ? {} : { hnswEfSearch: ef }) });
        await measure({ ...embeddingParams, search: 'hnsw', ef_search: ef }, (q) => swept.embeddingRetrievalAsync({ queryEmbedding: queryVectors[q]!, topK: 10 }), recall);
        await swept.close();
      }
      const dropper = new PgvectorDocumentStore({ ...base, tableName });
      await dropper.deleteTableAsync();
    }
  } finally {
    await db?.close();
  }
  return records;
}

const CONTROL_DOCS = 5_000;
const CONTROL_CLUSTERS = 50;

/** Unit vectors `centre + noise`: 50 clusters of 100 documents; queries near 10 of the centres. */
function clustered(count: number, seed: number): Float32Array {
  const centres = embeddings(SEEDS.docEmb, 10_000_000, CONTROL_CLUSTERS);
  const noise = embeddings(seed, 0, count);
  const out = new Float32Array(count * DIM);
  for (let i = 0; i < count; i++) {
    const c = i % CONTROL_CLUSTERS;
    let acc = 0;
    for (let d = 0; d < DIM; d++) {
      const v = centres[c * DIM + d]! + 0.8 * noise[i * DIM + d]!;
      out[i * DIM + d] = v;
      acc += v * v;
    }
    const norm = Math.sqrt(acc);
    for (let d = 0; d < DIM; d++) out[i * DIM + d] = out[i * DIM + d]! / norm;
  }
  return out;
}

async function clusteredControl(base: PgvectorDocumentStoreOptions, put: RecordSink): Promise<void> {
  const vectors = clustered(CONTROL_DOCS, 77);
  const queries = clustered(N_QUERIES, 78);
  const documents = Array.from(
    { length: CONTROL_DOCS },
    (_, i) => new Document({ id: `c-${i}`, content: `cluster ${i % CONTROL_CLUSTERS}`, embedding: Array.from(vectors.subarray(i * DIM, (i + 1) * DIM)) }),
  );
  const tableName = 'w7_control';
  const exact = new PgvectorDocumentStore({ ...base, tableName, recreateTable: true });
  await exact.writeDocumentsAsync(documents);
  const truth: Array<Set<string>> = [];
  for (let q = 0; q < N_QUERIES; q++) {
    const result = await exact.embeddingRetrievalAsync({ queryEmbedding: Array.from(queries.subarray(q * DIM, (q + 1) * DIM)), topK: 10 });
    truth.push(new Set(result.map((d) => d.id)));
  }
  await exact.close();
  const hnsw = new PgvectorDocumentStore({ ...base, tableName, searchStrategy: 'hnsw', hnswRecreateIndexIfExists: true });
  await hnsw.countDocumentsAsync();
  let hits = 0;
  const times: number[] = [];
  for (let q = 0; q < N_QUERIES; q++) {
    const start = performance.now();
    const result = await hnsw.embeddingRetrievalAsync({ queryEmbedding: Array.from(queries.subarray(q * DIM, (q + 1) * DIM)), topK: 10 });
    times.push(performance.now() - start);
    hits += result.filter((d) => truth[q]!.has(d.id)).length;
  }
  await hnsw.deleteTableAsync();
  put({
    workload: 'W7',
    params: { docs: CONTROL_DOCS, op: 'embedding', store: 'pgvector', corpus: 'clustered-control', similarity: 'cosine', top_k: 10, dim: DIM, search: 'hnsw', ef_search: 40 },
    ...summarize(times),
    extra: { reps: N_QUERIES, recall_at_10: round(hits / (N_QUERIES * 10), 3), clusters: CONTROL_CLUSTERS, peak_rss_kb: peakRssKb() },
  });
}

if (isMainModule(import.meta.url)) runAsScript(() => runW7Pgvector({ quick: quickRequested() }));
