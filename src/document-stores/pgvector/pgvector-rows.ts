import { ByteStream } from '../../dataclasses/byte-stream.js';
import { Document } from '../../dataclasses/document.js';
import type { PgvectorModule } from './pg-modules.js';

/**
 * Documents to and from rows of pgvector-haystack's table layout:
 * `id, embedding, content, blob_data, blob_meta, blob_mime_type, meta`.
 */

/** The columns every read selects; the embedding comes back as pgvector's text form. */
export const SELECT_COLUMNS = 'id, content, meta, blob_data, blob_meta, blob_mime_type, embedding::text AS embedding';

/** The columns of an INSERT, in the order of {@link documentToRow}'s values. */
export const INSERT_COLUMNS = ['id', 'embedding', 'content', 'blob_data', 'blob_meta', 'blob_mime_type', 'meta'] as const;

/** The SQL casts of the INSERT placeholders, column by column. */
export function insertCasts(vectorType: string): readonly string[] {
  return [`text`, vectorType, 'text', 'bytea', 'jsonb', 'text', 'jsonb'];
}

/**
 * One row's bind values. JSON goes as text cast to `jsonb` (pg would send a JS array as a Postgres
 * array); NUL characters are dropped from the content because Postgres text cannot hold them, as
 * pgvector-haystack does. Score and sparse embedding are not stored.
 */
export function documentToRow(document: Document, pgvector: PgvectorModule): unknown[] {
  const blob = document.blob;
  return [
    document.id,
    document.embedding === undefined ? null : pgvector.toSql([...document.embedding]),
    document.content === undefined ? null : document.content.replaceAll('\u0000', ''),
    blob ? Buffer.from(blob.data.buffer, blob.data.byteOffset, blob.data.byteLength) : null,
    blob && Object.keys(blob.meta).length > 0 ? JSON.stringify(blob.meta) : null,
    blob?.mimeType ?? null,
    JSON.stringify(document.meta),
  ];
}

/** A Document from a selected row; `score` when the query computed one. */
export function rowToDocument(row: Readonly<Record<string, unknown>>, pgvector: PgvectorModule): Document {
  const data = row['blob_data'];
  const embedding = row['embedding'];
  const score = row['score'];
  return new Document({
    id: String(row['id']),
    content: (row['content'] as string | null) ?? undefined,
    meta: (row['meta'] as Record<string, unknown> | null) ?? {},
    embedding: typeof embedding === 'string' ? pgvector.fromSql(embedding) : undefined,
    blob:
      data instanceof Uint8Array
        ? new ByteStream({
            data: new Uint8Array(data),
            meta: (row['blob_meta'] as Record<string, unknown> | null) ?? {},
            mimeType: (row['blob_mime_type'] as string | null) ?? undefined,
          })
        : undefined,
    score: typeof score === 'number' ? score : score === null || score === undefined ? undefined : Number(score),
  });
}
