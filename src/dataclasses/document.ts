import { DeserializationError, DocumentValidationError } from '../errors.js';
import { ByteStream, type ByteStreamDict } from './byte-stream.js';
import { createDocumentId, pythonRepr } from './document-id.js';
import { SparseEmbedding } from './sparse-embedding.js';
import { pythonEquals } from '../python/equals.js';
import { describeValue } from '../describe.js';

/** Options of {@link Document}'s constructor; every field is optional, as in Haystack. */
export interface DocumentInit {
  /** Kept verbatim when non-empty; otherwise computed from the other fields exactly as Haystack 2.31 does. */
  readonly id?: string | null | undefined;
  /** The text. */
  readonly content?: string | null | undefined;
  /** Binary data attached to the document. */
  readonly blob?: ByteStream | null | undefined;
  /** JSON-like metadata. @default {} */
  readonly meta?: Readonly<Record<string, unknown>> | null | undefined;
  /** Relevance score, set by retrievers, rankers and joiners. Not part of the id. */
  readonly score?: number | null | undefined;
  /** Dense embedding. */
  readonly embedding?: ArrayLike<number> | null | undefined;
  /** Sparse embedding. */
  readonly sparseEmbedding?: SparseEmbedding | null | undefined;
}

/** Haystack's `Document.to_dict(flatten=False)` layout. */
export type DocumentDict = {
  id: string;
  content: string | null;
  blob: ByteStreamDict | null;
  meta: Record<string, unknown>;
  score: number | null;
  embedding: number[] | null;
  sparse_embedding: { indices: number[]; values: number[] } | null;
};

const FIELD_KEYS = new Set(['id', 'content', 'blob', 'meta', 'score', 'embedding', 'sparse_embedding']);
// Haystack 1.x fields that `from_dict` accepts and drops.
const LEGACY_KEYS = new Set(['content_type', 'id_hash_keys', 'dataframe']);

/**
 * A piece of content with metadata (Haystack's `Document`). Immutable: derive changed copies with
 * {@link Document.copyWith}, which keeps the id like Haystack's `dataclasses.replace`.
 *
 * @example
 * const doc = new Document({ content: 'Hello world' });
 * doc.id; // 'dd43aeb0f8893eba62417098fcf61d5fdc6405e0091da685b22fefcccc649c30', as in Haystack
 * const scored = doc.copyWith({ score: 0.5 });
 */
export class Document {
  readonly id: string;
  readonly content: string | undefined;
  readonly blob: ByteStream | undefined;
  readonly meta: Readonly<Record<string, unknown>>;
  readonly score: number | undefined;
  readonly embedding: readonly number[] | undefined;
  readonly sparseEmbedding: SparseEmbedding | undefined;

  constructor(init: DocumentInit = {}) {
    if (typeof init !== 'object' || init === null) {
      throw new DocumentValidationError(`Document: expected an object of fields, got ${describeValue(init)}.`, { field: 'init' });
    }
    const content = init.content ?? undefined;
    if (content !== undefined && typeof content !== 'string') {
      throw new DocumentValidationError(`Document: expected 'content' to be a string, null or undefined, got ${describeValue(content)}.`, {
        field: 'content',
      });
    }
    this.content = content;
    this.blob = init.blob ?? undefined;
    const meta = init.meta ?? undefined;
    if (meta !== undefined && (typeof meta !== 'object' || Array.isArray(meta))) {
      throw new DocumentValidationError(`Document: expected 'meta' to be an object, null or undefined, got ${describeValue(meta)}.`, { field: 'meta' });
    }
    // A frozen meta (another Document's) cannot change any more: share it instead of copying.
    this.meta = meta && Object.isFrozen(meta) ? meta : Object.freeze({ ...(meta ?? {}) });
    const score = init.score ?? undefined;
    if (score !== undefined && typeof score !== 'number') {
      throw new DocumentValidationError(`Document: expected 'score' to be a number, null or undefined, got ${describeValue(score)}.`, { field: 'score' });
    }
    this.score = score;
    this.embedding = init.embedding == null ? undefined : copyEmbedding(init.embedding);
    this.sparseEmbedding = init.sparseEmbedding ?? undefined;
    // Computed once, like Haystack's __post_init__: later copies keep it even when fields change.
    this.id = init.id ? init.id : createDocumentId(this);
  }

  /** Haystack's `content_type`: `'text'` when there is content. */
  get contentType(): 'text' {
    if (this.content === undefined) throw new Error('Document.contentType: content is not set.');
    return 'text';
  }

  /**
   * A copy with some fields replaced. The id is kept unless `changes.id` is given, as Haystack's
   * `dataclasses.replace` does; pass `id: ''` to recompute it from the new fields.
   */
  copyWith(changes: DocumentInit): Document {
    return new Document({
      id: 'id' in changes ? changes.id : this.id,
      content: 'content' in changes ? changes.content : this.content,
      blob: 'blob' in changes ? changes.blob : this.blob,
      meta: 'meta' in changes ? changes.meta : this.meta,
      score: 'score' in changes ? changes.score : this.score,
      embedding: 'embedding' in changes ? changes.embedding : this.embedding,
      sparseEmbedding: 'sparseEmbedding' in changes ? changes.sparseEmbedding : this.sparseEmbedding,
    });
  }

  /**
   * Haystack's `to_dict`. With `flatten` (the default) meta keys are written at the top level first
   * and the document's own fields overwrite them, so a meta key named like a field is lost, as in
   * Haystack 2.31.
   */
  toDict(options: { flatten?: boolean } = {}): Record<string, unknown> {
    const fields: DocumentDict = {
      id: this.id,
      content: this.content ?? null,
      blob: this.blob ? this.blob.toDict() : null,
      meta: structuredClone({ ...this.meta }),
      score: this.score ?? null,
      embedding: this.embedding ? [...this.embedding] : null,
      sparse_embedding: this.sparseEmbedding ? this.sparseEmbedding.toDict() : null,
    };
    if (options.flatten === false) return { ...fields };
    const { meta, ...rest } = fields;
    return { ...meta, ...rest };
  }

  /** Haystack's `from_dict`: accepts the flattened and the nested layout (not both at once). */
  static fromDict(data: Readonly<Record<string, unknown>>): Document {
    const flattened: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(data)) {
      if (!FIELD_KEYS.has(key) && !LEGACY_KEYS.has(key)) flattened[key] = value;
    }
    const meta = (data['meta'] ?? {}) as Record<string, unknown>;
    if (typeof meta !== 'object' || Array.isArray(meta)) {
      throw new DeserializationError(`Document.fromDict: expected 'meta' to be an object, got ${Array.isArray(meta) ? 'array' : typeof meta}.`);
    }
    if (Object.keys(meta).length > 0 && Object.keys(flattened).length > 0) {
      throw new DeserializationError(
        "Document.fromDict: pass either the 'meta' key or flattened metadata keys, not both " +
          `(got 'meta' and ${Object.keys(flattened).map((k) => `'${k}'`).join(', ')}).`,
      );
    }
    const blob = data['blob'] as Parameters<typeof ByteStream.fromDict>[0] | null | undefined;
    const sparse = data['sparse_embedding'] as Parameters<typeof SparseEmbedding.fromDict>[0] | null | undefined;
    const content = data['content'];
    if (content != null && typeof content !== 'string') {
      throw new DeserializationError(`Document.fromDict: expected 'content' to be a string or null, got ${typeof content}.`);
    }
    return new Document({
      id: (data['id'] as string | null | undefined) ?? undefined,
      content,
      blob: blob ? ByteStream.fromDict(blob) : undefined,
      meta: { ...meta, ...flattened },
      score: (data['score'] as number | null | undefined) ?? undefined,
      embedding: (data['embedding'] as number[] | null | undefined) ?? undefined,
      sparseEmbedding: sparse ? SparseEmbedding.fromDict(sparse) : undefined,
    });
  }

  /** Haystack's equality: same flattened `toDict()` output. */
  equals(other: unknown): boolean {
    return other instanceof Document && pythonEquals(this.toDict(), other.toDict());
  }

  /** Haystack's repr: `Document(id=..., content: '...', meta: {...}, ...)`, only the parts that are set. */
  toString(): string {
    const parts: string[] = [];
    if (this.content !== undefined) {
      parts.push(this.content.length < 100 ? `content: '${this.content}'` : `content: '${this.content.slice(0, 100)}...'`);
    }
    if (this.blob) parts.push(`blob: ${this.blob.data.length} bytes`);
    if (Object.keys(this.meta).length > 0) parts.push(`meta: ${pythonRepr(this.meta)}`);
    if (this.score !== undefined) parts.push(`score: ${this.score}`);
    if (this.embedding) parts.push(`embedding: vector of size ${this.embedding.length}`);
    if (this.sparseEmbedding) parts.push(`sparse_embedding: vector with ${this.sparseEmbedding.indices.length} non-zero elements`);
    return `Document(id=${this.id}, ${parts.join(', ')})`;
  }
}

/**
 * A copy of the embedding (so the caller cannot change it later), not frozen: V8 boxes every
 * element of a frozen array of doubles, which would triple the memory of embeddings. Non-finite
 * numbers are allowed here (Haystack allows them); document stores reject them on write.
 */
function copyEmbedding(embedding: ArrayLike<number>): number[] {
  if (!Array.isArray(embedding) && !(ArrayBuffer.isView(embedding) && !(embedding instanceof DataView))) {
    throw new DocumentValidationError(
      `Document: expected 'embedding' to be an array (or typed array) of numbers, got ${describeValue(embedding)}.`,
      { field: 'embedding' },
    );
  }
  const length = embedding.length;
  const copy: number[] = [];
  for (let i = 0; i < length; i++) {
    const value = embedding[i];
    if (typeof value !== 'number') {
      throw new DocumentValidationError(
        `Document: expected 'embedding' to hold only numbers, but item ${i} is ${describeValue(value)}. Pass the vector your embedder returned.`,
        { field: 'embedding' },
      );
    }
    copy.push(value);
  }
  return copy;
}

