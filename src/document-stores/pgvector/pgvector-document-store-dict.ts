import { Secret } from '../../dataclasses/secret.js';
import type { PgvectorDocumentStoreOptions, PgvectorHnswIndexCreationKwargs } from './pgvector-document-store-options.js';

/** pgvector-haystack's serialized layout of the store, both ways. */

/** The store's type name in pgvector-haystack. */
export const PGVECTOR_TYPE_NAME = 'haystack_integrations.document_stores.pgvector.document_store.PgvectorDocumentStore';

/** pgvector-haystack's serialized layout of the store. */
export type PgvectorDocumentStoreDict = {
  type: string;
  init_parameters: Record<string, unknown>;
};

/** The serializable settings of a store (everything but a `pglite` instance). */
export interface SerializableSettings {
  readonly connectionString: Secret;
  readonly createExtension: boolean;
  readonly schemaName: string;
  readonly tableName: string;
  readonly language: string;
  readonly embeddingDimension: number;
  readonly vectorType: string;
  readonly vectorFunction: string;
  readonly recreateTable: boolean;
  readonly searchStrategy: string;
  readonly hnswRecreateIndexIfExists: boolean;
  readonly hnswIndexCreationKwargs: Readonly<PgvectorHnswIndexCreationKwargs>;
  readonly hnswIndexName: string;
  readonly hnswEfSearch: number | undefined;
  readonly keywordIndexName: string;
  readonly poolSize: number;
  readonly batchSize: number;
}

/** `to_dict`: the connection string as its env reference only; `pool_size` and `batch_size` only when not the defaults. */
export function pgvectorStoreToDict(store: SerializableSettings): PgvectorDocumentStoreDict {
  const kwargs: Record<string, number> = {};
  if (store.hnswIndexCreationKwargs.m !== undefined) kwargs['m'] = store.hnswIndexCreationKwargs.m;
  if (store.hnswIndexCreationKwargs.efConstruction !== undefined) kwargs['ef_construction'] = store.hnswIndexCreationKwargs.efConstruction;
  return {
    type: PGVECTOR_TYPE_NAME,
    init_parameters: {
      connection_string: store.connectionString.toDict(),
      create_extension: store.createExtension,
      schema_name: store.schemaName,
      table_name: store.tableName,
      language: store.language,
      embedding_dimension: store.embeddingDimension,
      vector_type: store.vectorType,
      vector_function: store.vectorFunction,
      recreate_table: store.recreateTable,
      search_strategy: store.searchStrategy,
      hnsw_recreate_index_if_exists: store.hnswRecreateIndexIfExists,
      hnsw_index_creation_kwargs: kwargs,
      hnsw_index_name: store.hnswIndexName,
      hnsw_ef_search: store.hnswEfSearch ?? null,
      keyword_index_name: store.keywordIndexName,
      ...(store.poolSize !== 10 ? { pool_size: store.poolSize } : {}),
      ...(store.batchSize !== 500 ? { batch_size: store.batchSize } : {}),
    },
  };
}

/** The constructor options of a `from_dict` layout (snake_case or camelCase keys; nulls dropped). */
export function pgvectorOptionsFromDict(data: Readonly<Record<string, unknown>>): PgvectorDocumentStoreOptions {
  const p = (data['init_parameters'] ?? {}) as Record<string, unknown>;
  const options: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(p)) {
    if (value === null || value === undefined) continue;
    const camel = key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
    options[camel] = value;
  }
  const secret = options['connectionString'];
  if (secret !== undefined && !(secret instanceof Secret)) options['connectionString'] = Secret.fromDict(secret);
  return options as PgvectorDocumentStoreOptions;
}
