/**
 * An embedded Postgres for tests: one PGlite (with pgvector) per test file, because starting one
 * takes seconds; each test gets a table of its own.
 */
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite/vector';
import { PgvectorDocumentStore, type PgvectorDocumentStoreOptions } from '../../src/index.js';

export async function startPGlite(): Promise<PGlite> {
  return PGlite.create({ extensions: { vector } });
}

let counter = 0;

/** A table name no other test of this process uses. */
export function uniqueTable(prefix = 't'): string {
  counter += 1;
  return `${prefix}_${process.pid}_${counter}`;
}

/** A store on `db` with its own table; 3-dimensional embeddings unless told otherwise. */
export function storeOn(db: PGlite, options: PgvectorDocumentStoreOptions = {}): PgvectorDocumentStore {
  return new PgvectorDocumentStore({ pglite: db, tableName: uniqueTable(), embeddingDimension: 3, ...options });
}
