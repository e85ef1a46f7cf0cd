/**
 * An embedded Postgres for tests: one PGlite (with pgvector) per test file, because starting one
 * takes seconds; each test gets a table of its own.
 */
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite/vector';
import { afterAll, beforeAll } from 'vitest';
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

/**
 * Registers beforeAll/afterAll hooks for one PGlite shared by the calling test file and returns
 * accessors: `db()` and `make(options)`, a store with its own table, closed after the file.
 */
export function pgliteForThisFile(): { db: () => PGlite; make: (options?: PgvectorDocumentStoreOptions) => PgvectorDocumentStore } {
  let db: PGlite | undefined;
  const stores: PgvectorDocumentStore[] = [];
  beforeAll(async () => {
    db = await startPGlite();
  }, 60_000);
  afterAll(async () => {
    for (const store of stores) await store.close();
    await db?.close();
  });
  const current = () => {
    if (db === undefined) throw new Error('pgliteForThisFile: PGlite is not started yet (use it inside a test)');
    return db;
  };
  return {
    db: current,
    make: (options = {}) => {
      const store = storeOn(current(), options);
      stores.push(store);
      return store;
    },
  };
}
