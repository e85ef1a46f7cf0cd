import { stat } from 'node:fs/promises';
import { DeserializationError } from '../../errors.js';
import { Document } from '../../dataclasses/document.js';
import type { Filters } from '../../utils/filters.js';
import { FLOAT32_MAX, assertFiniteDocumentEmbeddings } from '../embedding-checks.js';
import { DocumentStoreError, DuplicateDocumentError } from '../errors.js';
import { DuplicatePolicy } from '../types.js';
import { createTokenizer, DEFAULT_TOKENIZATION_REGEX, type Bm25Algorithm, type Bm25Parameters } from './bm25.js';
import { IndexState, sharedIndexState, type TermIndexer } from './index-state.js';
import {
  resolveInMemoryDocumentStoreOptions,
  type EmbeddingSimilarityFunction,
  type InMemoryDocumentStoreOptions,
} from './in-memory-document-store-options.js';
import { bm25Retrieval, embeddingRetrieval, type Bm25RetrievalOptions, type EmbeddingRetrievalOptions, type RetrievalSettings } from './retrieval.js';
import { stageFloat32Embeddings } from './float32-embeddings.js';
import { readStoreFile, writeStoreFile } from './store-file.js';
import { matchingEntries, withEmbedding } from './stored-documents.js';

export type { Bm25RetrievalOptions, EmbeddingRetrievalOptions } from './retrieval.js';

const TYPE_NAME = 'haystack.document_stores.in_memory.document_store.InMemoryDocumentStore';
const WHERE = 'InMemoryDocumentStore';

/** Cancellation for the `...Async` methods. */
export interface StoreCallOptions {
  readonly signal?: AbortSignal | undefined;
}

/** Haystack's serialized layout of the store. */
export type InMemoryDocumentStoreDict = {
  type: string;
  init_parameters: {
    bm25_tokenization_regex: string;
    bm25_algorithm: Bm25Algorithm;
    bm25_parameters: Bm25Parameters;
    embedding_similarity_function: EmbeddingSimilarityFunction;
    index: string;
    /** Haystack 3.x; written only when `false`, so that Haystack 2.31 (which lacks it) loads the rest. */
    shared?: boolean;
    return_embedding: boolean;
    /** Ours, not Haystack's; written only when `true`, so that Haystack loads the rest. */
    bm25_index_in_background?: boolean;
  };
};

/**
 * Haystack's `InMemoryDocumentStore`: documents in process memory, BM25 (L, Okapi, Plus) and
 * embedding retrieval, Haystack's filter language, and JSON persistence.
 *
 * Shared stores (the default) created with the same `index` share their documents, as in Haystack;
 * `shared: false` keeps them per instance (Haystack 3.x). Embeddings live in a
 * contiguous float32 matrix; retrieval returns new Document objects carrying the score.
 *
 * @example
 * const store = new InMemoryDocumentStore();
 * store.writeDocuments([new Document({ content: 'There are over 7,000 languages spoken around the world today.' })]);
 * store.bm25Retrieval({ query: 'languages', topK: 5 });
 */
export class InMemoryDocumentStore {
  static readonly typeName = TYPE_NAME;

  readonly bm25TokenizationRegex: string;
  readonly bm25Algorithm: Bm25Algorithm;
  readonly bm25Parameters: Readonly<Bm25Parameters>;
  readonly embeddingSimilarityFunction: EmbeddingSimilarityFunction;
  readonly index: string;
  /** Whether the documents live in process-wide storage under `index` (Haystack 3.x's `shared`). */
  readonly shared: boolean;
  readonly returnEmbedding: boolean;
  /** Whether a write also indexes BM25 in the background (see the option). */
  readonly bm25IndexInBackground: boolean;
  private readonly tokenize: (text: string) => string[];
  /** Haystack's default pattern: text is tokenized by a scan instead of the regular expression. */
  private readonly defaultPattern: boolean;
  private readonly state: IndexState;
  private readonly retrieval: RetrievalSettings;
  /** This store's tokenizer applied to one document's content (see `IndexState.add`). */
  private readonly indexTerms: TermIndexer = (bm25, content) =>
    content === undefined
      ? bm25.add([])
      : this.defaultPattern
        ? bm25.addDefaultTokens(content)
        : bm25.add(this.tokenize(content));

  constructor(options: InMemoryDocumentStoreOptions = {}) {
    const resolved = resolveInMemoryDocumentStoreOptions(options);
    this.bm25TokenizationRegex = resolved.bm25TokenizationRegex;
    this.bm25Algorithm = resolved.bm25Algorithm;
    this.bm25Parameters = Object.freeze(resolved.bm25Parameters);
    this.embeddingSimilarityFunction = resolved.embeddingSimilarityFunction;
    this.index = resolved.index;
    this.shared = resolved.shared;
    this.returnEmbedding = resolved.returnEmbedding;
    this.bm25IndexInBackground = resolved.bm25IndexInBackground;
    try {
      this.tokenize = createTokenizer(this.bm25TokenizationRegex);
    } catch (error) {
      throw new DocumentStoreError(
        `${WHERE}: 'bm25TokenizationRegex' ${JSON.stringify(this.bm25TokenizationRegex)} is not a valid regular expression.`,
        { cause: error },
      );
    }
    this.defaultPattern = this.bm25TokenizationRegex === DEFAULT_TOKENIZATION_REGEX;
    this.state = this.shared ? sharedIndexState(this.index, resolved.indexGenerated) : new IndexState();
    this.retrieval = {
      tokenize: this.tokenize,
      bm25Algorithm: this.bm25Algorithm,
      bm25Parameters: this.bm25Parameters,
      embeddingSimilarityFunction: this.embeddingSimilarityFunction,
      returnEmbedding: this.returnEmbedding,
    };
  }

  /** Number of stored documents. */
  countDocuments(): number {
    return this.state.entries.size;
  }

  /** The documents matching `filters` (all of them without filters), in insertion order. */
  filterDocuments(filters?: Filters | null): Document[] {
    const out: Document[] = [];
    for (const entry of matchingEntries(this.state, filters, `${WHERE}.filterDocuments`)) {
      out.push(this.returnEmbedding ? withEmbedding(this.state, entry) : entry.document);
    }
    return out;
  }

  /**
   * Writes documents and returns how many were written. With `fail` (and `none`, its alias here) a
   * duplicate id throws {@link DuplicateDocumentError} mid-batch: earlier documents stay written.
   * `overwrite` deletes the old document first, so the new one moves to the end of the order.
   */
  writeDocuments(documents: readonly Document[], policy: DuplicatePolicy = DuplicatePolicy.NONE): number {
    const where = `${WHERE}.writeDocuments`;
    const notDocuments = (): DocumentStoreError => new DocumentStoreError(`${where}: please provide an array of Document instances.`);
    if (!Array.isArray(documents)) throw notDocuments();
    const state = this.state;
    // One pass checks the elements and their vectors (kept as float32: larger magnitudes would become
    // Infinity) and copies the vectors into the matrix's staged rows, before anything is written.
    const { slots, foreign, refused } = stageFloat32Embeddings(state.embeddings, documents);
    if (foreign >= 0) throw notDocuments();
    if (!Object.values(DuplicatePolicy).includes(policy)) {
      throw new DocumentStoreError(
        `${where}: unknown duplicate policy ${JSON.stringify(policy)}; expected one of 'none', 'skip', 'overwrite', 'fail'.`,
      );
    }
    if (refused >= 0) assertFiniteDocumentEmbeddings([documents[refused]!], where, FLOAT32_MAX);
    const effective = policy === DuplicatePolicy.NONE ? DuplicatePolicy.FAIL : policy;
    let written = documents.length;
    try {
      for (let i = 0; i < documents.length; i++) {
        const document = documents[i]!;
        if (state.entries.has(document.id)) {
          if (effective === DuplicatePolicy.FAIL) {
            throw new DuplicateDocumentError(`${where}: ID '${document.id}' already exists.`, document.id);
          }
          if (effective === DuplicatePolicy.SKIP) {
            written -= 1;
            continue;
          }
          this.deleteDocuments([document.id]);
        }
        state.add(document, this.indexTerms, slots[i]!);
      }
    } finally {
      // Also after a duplicate stopped the batch: what it wrote stays written.
      if (this.bm25IndexInBackground) state.indexInBackground();
    }
    return written;
  }

  /** Deletes documents by id; unknown ids are ignored. */
  deleteDocuments(documentIds: readonly string[]): void {
    const state = this.state;
    for (const id of documentIds) {
      const entry = state.entries.get(id);
      if (entry === undefined) continue;
      // Removal reverts the entry's statistics, which must exist and follow every earlier addition.
      state.indexPending();
      state.entries.delete(id);
      state.changed();
      state.bm25.remove(entry.serial);
      if (entry.row >= 0) state.embeddings.remove(entry.row);
      if (entry.oddEmbedding !== undefined) state.oddEmbeddings -= 1;
      state.deleted();
    }
  }

  /** Deletes every document of this store (of every store sharing its index, when shared). */
  deleteAllDocuments(): void {
    this.state.clear();
  }

  /** Number of documents matching `filters`. */
  countDocumentsByFilter(filters: Filters): number {
    let count = 0;
    for (const _ of matchingEntries(this.state, filters, `${WHERE}.countDocumentsByFilter`)) count += 1;
    return count;
  }

  /** Deletes the documents matching `filters` and returns how many. */
  deleteByFilter(filters: Filters): number {
    const ids = [...matchingEntries(this.state, filters, `${WHERE}.deleteByFilter`)].map((entry) => entry.document.id);
    this.deleteDocuments(ids);
    return ids.length;
  }

  /**
   * Merges `meta` into the metadata of every document matching `filters` and returns how many.
   * Ids are not recomputed, as in Haystack; documents keep their place in the order.
   */
  updateByFilter(filters: Filters, meta: Readonly<Record<string, unknown>>): number {
    const entries = [...matchingEntries(this.state, filters, `${WHERE}.updateByFilter`)];
    for (const entry of entries) {
      // In place: the entry keeps its place (and serial, or its pending indexing) in the insertion order.
      entry.document = entry.document.copyWith({ meta: { ...entry.document.meta, ...meta } });
      this.state.changed();
    }
    return entries.length;
  }

  /**
   * BM25 retrieval with Haystack's rules: statistics over the whole index, candidates = documents
   * with content that match `filters`, the `topK` best first, then documents scoring `<= 0` dropped
   * (except unscaled BM25Okapi, whose negative scores are valid). Scaled scores are always > 0.
   */
  bm25Retrieval(options: Bm25RetrievalOptions): Document[] {
    return bm25Retrieval(this.state, this.retrieval, options);
  }

  /** Embedding retrieval: dot product or cosine over the documents that have an embedding and match `filters`. */
  embeddingRetrieval(options: EmbeddingRetrievalOptions): Document[] {
    return embeddingRetrieval(this.state, this.retrieval, options);
  }

  /** {@link InMemoryDocumentStore.countDocuments}, awaitable; checks `signal` first. */
  async countDocumentsAsync(options: StoreCallOptions = {}): Promise<number> {
    options.signal?.throwIfAborted();
    return this.countDocuments();
  }

  /** {@link InMemoryDocumentStore.filterDocuments}, awaitable. */
  async filterDocumentsAsync(filters?: Filters | null, options: StoreCallOptions = {}): Promise<Document[]> {
    options.signal?.throwIfAborted();
    return this.filterDocuments(filters);
  }

  /** {@link InMemoryDocumentStore.writeDocuments}, awaitable. */
  async writeDocumentsAsync(
    documents: readonly Document[],
    policy: DuplicatePolicy = DuplicatePolicy.NONE,
    options: StoreCallOptions = {},
  ): Promise<number> {
    options.signal?.throwIfAborted();
    return this.writeDocuments(documents, policy);
  }

  /** {@link InMemoryDocumentStore.deleteDocuments}, awaitable. */
  async deleteDocumentsAsync(documentIds: readonly string[], options: StoreCallOptions = {}): Promise<void> {
    options.signal?.throwIfAborted();
    this.deleteDocuments(documentIds);
  }

  /** {@link InMemoryDocumentStore.deleteAllDocuments}, awaitable. */
  async deleteAllDocumentsAsync(options: StoreCallOptions = {}): Promise<void> {
    options.signal?.throwIfAborted();
    this.deleteAllDocuments();
  }

  /** {@link InMemoryDocumentStore.countDocumentsByFilter}, awaitable. */
  async countDocumentsByFilterAsync(filters: Filters, options: StoreCallOptions = {}): Promise<number> {
    options.signal?.throwIfAborted();
    return this.countDocumentsByFilter(filters);
  }

  /** {@link InMemoryDocumentStore.deleteByFilter}, awaitable. */
  async deleteByFilterAsync(filters: Filters, options: StoreCallOptions = {}): Promise<number> {
    options.signal?.throwIfAborted();
    return this.deleteByFilter(filters);
  }

  /** {@link InMemoryDocumentStore.updateByFilter}, awaitable. */
  async updateByFilterAsync(filters: Filters, meta: Readonly<Record<string, unknown>>, options: StoreCallOptions = {}): Promise<number> {
    options.signal?.throwIfAborted();
    return this.updateByFilter(filters, meta);
  }

  /** {@link InMemoryDocumentStore.bm25Retrieval}, awaitable. */
  async bm25RetrievalAsync(options: Bm25RetrievalOptions & StoreCallOptions): Promise<Document[]> {
    options.signal?.throwIfAborted();
    return this.bm25Retrieval(options);
  }

  /** {@link InMemoryDocumentStore.embeddingRetrieval}, awaitable. */
  async embeddingRetrievalAsync(options: EmbeddingRetrievalOptions & StoreCallOptions): Promise<Document[]> {
    options.signal?.throwIfAborted();
    return this.embeddingRetrieval(options);
  }

  /** Haystack's `to_dict` (documents are not included). */
  toDict(): InMemoryDocumentStoreDict {
    return {
      type: TYPE_NAME,
      init_parameters: {
        bm25_tokenization_regex: this.bm25TokenizationRegex,
        bm25_algorithm: this.bm25Algorithm,
        bm25_parameters: { ...this.bm25Parameters },
        embedding_similarity_function: this.embeddingSimilarityFunction,
        index: this.index,
        ...(this.shared ? {} : { shared: false }),
        return_embedding: this.returnEmbedding,
        ...(this.bm25IndexInBackground ? { bm25_index_in_background: true } : {}),
      },
    };
  }

  /** Haystack's `from_dict` (2.31's or 3.x's layout); a shared store with the same `index` shares its documents. */
  static fromDict(data: Readonly<Record<string, unknown>>): InMemoryDocumentStore {
    if (data['type'] !== TYPE_NAME) {
      throw new DeserializationError(
        `InMemoryDocumentStore.fromDict: class '${String(data['type'])}' can't be deserialized as '${TYPE_NAME}'.`,
      );
    }
    const p = (data['init_parameters'] ?? {}) as Record<string, unknown>;
    const options: Record<string, unknown> = {};
    const names: Record<string, keyof InMemoryDocumentStoreOptions> = {
      bm25_tokenization_regex: 'bm25TokenizationRegex',
      bm25_algorithm: 'bm25Algorithm',
      bm25_parameters: 'bm25Parameters',
      embedding_similarity_function: 'embeddingSimilarityFunction',
      index: 'index',
      shared: 'shared',
      return_embedding: 'returnEmbedding',
      bm25_index_in_background: 'bm25IndexInBackground',
    };
    for (const [snake, camel] of Object.entries(names)) {
      const value = p[snake] ?? p[camel];
      if (value !== undefined && value !== null) options[camel] = value;
    }
    return new InMemoryDocumentStore(options as InMemoryDocumentStoreOptions);
  }

  /**
   * Writes the store's settings and documents to a JSON file in Haystack's layout, atomically: the
   * data goes to a temporary file beside `path` that is flushed and then renamed over it, so a crash
   * leaves either the old file or the new one. One document per line keeps memory flat.
   */
  async saveToDisk(path: string, options: StoreCallOptions = {}): Promise<void> {
    const { signal } = options;
    signal?.throwIfAborted();
    const entries = [...this.state.entries.values()];
    await writeStoreFile(path, this.toDict(), entries.length, (i) => withEmbedding(this.state, entries[i]!), signal);
  }


  /**
   * Reads a file written by {@link InMemoryDocumentStore.saveToDisk} (or by Haystack's `save_to_disk`) and writes its
   * documents with `overwrite` into a store built from its settings (same index → shared storage).
   */
  static async loadFromDisk(path: string, options: StoreCallOptions = {}): Promise<InMemoryDocumentStore> {
    const { signal } = options;
    signal?.throwIfAborted();
    try {
      await stat(path);
    } catch (error) {
      throw new DocumentStoreError(`InMemoryDocumentStore.loadFromDisk: file ${path} not found.`, { cause: error });
    }
    let data: Record<string, unknown>;
    let documents: Document[];
    try {
      ({ data, documents } = await readStoreFile(path, signal));
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      throw new DocumentStoreError(
        `InMemoryDocumentStore.loadFromDisk: error loading the store from ${path}: ${(error as Error).message}`,
        { cause: error },
      );
    }
    const store = InMemoryDocumentStore.fromDict(data);
    store.writeDocuments(documents, DuplicatePolicy.OVERWRITE);
    return store;
  }

  /**
   * Nothing to release: the store holds no connection or handle, only memory, which goes with the
   * instance (or stays with its `index` when shared). Present so that code written for any store
   * (`await using store = ...`, `store.close()`) works with this one too.
   */
  close(): void {}

  /** As {@link InMemoryDocumentStore.close}. */
  async closeAsync(): Promise<void> {}

  /** `await using store = new InMemoryDocumentStore()` works like any other store's. */
  async [Symbol.asyncDispose](): Promise<void> {}
}
