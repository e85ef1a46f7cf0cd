import { inspect } from 'node:util';
import { DeserializationError, SerializationError } from '../../errors.js';
import { getLogger } from '../../core/logger.js';
import { Document } from '../../dataclasses/document.js';
import type { Filters } from '../../utils/filters.js';
import { Secret } from '../../dataclasses/secret.js';
import { describeValue } from '../../describe.js';
import { DocumentStoreError, DuplicateDocumentError } from '../errors.js';
import { DuplicatePolicy } from '../types.js';
import { PgvectorConnection } from './pgvector-connection.js';
import {
  resolvePgvectorDocumentStoreOptions,
  VECTOR_FUNCTIONS,
  type PgvectorDocumentStoreOptions,
  type PgvectorHnswIndexCreationKwargs,
  type PgvectorSearchStrategy,
  type PgvectorVectorFunction,
  type PgvectorVectorType,
} from './pgvector-document-store-options.js';
import { SqlParameters } from './pgvector-filters.js';
import { documentToRow, rowToDocument, SELECT_COLUMNS } from './pgvector-rows.js';
import { PGVECTOR_TYPE_NAME, pgvectorOptionsFromDict, pgvectorStoreToDict, type PgvectorDocumentStoreDict } from './pgvector-document-store-dict.js';
import { createSchema, qualifiedTable } from './pgvector-schema.js';
import { deduplicate, embeddingQuery, filterCondition, insertStatement, keywordQuery } from './pgvector-sql.js';
import {
  checkTopK,
  isNumberArray,
  type PgvectorEmbeddingRetrievalOptions,
  type PgvectorKeywordRetrievalOptions,
  type PgvectorStoreCallOptions,
} from './pgvector-call-options.js';

export type { PgvectorDocumentStoreDict } from './pgvector-document-store-dict.js';
export type { PgvectorEmbeddingRetrievalOptions, PgvectorKeywordRetrievalOptions, PgvectorStoreCallOptions } from './pgvector-call-options.js';

const TYPE_NAME = PGVECTOR_TYPE_NAME;
const WHERE = 'PgvectorDocumentStore';
/**
 * pgvector-haystack's `PgvectorDocumentStore`: documents in a PostgreSQL table with the pgvector
 * extension, Haystack's filter language as parameterised SQL, keyword retrieval with Postgres
 * full-text search (`ts_rank_cd`) and embedding retrieval, exact or through an HNSW index.
 *
 * Every call goes through `pg` (node-postgres) over the wire protocol: to the server of
 * `connectionString` (env `PG_CONN_STR`), to a given PGlite instance, or, when neither is set, to
 * an embedded in-memory PGlite started on first use. Every method is asynchronous; the names
 * without `Async` are the same calls without options.
 *
 * @example
 * const store = new PgvectorDocumentStore({ embeddingDimension: 384 }); // PG_CONN_STR, else embedded
 * await store.writeDocuments([new Document({ content: 'There are over 7,000 languages spoken around the world today.' })]);
 * await store.keywordRetrievalAsync({ query: 'languages', topK: 5 });
 * await store.close();
 */
export class PgvectorDocumentStore {
  static readonly typeName = TYPE_NAME;

  readonly connectionString: Secret;
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
  readonly hnswIndexCreationKwargs: Readonly<PgvectorHnswIndexCreationKwargs>;
  readonly hnswIndexName: string;
  readonly hnswEfSearch: number | undefined;
  readonly keywordIndexName: string;
  readonly poolSize: number;
  readonly batchSize: number;
  readonly #pglite: PgvectorDocumentStoreOptions['pglite'];
  readonly #connection: PgvectorConnection;

  constructor(options: PgvectorDocumentStoreOptions = {}) {
    const resolved = resolvePgvectorDocumentStoreOptions(options);
    this.connectionString = resolved.connectionString;
    this.#pglite = resolved.pglite;
    this.createExtension = resolved.createExtension;
    this.schemaName = resolved.schemaName;
    this.tableName = resolved.tableName;
    this.language = resolved.language;
    this.embeddingDimension = resolved.embeddingDimension;
    this.vectorType = resolved.vectorType;
    this.vectorFunction = resolved.vectorFunction;
    this.recreateTable = resolved.recreateTable;
    this.searchStrategy = resolved.searchStrategy;
    this.hnswRecreateIndexIfExists = resolved.hnswRecreateIndexIfExists;
    this.hnswIndexCreationKwargs = Object.freeze({ ...resolved.hnswIndexCreationKwargs });
    this.hnswIndexName = resolved.hnswIndexName;
    this.hnswEfSearch = resolved.hnswEfSearch;
    this.keywordIndexName = resolved.keywordIndexName;
    this.poolSize = resolved.poolSize;
    this.batchSize = resolved.batchSize;
    this.#connection = new PgvectorConnection(
      { connectionString: this.connectionString, pglite: this.#pglite, poolSize: this.poolSize },
      (run) => createSchema(this, run),
    );
  }

  /** `"schema"."table"`. */
  private get table(): string {
    return qualifiedTable(this);
  }

  // ---- the store protocol -------------------------------------------------------------------

  /** Number of stored documents. */
  async countDocumentsAsync(options: PgvectorStoreCallOptions = {}): Promise<number> {
    return this.countDocumentsByFilterAsync({}, options, `${WHERE}.countDocuments`);
  }

  /** The documents matching `filters` (all without filters), ordered by id. */
  async filterDocumentsAsync(filters?: Filters | null, options: PgvectorStoreCallOptions = {}): Promise<Document[]> {
    const where = `${WHERE}.filterDocuments`;
    const params = new SqlParameters();
    const condition = filterCondition(filters, params, where);
    return this.#connection.query(where, 'could not filter documents', options.signal, async ({ pool, pgvector }) => {
      const result = await pool.query(`SELECT ${SELECT_COLUMNS} FROM ${this.table} WHERE ${condition} ORDER BY id`, params.values);
      return result.rows.map((row) => rowToDocument(row, pgvector));
    });
  }

  /**
   * Writes documents in one transaction and returns how many were written. `fail` (and `none`, its
   * alias) throws {@link DuplicateDocumentError} for an id already stored or repeated in the batch,
   * and writes nothing; `skip` keeps the stored document; `overwrite` replaces it (a repeated id:
   * the last copy wins).
   */
  async writeDocumentsAsync(
    documents: readonly Document[],
    policy: DuplicatePolicy = DuplicatePolicy.NONE,
    options: PgvectorStoreCallOptions = {},
  ): Promise<number> {
    const where = `${WHERE}.writeDocuments`;
    if (!Array.isArray(documents) || documents.some((doc) => !(doc instanceof Document))) {
      throw new DocumentStoreError(`${where}: please provide an array of Document instances.`);
    }
    if (!Object.values(DuplicatePolicy).includes(policy)) {
      throw new DocumentStoreError(
        `${where}: unknown duplicate policy ${JSON.stringify(policy)}; expected one of 'none', 'skip', 'overwrite', 'fail'.`,
      );
    }
    const effective = policy === DuplicatePolicy.NONE ? DuplicatePolicy.FAIL : policy;
    const rows = deduplicate(documents, effective, where);
    for (const doc of rows) {
      if (doc.embedding !== undefined && doc.embedding.length !== this.embeddingDimension) {
        throw new DocumentStoreError(
          `${where}: document '${doc.id}' has an embedding of ${doc.embedding.length} dimensions; the store's embeddingDimension is ${this.embeddingDimension}.`,
        );
      }
    }
    if (rows.some((doc) => doc.sparseEmbedding !== undefined)) {
      getLogger().warn(`${where}: sparse embeddings are not stored by PgvectorDocumentStore and were dropped.`);
    }
    if (rows.length === 0) return 0;
    const written = await this.#connection.query(where, 'could not write documents', options.signal, ({ pool, pgvector }) =>
      this.#connection.transaction(pool, async (client) => {
        if (effective === DuplicatePolicy.FAIL) {
          const existing = await client.query(`SELECT id FROM ${this.table} WHERE id = ANY($1::text[]) LIMIT 1`, [rows.map((d) => d.id)]);
          const id = existing.rows[0]?.['id'];
          if (id !== undefined) throw new DuplicateDocumentError(`${where}: ID '${String(id)}' already exists.`, String(id));
        }
        let count = 0;
        for (let start = 0; start < rows.length; start += this.batchSize) {
          options.signal?.throwIfAborted();
          const batch = rows.slice(start, start + this.batchSize);
          const result = await client.query(insertStatement(this.table, this.vectorType, batch.length, effective), batch.flatMap((doc) => documentToRow(doc, pgvector)));
          count += result.rowCount ?? result.rows.length;
        }
        return count;
      }),
    );
    return effective === DuplicatePolicy.OVERWRITE ? documents.length : written;
  }

  /** Deletes documents by id; unknown ids are ignored. */
  async deleteDocumentsAsync(documentIds: readonly string[], options: PgvectorStoreCallOptions = {}): Promise<void> {
    const where = `${WHERE}.deleteDocuments`;
    if (!Array.isArray(documentIds) || documentIds.some((id) => typeof id !== 'string')) {
      throw new DocumentStoreError(`${where}: expected an array of document ids (strings), got ${describeValue(documentIds)}.`);
    }
    if (documentIds.length === 0) return;
    await this.#connection.query(where, 'could not delete documents', options.signal, ({ pool }) =>
      pool.query(`DELETE FROM ${this.table} WHERE id = ANY($1::text[])`, [documentIds]),
    );
  }

  /** Deletes every document of the table. */
  async deleteAllDocumentsAsync(options: PgvectorStoreCallOptions = {}): Promise<void> {
    await this.#connection.query(`${WHERE}.deleteAllDocuments`, 'could not delete documents', options.signal, ({ pool }) =>
      pool.query(`DELETE FROM ${this.table}`),
    );
  }

  /** Number of documents matching `filters`. */
  async countDocumentsByFilterAsync(
    filters: Filters,
    options: PgvectorStoreCallOptions = {},
    where = `${WHERE}.countDocumentsByFilter`,
  ): Promise<number> {
    const params = new SqlParameters();
    const condition = filterCondition(filters, params, where);
    return this.#connection.query(where, 'could not count documents', options.signal, async ({ pool }) => {
      const result = await pool.query(`SELECT COUNT(*) AS n FROM ${this.table} WHERE ${condition}`, params.values);
      return Number(result.rows[0]?.['n'] ?? 0);
    });
  }

  /** Deletes the documents matching `filters` and returns how many. */
  async deleteByFilterAsync(filters: Filters, options: PgvectorStoreCallOptions = {}): Promise<number> {
    const where = `${WHERE}.deleteByFilter`;
    const params = new SqlParameters();
    const condition = filterCondition(filters, params, where);
    return this.#connection.query(where, 'could not delete documents', options.signal, async ({ pool }) => {
      const result = await pool.query(`DELETE FROM ${this.table} WHERE ${condition}`, params.values);
      return result.rowCount ?? 0;
    });
  }

  /** Merges `meta` into the metadata of every document matching `filters` and returns how many (ids are kept). */
  async updateByFilterAsync(
    filters: Filters,
    meta: Readonly<Record<string, unknown>>,
    options: PgvectorStoreCallOptions = {},
  ): Promise<number> {
    const where = `${WHERE}.updateByFilter`;
    if (typeof meta !== 'object' || meta === null || Array.isArray(meta)) {
      throw new DocumentStoreError(`${where}: expected 'meta' to be an object, got ${describeValue(meta)}.`);
    }
    const params = new SqlParameters();
    const condition = filterCondition(filters, params, where);
    const patch = params.add(JSON.stringify(meta));
    return this.#connection.query(where, 'could not update documents', options.signal, async ({ pool }) => {
      const result = await pool.query(
        `UPDATE ${this.table} SET meta = COALESCE(meta, '{}'::jsonb) || ${patch}::jsonb WHERE ${condition}`,
        params.values,
      );
      return result.rowCount ?? 0;
    });
  }

  // ---- retrieval ----------------------------------------------------------------------------

  /**
   * Full-text retrieval as pgvector-haystack does it: `plainto_tsquery(language, query)` matched
   * against `to_tsvector(language, content)` (the keyword index's expression), scored with
   * `ts_rank_cd`, best first (ties by id). Documents that do not match are not returned.
   */
  async keywordRetrievalAsync(options: PgvectorKeywordRetrievalOptions): Promise<Document[]> {
    const where = `${WHERE}.keywordRetrieval`;
    const { query, filters, topK = 10, signal } = options;
    if (typeof query !== 'string' || query === '') throw new DocumentStoreError(`${where}: query must be a non-empty string.`);
    checkTopK(topK, where);
    const params = new SqlParameters();
    const text = params.add(query);
    const condition = filterCondition(filters, params, where);
    const limit = params.add(topK);
    return this.#connection.query(where, 'could not retrieve documents', signal, async ({ pool, pgvector }) => {
      const result = await pool.query(keywordQuery(this.table, this.language, text, condition, limit), params.values);
      return result.rows.map((row) => rowToDocument(row, pgvector));
    });
  }

  /**
   * Nearest neighbours of `queryEmbedding` among the documents that have an embedding and match
   * `filters`. Scores as pgvector-haystack: cosine `1 - (a <=> b)`, inner product `-(a <#> b)`
   * (higher is closer), L2 distance `a <-> b` (lower is closer). With `hnsw` the index answers
   * (approximate, and a selective filter can leave fewer than `topK` results).
   */
  async embeddingRetrievalAsync(options: PgvectorEmbeddingRetrievalOptions): Promise<Document[]> {
    const where = `${WHERE}.embeddingRetrieval`;
    const { queryEmbedding, filters, topK = 10, signal } = options;
    const vectorFunction = options.vectorFunction ?? this.vectorFunction;
    if (!isNumberArray(queryEmbedding)) throw new DocumentStoreError(`${where}: queryEmbedding must be a non-empty array of numbers.`);
    if (queryEmbedding.length !== this.embeddingDimension) {
      throw new DocumentStoreError(
        `${where}: queryEmbedding has ${queryEmbedding.length} dimensions; the store's embeddingDimension is ${this.embeddingDimension}.`,
      );
    }
    if (!VECTOR_FUNCTIONS.includes(vectorFunction)) {
      throw new DocumentStoreError(
        `${where}: expected vectorFunction to be one of ${VECTOR_FUNCTIONS.map((f) => `'${f}'`).join(', ')}, got ${describeValue(vectorFunction)}.`,
      );
    }
    checkTopK(topK, where);
    return this.#connection.query(where, 'could not retrieve documents', signal, async ({ pool, pgvector }) => {
      const params = new SqlParameters();
      const q = `${params.add(pgvector.toSql(Array.from(queryEmbedding)))}::${this.vectorType}`;
      const condition = filterCondition(filters, params, where);
      const limit = params.add(topK);
      const sql = embeddingQuery(this.table, vectorFunction, q, condition, limit);
      const efSearch = this.searchStrategy === 'hnsw' ? this.hnswEfSearch : undefined;
      // SET LOCAL scopes ef_search to this query's transaction, so pooled connections shared with
      // other work keep their own setting.
      const result =
        efSearch === undefined
          ? await pool.query(sql, params.values)
          : await this.#connection.transaction(pool, async (client) => {
              await client.query(`SET LOCAL hnsw.ef_search = ${efSearch}`);
              return client.query(sql, params.values);
            });
      return result.rows.map((row) => rowToDocument(row, pgvector));
    });
  }

  // ---- lifecycle ----------------------------------------------------------------------------

  /** Drops the table (the next call creates it again). */
  async deleteTableAsync(options: PgvectorStoreCallOptions = {}): Promise<void> {
    await this.#connection.query(`${WHERE}.deleteTable`, `could not delete table ${this.table}`, options.signal, ({ pool }) =>
      pool.query(`DROP TABLE IF EXISTS ${this.table}`),
    );
    await this.close();
  }

  /**
   * Closes the pool (and the embedded PGlite the store started; a PGlite given as `pglite` stays
   * open). A later call connects again; an embedded database then starts empty.
   */
  async close(): Promise<void> {
    await this.#connection.close();
  }

  /** As {@link PgvectorDocumentStore.close} (Haystack's `close_async`). */
  closeAsync(): Promise<void> {
    return this.close();
  }

  /** `await using store = new PgvectorDocumentStore(...)` closes the pool at the end of the scope. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  // ---- the names without Async --------------------------------------------------------------

  /** {@link PgvectorDocumentStore.countDocumentsAsync} without options. */
  countDocuments(): Promise<number> {
    return this.countDocumentsAsync();
  }

  /** {@link PgvectorDocumentStore.filterDocumentsAsync} without options. */
  filterDocuments(filters?: Filters | null): Promise<Document[]> {
    return this.filterDocumentsAsync(filters);
  }

  /** {@link PgvectorDocumentStore.writeDocumentsAsync} without options. */
  writeDocuments(documents: readonly Document[], policy: DuplicatePolicy = DuplicatePolicy.NONE): Promise<number> {
    return this.writeDocumentsAsync(documents, policy);
  }

  /** {@link PgvectorDocumentStore.deleteDocumentsAsync} without options. */
  deleteDocuments(documentIds: readonly string[]): Promise<void> {
    return this.deleteDocumentsAsync(documentIds);
  }

  /** {@link PgvectorDocumentStore.deleteAllDocumentsAsync} without options. */
  deleteAllDocuments(): Promise<void> {
    return this.deleteAllDocumentsAsync();
  }

  /** {@link PgvectorDocumentStore.countDocumentsByFilterAsync} without options. */
  countDocumentsByFilter(filters: Filters): Promise<number> {
    return this.countDocumentsByFilterAsync(filters);
  }

  /** {@link PgvectorDocumentStore.deleteByFilterAsync} without options. */
  deleteByFilter(filters: Filters): Promise<number> {
    return this.deleteByFilterAsync(filters);
  }

  /** {@link PgvectorDocumentStore.updateByFilterAsync} without options. */
  updateByFilter(filters: Filters, meta: Readonly<Record<string, unknown>>): Promise<number> {
    return this.updateByFilterAsync(filters, meta);
  }

  /** {@link PgvectorDocumentStore.deleteTableAsync} without options. */
  deleteTable(): Promise<void> {
    return this.deleteTableAsync();
  }

  // ---- serialization ------------------------------------------------------------------------

  /**
   * pgvector-haystack's `to_dict`: the connection string as its env reference only (a token
   * secret or a `pglite` instance cannot be serialized). `pool_size` and `batch_size`, which
   * Haystack lacks, are written only when they differ from their defaults.
   */
  toDict(): PgvectorDocumentStoreDict {
    if (this.#pglite !== undefined) {
      throw new SerializationError(`${WHERE}.toDict: a store built on a PGlite instance cannot be serialized; use a connectionString.`);
    }
    return pgvectorStoreToDict(this);
  }

  /** pgvector-haystack's `from_dict` (snake_case or camelCase keys). */
  static fromDict(data: Readonly<Record<string, unknown>>): PgvectorDocumentStore {
    if (data['type'] !== TYPE_NAME) {
      throw new DeserializationError(`${WHERE}.fromDict: class '${String(data['type'])}' can't be deserialized as '${TYPE_NAME}'.`);
    }
    const options = pgvectorOptionsFromDict(data);
    try {
      return new PgvectorDocumentStore(options);
    } catch (error) {
      throw new DeserializationError(`${WHERE}.fromDict: ${(error as Error).message}`, { cause: error });
    }
  }

  toString(): string {
    return `PgvectorDocumentStore(table=${this.schemaName}.${this.tableName}, embeddingDimension=${this.embeddingDimension}, vectorFunction=${this.vectorFunction}, searchStrategy=${this.searchStrategy}, connectionString=${this.connectionString.toString()})`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}
