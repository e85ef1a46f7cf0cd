import type { Document } from '../../dataclasses/document.js';
import { isEmptyFilter, validateFilters, type Filters } from '../../utils/filters.js';
import { DuplicateDocumentError } from '../errors.js';
import { DuplicatePolicy } from '../types.js';
import type { PgvectorVectorType } from './pgvector-document-store-options.js';
import { filtersToSql, type SqlParameters } from './pgvector-filters.js';
import { INSERT_COLUMNS, insertCasts } from './pgvector-rows.js';

/** SQL text the store's methods share: the WHERE condition of a filter and the batched INSERT. */

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
