import type { Document } from '../../dataclasses/document.js';
import { isEmptyFilter, validateFilters, type Filters } from '../../utils/filters.js';
import { DuplicateDocumentError } from '../errors.js';
import { DuplicatePolicy } from '../types.js';
import type { PgvectorVectorFunction, PgvectorVectorType } from './pgvector-document-store-options.js';
import { filtersToSql, type SqlParameters } from './pgvector-filters.js';
import { INSERT_COLUMNS, insertCasts, SELECT_COLUMNS } from './pgvector-rows.js';

/** SQL text of the store's methods: a filter's WHERE condition, the batched INSERT, the two retrieval queries. */

/** Haystack's filter as a parameterised SQL condition (`true` without one). */
export function filterCondition(filters: Filters | null | undefined, params: SqlParameters, where: string): string {
  if (isEmptyFilter(filters)) return 'true';
  validateFilters(filters, where);
  return filtersToSql(filters, params);
}


/** The rows to send: the in-memory store's handling of an id repeated within one batch. */
export function deduplicate(documents: readonly Document[], policy: DuplicatePolicy, where: string): Document[] {
  const byId = new Map<string, Document>();
  for (const doc of documents) {
    if (!byId.has(doc.id)) byId.set(doc.id, doc);
    else if (policy === DuplicatePolicy.FAIL) throw new DuplicateDocumentError(`${where}: ID '${doc.id}' already exists.`, doc.id);
    else if (policy === DuplicatePolicy.OVERWRITE) {
      byId.delete(doc.id);
      byId.set(doc.id, doc);
    }
  }
  return [...byId.values()];
}


/** INSERT of `rows` documents into `table`, with the conflict clause of `policy`. */
export function insertStatement(table: string, vectorType: PgvectorVectorType, rows: number, policy: DuplicatePolicy): string {
  const casts = insertCasts(vectorType);
  const width = INSERT_COLUMNS.length;
  const values: string[] = [];
  for (let r = 0; r < rows; r++) {
    values.push(`(${casts.map((cast, c) => `$${r * width + c + 1}::${cast}`).join(', ')})`);
  }
  let conflict = '';
  if (policy === DuplicatePolicy.OVERWRITE) {
    const updates = INSERT_COLUMNS.filter((c) => c !== 'id').map((c) => `${c} = EXCLUDED.${c}`);
    conflict = ` ON CONFLICT (id) DO UPDATE SET ${updates.join(', ')}`;
  } else if (policy === DuplicatePolicy.SKIP) conflict = ' ON CONFLICT DO NOTHING';
  return `INSERT INTO ${table} (${INSERT_COLUMNS.join(', ')}) VALUES ${values.join(', ')}${conflict} RETURNING id`;
}

/**
 * Full-text retrieval: `plainto_tsquery` against the keyword index's expression, ranked with
 * `ts_rank_cd`, best first (ties by id). `text`, `condition` and `limit` are placeholders or SQL
 * built from placeholders.
 */
export function keywordQuery(table: string, language: string, text: string, condition: string, limit: string): string {
  const vector = `to_tsvector('${language}', content)`;
  return (
    `SELECT ${SELECT_COLUMNS}, ts_rank_cd(${vector}, query) AS score ` +
    `FROM ${table}, plainto_tsquery('${language}', ${text}) query ` +
    `WHERE ${vector} @@ query AND ${condition} ORDER BY score DESC, id LIMIT ${limit}`
  );
}

/** Nearest neighbours of the vector expression `q`, scored as pgvector-haystack scores them. */
export function embeddingQuery(table: string, vectorFunction: PgvectorVectorFunction, q: string, condition: string, limit: string): string {
  const [distance, score] =
    vectorFunction === 'cosine_similarity'
      ? [`embedding <=> ${q}`, `1 - (embedding <=> ${q})`]
      : vectorFunction === 'inner_product'
        ? [`embedding <#> ${q}`, `(embedding <#> ${q}) * -1`]
        : [`embedding <-> ${q}`, `embedding <-> ${q}`];
  // ORDER BY the bare distance only: any other sort key would keep the HNSW index out of the plan.
  return (
    `SELECT ${SELECT_COLUMNS}, ${score} AS score FROM ${table} ` +
    `WHERE embedding IS NOT NULL AND ${condition} ORDER BY ${distance} LIMIT ${limit}`
  );
}
