import { createReadStream } from 'node:fs';
import { open, rename, rm, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { DeserializationError } from '../../errors.js';
import { Document } from '../../dataclasses/document.js';
import { documentMatchesFilter, isEmptyFilter, validateFilters, type Filters } from '../../utils/filters.js';
import { FLOAT32_MAX, assertFiniteDocumentEmbeddings, assertFiniteQueryEmbedding } from '../embedding-checks.js';
import { DocumentStoreError, DuplicateDocumentError } from '../errors.js';
import { DuplicatePolicy } from '../types.js';
import { createTokenizer, DEFAULT_TOKENIZATION_REGEX, type Bm25Algorithm, type Bm25Parameters } from './bm25.js';
import { IndexState, sharedIndexState, type StoredEntry, type TermIndexer } from './index-state.js';
import {
  resolveInMemoryDocumentStoreOptions,
  type EmbeddingSimilarityFunction,
  type InMemoryDocumentStoreOptions,
} from './in-memory-document-store-options.js';
import { topKIndices } from './top-k.js';

// Haystack's constants: BM25 scores are squashed with expit(score / 8), dot products with expit(score / 100).
const BM25_SCALING_FACTOR = 8;
const DOT_PRODUCT_SCALING_FACTOR = 100;
const TYPE_NAME = 'haystack.document_stores.in_memory.document_store.InMemoryDocumentStore';
const WHERE = 'InMemoryDocumentStore';

/** Cancellation for the `...Async` methods. */
export interface StoreCallOptions {
  readonly signal?: AbortSignal | undefined;
}

/** Arguments of {@link InMemoryDocumentStore.bm25Retrieval}. */
export interface Bm25RetrievalOptions {
  readonly query: string;
  readonly filters?: Filters | null | undefined;
  /** @default 10 */
  readonly topK?: number | undefined;
  /** Squash scores into (0, 1) with `1 / (1 + exp(-score / 8))`. @default false */
  readonly scaleScore?: boolean | undefined;
}

/** Arguments of {@link InMemoryDocumentStore.embeddingRetrieval}. */
export interface EmbeddingRetrievalOptions {
  readonly queryEmbedding: ArrayLike<number>;
  readonly filters?: Filters | null | undefined;
  /** @default 10 */
  readonly topK?: number | undefined;
  /** Dot product: `expit(score / 100)`; cosine: `(score + 1) / 2`. @default false */
  readonly scaleScore?: boolean | undefined;
  /** `null` uses the store's `returnEmbedding`. @default false (as Haystack) */
  readonly returnEmbedding?: boolean | null | undefined;
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
  };
};

function expit(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

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
  private readonly tokenize: (text: string) => string[];
  /** Haystack's default pattern: ASCII text is tokenized by a scan instead of the regular expression. */
  private readonly defaultPattern: boolean;
  private readonly state: IndexState;
  /** This store's tokenizer applied to one document's content (see {@link IndexState.add}). */
  private readonly indexTerms: TermIndexer = (bm25, content) =>
    content === undefined
      ? bm25.add([])
      : ((this.defaultPattern ? bm25.addDefaultTokens(content) : undefined) ?? bm25.add(this.tokenize(content)));

  constructor(options: InMemoryDocumentStoreOptions = {}) {
    const resolved = resolveInMemoryDocumentStoreOptions(options);
    this.bm25TokenizationRegex = resolved.bm25TokenizationRegex;
    this.bm25Algorithm = resolved.bm25Algorithm;
    this.bm25Parameters = Object.freeze(resolved.bm25Parameters);
    this.embeddingSimilarityFunction = resolved.embeddingSimilarityFunction;
    this.index = resolved.index;
    this.shared = resolved.shared;
    this.returnEmbedding = resolved.returnEmbedding;
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
  }

  /** Number of stored documents. */
  countDocuments(): number {
    return this.state.entries.size;
  }

  /** The documents matching `filters` (all of them without filters), in insertion order. */
  filterDocuments(filters?: Filters | null): Document[] {
    const out: Document[] = [];
    for (const entry of this.matching(filters, `${WHERE}.filterDocuments`)) {
      out.push(this.returnEmbedding ? this.withEmbedding(entry) : entry.document);
    }
    return out;
  }

  /**
   * Writes documents and returns how many were written. With `fail` (and `none`, its alias here) a
   * duplicate id throws {@link DuplicateDocumentError} mid-batch: earlier documents stay written.
   * `overwrite` deletes the old document first, so the new one moves to the end of the order.
   */
  writeDocuments(documents: readonly Document[], policy: DuplicatePolicy = DuplicatePolicy.NONE): number {
    if (!Array.isArray(documents) || documents.some((doc) => !(doc instanceof Document))) {
      throw new DocumentStoreError(`${WHERE}.writeDocuments: please provide an array of Document instances.`);
    }
    if (!Object.values(DuplicatePolicy).includes(policy)) {
      throw new DocumentStoreError(
        `${WHERE}.writeDocuments: unknown duplicate policy ${JSON.stringify(policy)}; expected one of 'none', 'skip', 'overwrite', 'fail'.`,
      );
    }
    // Vectors are kept as float32: larger magnitudes would become Infinity.
    assertFiniteDocumentEmbeddings(documents, `${WHERE}.writeDocuments`, FLOAT32_MAX);
    const effective = policy === DuplicatePolicy.NONE ? DuplicatePolicy.FAIL : policy;
    const state = this.state;
    let written = documents.length;
    for (const document of documents) {
      if (state.entries.has(document.id)) {
        if (effective === DuplicatePolicy.FAIL) {
          throw new DuplicateDocumentError(`${WHERE}.writeDocuments: ID '${document.id}' already exists.`, document.id);
        }
        if (effective === DuplicatePolicy.SKIP) {
          written -= 1;
          continue;
        }
        this.deleteDocuments([document.id]);
      }
      state.add(document, this.indexTerms);
    }
    return written;
  }

  /** Deletes documents by id; unknown ids are ignored. */
  deleteDocuments(documentIds: readonly string[]): void {
    const state = this.state;
    for (const id of documentIds) {
      const entry = state.entries.get(id);
      if (entry === undefined) continue;
      // Removal reverts the entry's statistics and frees its row, which must exist and follow every
      // earlier addition.
      state.placePending();
      state.indexPending();
      state.entries.delete(id);
      state.changed();
      state.bm25.remove(entry.terms!);
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
    for (const _ of this.matching(filters, `${WHERE}.countDocumentsByFilter`)) count += 1;
    return count;
  }

  /** Deletes the documents matching `filters` and returns how many. */
  deleteByFilter(filters: Filters): number {
    const ids = [...this.matching(filters, `${WHERE}.deleteByFilter`)].map((entry) => entry.document.id);
    this.deleteDocuments(ids);
    return ids.length;
  }

  /**
   * Merges `meta` into the metadata of every document matching `filters` and returns how many.
   * Ids are not recomputed, as in Haystack; documents keep their place in the order.
   */
  updateByFilter(filters: Filters, meta: Readonly<Record<string, unknown>>): number {
    const entries = [...this.matching(filters, `${WHERE}.updateByFilter`)];
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
    const where = `${WHERE}.bm25Retrieval`;
    const { query, filters, topK = 10, scaleScore = false } = options;
    if (typeof query !== 'string' || query === '') throw new DocumentStoreError(`${where}: query should be a non-empty string.`);
    checkTopK(topK, where);
    if (!isEmptyFilter(filters) && !('operator' in filters)) {
      throw new DocumentStoreError(
        `${where}: Invalid filter syntax. See https://docs.haystack.deepset.ai/docs/metadata-filtering for details.`,
      );
    }
    this.state.placePending();
    this.state.indexPending();
    let candidates: StoredEntry[];
    let serials: Int32Array;
    if (isEmptyFilter(filters)) ({ entries: candidates, serials } = this.state.bm25Candidates());
    else {
      candidates = [];
      for (const entry of this.matching(filters, where)) if (entry.document.content !== undefined) candidates.push(entry);
      serials = Int32Array.from(candidates, (entry) => entry.serial);
    }
    if (candidates.length === 0) return [];
    const all = this.state.bm25.scoreAll(this.tokenize(query), this.bm25Algorithm, this.bm25Parameters);
    const scores = new Float64Array(candidates.length);
    for (let i = 0; i < candidates.length; i++) scores[i] = all[serials[i]!]!;
    const negativesAreValid = this.bm25Algorithm === 'BM25Okapi' && !scaleScore;
    const out: Document[] = [];
    for (const i of topKIndices(scores, topK)) {
      let score = scores[i]!;
      if (scaleScore) score = expit(score / BM25_SCALING_FACTOR);
      if (!negativesAreValid && score <= 0) continue;
      const entry = candidates[i]!;
      out.push(this.returnEmbedding ? this.withEmbedding(entry, score) : entry.document.copyWith({ score }));
    }
    return out;
  }

  /** Embedding retrieval: dot product or cosine over the documents that have an embedding and match `filters`. */
  embeddingRetrieval(options: EmbeddingRetrievalOptions): Document[] {
    const where = `${WHERE}.embeddingRetrieval`;
    const { queryEmbedding, filters, topK = 10, scaleScore = false, returnEmbedding = false } = options;
    if (!isNumberArray(queryEmbedding)) {
      throw new DocumentStoreError(`${where}: queryEmbedding should be a non-empty array of numbers.`);
    }
    assertFiniteQueryEmbedding(queryEmbedding, where, 'queryEmbedding');
    checkTopK(topK, where);
    let candidates: StoredEntry[];
    let rows: Int32Array;
    let odd = false;
    if (isEmptyFilter(filters)) ({ entries: candidates, rows, odd } = this.state.embeddingCandidates());
    else {
      candidates = [];
      for (const entry of this.matching(filters, where)) {
        if (entry.row >= 0) candidates.push(entry);
        else if (entry.oddEmbedding !== undefined) {
          candidates.push(entry);
          odd = true;
        }
      }
      rows = Int32Array.from(candidates, (entry) => entry.row);
    }
    if (candidates.length === 0) return [];
    if (odd) {
      throw new DocumentStoreError(
        `${where}: the embedding size of all Documents should be the same. Please make sure that the Documents have been embedded with the same model.`,
      );
    }
    const similarity = this.embeddingSimilarityFunction;
    const scores = this.state.embeddings.similarities(queryEmbedding, rows, similarity);
    if (scaleScore) {
      for (let i = 0; i < scores.length; i++) {
        scores[i] = similarity === 'cosine' ? (scores[i]! + 1) / 2 : expit(scores[i]! / DOT_PRODUCT_SCALING_FACTOR);
      }
    }
    const withEmbedding = returnEmbedding ?? this.returnEmbedding;
    return topKIndices(scores, topK).map((i) => {
      const entry = candidates[i]!;
      return withEmbedding ? this.withEmbedding(entry, scores[i]!) : entry.document.copyWith({ score: scores[i]! });
    });
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
    this.state.placePending();
    const entries = [...this.state.entries.values()];
    const temporary = `${path}.${process.pid}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.tmp`;
    const handle = await open(temporary, 'wx');
    let renamed = false;
    try {
      const header = JSON.stringify(this.toDict());
      await handle.write(`${header.slice(0, -1)}, "documents": [\n`);
      const batch: string[] = [];
      for (let i = 0; i < entries.length; i++) {
        batch.push(JSON.stringify(this.withEmbedding(entries[i]!).toDict({ flatten: false })) + (i < entries.length - 1 ? ',\n' : '\n'));
        if (batch.length === 1000) {
          signal?.throwIfAborted();
          await handle.write(batch.join(''));
          batch.length = 0;
        }
      }
      await handle.write(`${batch.join('')}]}\n`);
      await handle.sync();
      await handle.close();
      signal?.throwIfAborted();
      await rename(temporary, path);
      renamed = true;
    } finally {
      if (!renamed) {
        await handle.close().catch(() => undefined);
        await rm(temporary, { force: true });
      }
    }
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

  /** Every entry (with its embedding in the matrix) matching `filters`, in insertion order. */
  private *matching(filters: Filters | null | undefined, where: string): Generator<StoredEntry> {
    this.state.placePending();
    if (isEmptyFilter(filters)) {
      yield* this.state.entries.values();
      return;
    }
    validateFilters(filters, where);
    // Stored documents carry no embedding; rebuild it only for the rare filter that looks at it.
    const needsEmbedding = referencesEmbedding(filters);
    for (const entry of this.state.entries.values()) {
      if (documentMatchesFilter(filters, needsEmbedding ? this.withEmbedding(entry) : entry.document)) yield entry;
    }
  }

  private withEmbedding(entry: StoredEntry, score?: number): Document {
    const embedding = entry.row >= 0 ? this.state.embeddings.row(entry.row) : entry.oddEmbedding;
    if (embedding === undefined) return score === undefined ? entry.document : entry.document.copyWith({ score });
    return score === undefined ? entry.document.copyWith({ embedding }) : entry.document.copyWith({ embedding, score });
  }
}

function referencesEmbedding(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(referencesEmbedding);
  if (typeof node !== 'object' || node === null) return false;
  const { field, conditions } = node as { field?: unknown; conditions?: unknown };
  if (typeof field === 'string' && (field === 'embedding' || field.startsWith('embedding.'))) return true;
  return referencesEmbedding(conditions);
}

function checkTopK(topK: number, where: string): void {
  if (!Number.isInteger(topK) || topK < 0) {
    throw new DocumentStoreError(`${where}: expected topK to be a non-negative integer, got ${String(topK)}.`);
  }
}

function isNumberArray(value: ArrayLike<number>): boolean {
  if (value === null || typeof value !== 'object' || typeof value.length !== 'number' || value.length === 0) return false;
  for (let i = 0; i < value.length; i++) if (typeof value[i] !== 'number') return false;
  return true;
}

async function readStoreFile(
  path: string,
  signal: AbortSignal | undefined,
): Promise<{ data: Record<string, unknown>; documents: Document[] }> {
  // Files written by saveToDisk have one document per line and can exceed V8's maximum string
  // length; anything else (Haystack's single-line files) is parsed whole.
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  const documents: Document[] = [];
  let header: string | undefined;
  let whole: string[] | undefined;
  let closed = false;
  for await (const line of lines) {
    signal?.throwIfAborted();
    if (header === undefined && whole === undefined) {
      if (line.endsWith('"documents": [')) header = line;
      else whole = [line];
      continue;
    }
    if (whole !== undefined) {
      whole.push(line);
      continue;
    }
    if (line === ']}') {
      closed = true;
      continue;
    }
    if (line === '') continue;
    const text = line.endsWith(',') ? line.slice(0, -1) : line;
    documents.push(storedDocument(parseJson(text), documents.length));
  }
  if (whole !== undefined) {
    const parsed = parseJson(whole.join('\n'));
    if (!isRecord(parsed)) throw new Error('expected a JSON object with the store settings and its documents');
    const { documents: raw = [], ...data } = parsed;
    if (!Array.isArray(raw)) throw new Error("'documents' must be an array");
    return { data, documents: raw.map((doc: unknown, i) => storedDocument(doc, i)) };
  }
  if (header === undefined || !closed) throw new Error('the file is empty or truncated');
  const data = parseJson(`${header.slice(0, -'"documents": ['.length).replace(/,\s*$/, '')}}`);
  if (!isRecord(data)) throw new Error('expected a JSON object with the store settings');
  return { data, documents };
}

/**
 * `JSON.parse`, refusing `__proto__` keys: JSON.parse makes them own properties, but the code
 * that later copies documents and their meta by assignment would turn one into a prototype.
 * The walk runs only when the text mentions the key, so ordinary files cost one substring search.
 */
function parseJson(text: string): unknown {
  const value: unknown = JSON.parse(text);
  if (text.includes('"__proto__"') && hasProtoKey(value)) {
    throw new Error("refusing the key '__proto__': it could modify object prototypes");
  }
  return value;
}

function hasProtoKey(root: unknown): boolean {
  const stack: unknown[] = [root];
  for (let value = stack.pop(); value !== undefined || stack.length > 0; value = stack.pop()) {
    if (typeof value !== 'object' || value === null) continue;
    if (Object.hasOwn(value, '__proto__')) return true;
    for (const child of Object.values(value)) if (typeof child === 'object' && child !== null) stack.push(child);
  }
  return false;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A document of the file, which must be a JSON object (numbers would build empty documents). */
function storedDocument(raw: unknown, position: number): Document {
  if (!isRecord(raw)) throw new Error(`document ${position} is not a JSON object`);
  return Document.fromDict(raw);
}
