import type { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll } from 'vitest';
import type { PgvectorDocumentStore } from '../../../src/index.js';
import { startPGlite, storeOn } from '../../helpers/pglite.js';
import { describeStoreProtocol } from '../store-protocol.js';

let db: PGlite;
const stores: PgvectorDocumentStore[] = [];
beforeAll(async () => {
  db = await startPGlite();
}, 60_000);
afterAll(async () => {
  for (const store of stores) await store.close();
  await db.close();
});

describeStoreProtocol('PgvectorDocumentStore (embedded PGlite over the wire protocol)', {
  makeStore: async () => {
    const store = storeOn(db);
    stores.push(store);
    return store;
  },
  order: 'id',
});
