import { getLogger } from '../../core/logger.js';
import type { PgvectorVectorFunction, ResolvedPgvectorDocumentStoreOptions } from './pgvector-document-store-options.js';

/** The store's table and indexes, created (or recreated) when a store first connects. */

const OPERATOR_CLASSES: Readonly<Record<PgvectorVectorFunction, string>> = {
  cosine_similarity: 'cosine_ops',
  inner_product: 'ip_ops',
  l2_distance: 'l2_ops',
};

/** The settings of the store that shape its table and indexes (names validated as identifiers). */
export type SchemaSettings = Pick<
  ResolvedPgvectorDocumentStoreOptions,
  | 'createExtension'
  | 'schemaName'
  | 'tableName'
  | 'language'
  | 'embeddingDimension'
  | 'vectorType'
  | 'vectorFunction'
  | 'recreateTable'
  | 'searchStrategy'
  | 'hnswRecreateIndexIfExists'
  | 'hnswIndexCreationKwargs'
  | 'hnswIndexName'
  | 'keywordIndexName'
>;

/** Runs one statement; a failure becomes a typed store error that says `what` could not be done. */
export type SqlRunner = (sql: string, what: string, values?: unknown[]) => Promise<{ rows: unknown[] }>;

/** `"schema"."table"`: both names were validated as identifiers, so quoting is all they need. */
export function qualifiedTable(store: Pick<SchemaSettings, 'schemaName' | 'tableName'>): string {
  return `"${store.schemaName}"."${store.tableName}"`;
}

/** The extension, the table, the keyword (GIN) index and, for `hnsw`, the HNSW index. */
export async function createSchema(store: SchemaSettings, run: SqlRunner): Promise<void> {
  const table = qualifiedTable(store);
  if (store.createExtension) {
    await run(
      'CREATE EXTENSION IF NOT EXISTS vector',
      'could not create the pgvector extension (a PGlite instance needs `extensions: { vector }`; a server needs pgvector installed)',
    );
  }
  if (store.recreateTable) await run(`DROP TABLE IF EXISTS ${table}`, `could not drop table ${table}`);
  await run(
    `CREATE TABLE IF NOT EXISTS ${table} (id VARCHAR(128) PRIMARY KEY, embedding ${store.vectorType}(${store.embeddingDimension}), ` +
      'content TEXT, blob_data BYTEA, blob_meta JSONB, blob_mime_type VARCHAR(255), meta JSONB)',
    `could not create table ${table}`,
  );
  await run(
    `CREATE INDEX IF NOT EXISTS "${store.keywordIndexName}" ON ${table} USING GIN (to_tsvector('${store.language}', content))`,
    'could not create the keyword index',
  );
  if (store.searchStrategy !== 'hnsw') return;
  const exists = await run(
    'SELECT 1 FROM pg_indexes WHERE schemaname = $1 AND tablename = $2 AND indexname = $3',
    'could not check for the HNSW index',
    [store.schemaName, store.tableName, store.hnswIndexName],
  );
  if (exists.rows.length > 0 && !store.hnswRecreateIndexIfExists) {
    getLogger().warn(
      `PgvectorDocumentStore: HNSW index "${store.hnswIndexName}" already exists and won't be recreated; pass hnswRecreateIndexIfExists: true to rebuild it.`,
    );
    return;
  }
  await run(`DROP INDEX IF EXISTS "${store.schemaName}"."${store.hnswIndexName}"`, 'could not drop the HNSW index');
  const { m, efConstruction } = store.hnswIndexCreationKwargs;
  const withParts = [...(m !== undefined ? [`m = ${m}`] : []), ...(efConstruction !== undefined ? [`ef_construction = ${efConstruction}`] : [])];
  await run(
    `CREATE INDEX "${store.hnswIndexName}" ON ${table} USING hnsw (embedding ${store.vectorType}_${OPERATOR_CLASSES[store.vectorFunction]})` +
      (withParts.length > 0 ? ` WITH (${withParts.join(', ')})` : ''),
    'could not create the HNSW index',
  );
}
