import { Secret } from '../../dataclasses/secret.js';
import { DocumentStoreError } from '../errors.js';
import type { PGliteLike } from './pg-modules.js';
import { describeValue } from '../../describe.js';

/** How embeddings are compared (pgvector's `<=>`, `<#>`, `<->`). */
export type PgvectorVectorFunction = 'cosine_similarity' | 'inner_product' | 'l2_distance';
/** Exact scan, or pgvector's approximate HNSW index. */
export type PgvectorSearchStrategy = 'exact_nearest_neighbor' | 'hnsw';
/** The column type of the embeddings: full (`vector`) or half precision (`halfvec`). */
export type PgvectorVectorType = 'vector' | 'halfvec';

/** pgvector's HNSW build parameters (`WITH (m = ..., ef_construction = ...)`). */
export interface PgvectorHnswIndexCreationKwargs {
  /** Connections per layer. @example 16 */
  readonly m?: number | undefined;
  /** Candidate list size while building. @example 64 */
  readonly efConstruction?: number | undefined;
}

/**
 * Options of {@link PgvectorDocumentStore}: pgvector-haystack's `__init__` keyword arguments
 * camelCased, plus where to connect and how to batch.
 *
 * Where the store connects: `pglite` when given; else the value of `connectionString` when it
 * resolves (a Postgres URI or key/value string for any server with pgvector: self-hosted, RDS,
 * Supabase, Neon); else an embedded in-memory PGlite started on first use. In every case the
 * store talks to it through `pg` over the wire protocol; PGlite is served on 127.0.0.1.
 *
 * @example
 * new PgvectorDocumentStore({ embeddingDimension: 384, vectorFunction: 'cosine_similarity', searchStrategy: 'hnsw' });
 */
export interface PgvectorDocumentStoreOptions {
  /**
   * The connection string, read when the store first connects; only the env reference is serialized.
   * @default Secret.fromEnvVar('PG_CONN_STR', { strict: false })
   */
  readonly connectionString?: Secret | undefined;
  /**
   * A PGlite instance created with the `vector` extension (`new PGlite({ extensions: { vector } })`),
   * served to the store on 127.0.0.1. The store never closes it. Takes precedence over `connectionString`.
   * @default undefined
   */
  readonly pglite?: PGliteLike | undefined;
  /** Run `CREATE EXTENSION IF NOT EXISTS vector` on connect (may need superuser rights). @default true */
  readonly createExtension?: boolean | undefined;
  /** The schema of the table; it must exist. @default 'public' */
  readonly schemaName?: string | undefined;
  /** @default 'haystack_documents' */
  readonly tableName?: string | undefined;
  /** The text-search configuration for keyword retrieval (`SELECT cfgname FROM pg_ts_config`). @default 'english' */
  readonly language?: string | undefined;
  /** @default 768 */
  readonly embeddingDimension?: number | undefined;
  /** @default 'vector' */
  readonly vectorType?: PgvectorVectorType | undefined;
  /**
   * `cosine_similarity` and `inner_product`: higher scores are more similar. `l2_distance`: the
   * score is the distance, the most similar documents have the smallest. The HNSW index is built for it.
   * @default 'cosine_similarity'
   */
  readonly vectorFunction?: PgvectorVectorFunction | undefined;
  /** Drop and recreate the table on first use. @default false */
  readonly recreateTable?: boolean | undefined;
  /** @default 'exact_nearest_neighbor' */
  readonly searchStrategy?: PgvectorSearchStrategy | undefined;
  /** Rebuild the HNSW index if it exists (only with `hnsw`). @default false */
  readonly hnswRecreateIndexIfExists?: boolean | undefined;
  /** @default {} (pgvector's defaults: m = 16, ef_construction = 64) */
  readonly hnswIndexCreationKwargs?: PgvectorHnswIndexCreationKwargs | undefined;
  /** @default 'haystack_hnsw_index' */
  readonly hnswIndexName?: string | undefined;
  /** `SET hnsw.ef_search` on every connection (only with `hnsw`). @default undefined (pgvector's 40) */
  readonly hnswEfSearch?: number | undefined;
  /** @default 'haystack_keyword_index' */
  readonly keywordIndexName?: string | undefined;
  /** Connections in the pool for a server given by `connectionString` (PGlite is served through one). @default 10 */
  readonly poolSize?: number | undefined;
  /** Documents per INSERT statement in `writeDocuments`. @default 500 */
  readonly batchSize?: number | undefined;
}

/** Validated options with defaults filled in. */
export interface ResolvedPgvectorDocumentStoreOptions {
  readonly connectionString: Secret;
  readonly pglite: PGliteLike | undefined;
  readonly createExtension: boolean;
  readonly schemaName: string;
  readonly tableName: string;
  readonly language: string;
  readonly embeddingDimension: number;
  readonly vectorType: PgvectorVectorType;
  readonly vectorFunction: PgvectorVectorFunction;
  readonly recreateTable: boolean;
  readonly searchStrategy: PgvectorSearchStrategy;
  readonly hnswRecreateIndexIfExists: boolean;
  readonly hnswIndexCreationKwargs: PgvectorHnswIndexCreationKwargs;
  readonly hnswIndexName: string;
  readonly hnswEfSearch: number | undefined;
  readonly keywordIndexName: string;
  readonly poolSize: number;
  readonly batchSize: number;
}

export const VECTOR_FUNCTIONS: readonly PgvectorVectorFunction[] = ['cosine_similarity', 'inner_product', 'l2_distance'];
const SEARCH_STRATEGIES: readonly PgvectorSearchStrategy[] = ['exact_nearest_neighbor', 'hnsw'];
const VECTOR_TYPES: readonly PgvectorVectorType[] = ['vector', 'halfvec'];
const KNOWN = new Set<string>([
  'connectionString',
  'pglite',
  'createExtension',
  'schemaName',
  'tableName',
  'language',
  'embeddingDimension',
  'vectorType',
  'vectorFunction',
  'recreateTable',
  'searchStrategy',
  'hnswRecreateIndexIfExists',
  'hnswIndexCreationKwargs',
  'hnswIndexName',
  'hnswEfSearch',
  'keywordIndexName',
  'poolSize',
  'batchSize',
]);
// Postgres identifiers as the store writes them: always double-quoted, so this pattern only keeps
// out names that would need escaping (quotes, dots, spaces) and ones Postgres would truncate.
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]{0,62}$/;
const WHERE = 'PgvectorDocumentStore';

function fail(message: string): never {
  throw new DocumentStoreError(`${WHERE}: ${message}`);
}

function identifier(name: string, value: unknown): string {
  if (typeof value !== 'string' || !IDENTIFIER.test(value)) {
    fail(
      `expected '${name}' to be a Postgres identifier (a letter or '_' then up to 62 letters, digits, '_' or '$'), got ${describeValue(value)}.`,
    );
  }
  return value;
}

function oneOf<T extends string>(name: string, value: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) {
    fail(`expected '${name}' to be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${describeValue(value)}.`);
  }
  return value as T;
}

function boolean(name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') fail(`expected '${name}' to be a boolean, got ${describeValue(value)}.`);
  return value;
}

function positiveInteger(name: string, value: unknown, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0 || value > max) {
    fail(`expected '${name}' to be an integer from 1 to ${max}, got ${describeValue(value)}.`);
  }
  return value;
}

function hnswKwargs(value: unknown): PgvectorHnswIndexCreationKwargs {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail(`expected 'hnswIndexCreationKwargs' to be an object, got ${describeValue(value)}.`);
  }
  const out: { m?: number; efConstruction?: number } = {};
  for (const [key, raw] of Object.entries(value)) {
    if (raw === undefined) continue;
    if (key === 'm') out.m = positiveInteger('hnswIndexCreationKwargs.m', raw, 100);
    else if (key === 'efConstruction' || key === 'ef_construction') {
      out.efConstruction = positiveInteger('hnswIndexCreationKwargs.efConstruction', raw, 1000);
    } else fail(`unknown key '${key}' in 'hnswIndexCreationKwargs'; expected 'm' or 'efConstruction'.`);
  }
  return out;
}

/** Checks the options once, at construction. */
export function resolvePgvectorDocumentStoreOptions(options: PgvectorDocumentStoreOptions): ResolvedPgvectorDocumentStoreOptions {
  if (typeof options !== 'object' || options === null) fail(`expected an options object, got ${describeValue(options)}.`);
  for (const key of Object.keys(options)) {
    if (!KNOWN.has(key)) fail(`unknown option '${key}'. Known options: ${[...KNOWN].join(', ')}.`);
  }
  const {
    connectionString = Secret.fromEnvVar('PG_CONN_STR', { strict: false }),
    pglite,
    createExtension = true,
    schemaName = 'public',
    tableName = 'haystack_documents',
    language = 'english',
    embeddingDimension = 768,
    vectorType = 'vector',
    vectorFunction = 'cosine_similarity',
    recreateTable = false,
    searchStrategy = 'exact_nearest_neighbor',
    hnswRecreateIndexIfExists = false,
    hnswIndexCreationKwargs = {},
    hnswIndexName = 'haystack_hnsw_index',
    hnswEfSearch,
    keywordIndexName = 'haystack_keyword_index',
    poolSize = 10,
    batchSize = 500,
  } = options;
  if (!(connectionString instanceof Secret)) {
    fail(`expected 'connectionString' to be a Secret (e.g. Secret.fromEnvVar('PG_CONN_STR')), got ${describeValue(connectionString, { hideText: true })}.`);
  }
  if (pglite !== undefined && (typeof pglite !== 'object' || pglite === null || typeof pglite.execProtocolRawStream !== 'function')) {
    fail(`expected 'pglite' to be a PGlite instance, got ${describeValue(pglite)}.`);
  }
  const type = oneOf('vectorType', vectorType, VECTOR_TYPES);
  return {
    connectionString,
    pglite,
    createExtension: boolean('createExtension', createExtension),
    schemaName: identifier('schemaName', schemaName),
    tableName: identifier('tableName', tableName),
    // Text-search configuration names follow the identifier rule too; the store writes them as a literal.
    language: identifier('language', language),
    // pgvector's limits: 16,000 dimensions for vector, 4,000 indexed; 16,000 for halfvec.
    embeddingDimension: positiveInteger('embeddingDimension', embeddingDimension, 16_000),
    vectorType: type,
    vectorFunction: oneOf('vectorFunction', vectorFunction, VECTOR_FUNCTIONS),
    recreateTable: boolean('recreateTable', recreateTable),
    searchStrategy: oneOf('searchStrategy', searchStrategy, SEARCH_STRATEGIES),
    hnswRecreateIndexIfExists: boolean('hnswRecreateIndexIfExists', hnswRecreateIndexIfExists),
    hnswIndexCreationKwargs: hnswKwargs(hnswIndexCreationKwargs),
    hnswIndexName: identifier('hnswIndexName', hnswIndexName),
    hnswEfSearch: hnswEfSearch === undefined ? undefined : positiveInteger('hnswEfSearch', hnswEfSearch, 1000),
    keywordIndexName: identifier('keywordIndexName', keywordIndexName),
    poolSize: positiveInteger('poolSize', poolSize, 1000),
    // Seven parameters a row; Postgres allows 65,535 parameters a statement.
    batchSize: positiveInteger('batchSize', batchSize, 9000),
  };
}
