import type { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Document, DocumentStoreError, FilterError, isErrorNamed, PgvectorDocumentStore, type Filters } from '../../../src/index.js';
import { startPGlite, storeOn } from '../../helpers/pglite.js';

let db: PGlite;
let store: PgvectorDocumentStore;
const DROP = `'); DROP TABLE canary; --`;
beforeAll(async () => {
  db = await startPGlite();
  await db.exec('CREATE TABLE canary (x int); INSERT INTO canary VALUES (42);');
  store = storeOn(db);
  await store.writeDocumentsAsync([
    new Document({ id: 'plain', content: 'a cat and a dog', meta: { name: 'plain', [`key${DROP}`]: 'odd key' } }),
    new Document({ id: `id${DROP}`, content: `content${DROP}`, meta: { name: `O'Brien"; DROP TABLE canary; --` } }),
  ]);
}, 60_000);
afterAll(async () => {
  await store.close();
  await db.close();
});

async function canaryIsIntact(): Promise<void> {
  const rows = await db.query<{ x: number }>('SELECT x FROM canary');
  expect(rows.rows).toEqual([{ x: 42 }]);
  expect(await store.countDocumentsAsync()).toBe(2);
}

describe('PgvectorDocumentStore against SQL injection: values and meta keys are bind parameters, names are validated', () => {
  it('a hostile filter field is a meta key like any other: it matches what it names, and nothing runs', async () => {
    const fields = [`meta.x${DROP}`, `meta.a"b`, `meta.key${DROP}`, `id${DROP}`, `content") OR 1=1 --`, `meta.name' OR '1'='1`];
    const found: Record<string, string[]> = {};
    for (const field of fields) {
      found[field] = (await store.filterDocumentsAsync({ field, operator: '!=', value: null })).map((d) => d.id);
    }
    expect(found).toEqual({
      [`meta.x${DROP}`]: [],
      [`meta.a"b`]: [],
      [`meta.key${DROP}`]: ['plain'],
      [`id${DROP}`]: [],
      [`content") OR 1=1 --`]: [],
      [`meta.name' OR '1'='1`]: [],
    });
    await canaryIsIntact();
  });

  it('hostile values are compared as values, in every operator', async () => {
    const hostile = `O'Brien"; DROP TABLE canary; --`;
    const filters: Filters[] = [
      { field: 'meta.name', operator: '==', value: hostile },
      { field: 'meta.name', operator: 'in', value: [hostile, `x' OR '1'='1`] },
      { field: 'id', operator: '==', value: `id${DROP}` },
      { field: 'content', operator: '==', value: `content${DROP}` },
    ];
    for (const filter of filters) expect((await store.filterDocumentsAsync(filter)).length).toBe(1);
    expect(await store.filterDocumentsAsync({ field: 'meta.name', operator: '==', value: `' OR '1'='1` })).toEqual([]);
    expect(await store.filterDocumentsAsync({ field: 'meta.name', operator: '>=', value: `2020-01-01'; DROP TABLE canary; --` }).catch((e: unknown) => e)).toSatisfy(
      (e: unknown) => isErrorNamed(e, FilterError),
    );
    await canaryIsIntact();
  });

  it('hostile operators are FilterErrors before any SQL is built', async () => {
    for (const filter of [
      { field: 'meta.name', operator: `= 'x' OR 1=1 --`, value: 1 },
      { operator: `AND 1=1; DROP TABLE canary; --`, conditions: [] },
    ]) {
      const error = await store.filterDocumentsAsync(filter as Filters).catch((e: unknown) => e);
      expect(isErrorNamed(error, FilterError)).toBe(true);
    }
    await canaryIsIntact();
  });

  it('hostile queries, ids and meta are data: keyword search parses them as plain text, delete by id deletes that id', async () => {
    expect(await store.keywordRetrievalAsync({ query: `cat & !dog | ${DROP}` })).toHaveLength(0);
    expect((await store.keywordRetrievalAsync({ query: `cat'); DROP TABLE canary; --` })).map((d) => d.id)).toEqual([]);
    await store.deleteDocumentsAsync([`nope${DROP}`, `') OR 1=1 --`]);
    await canaryIsIntact();
    expect(await store.updateByFilterAsync({ field: 'id', operator: '==', value: 'plain' }, { [`k${DROP}`]: `v${DROP}` })).toBe(1);
    expect((await store.filterDocumentsAsync({ field: `meta.k${DROP}`, operator: '==', value: `v${DROP}` })).map((d) => d.id)).toEqual(['plain']);
    await canaryIsIntact();
  });

  it('table, schema, index and language names must be plain identifiers', () => {
    const hostile = {
      tableName: `docs; DROP TABLE canary`,
      schemaName: `public"."canary`,
      keywordIndexName: `kw" ON canary --`,
      hnswIndexName: `x y`,
      language: `english'); DROP TABLE canary; --`,
    };
    for (const [option, value] of Object.entries(hostile)) {
      expect(() => new PgvectorDocumentStore({ pglite: db, [option]: value })).toThrow(
        new RegExp(`PgvectorDocumentStore: expected '${option}' to be a Postgres identifier`),
      );
    }
    expect(() => new PgvectorDocumentStore({ pglite: db, hnswIndexCreationKwargs: { m: '16); DROP TABLE canary; --' as unknown as number } })).toThrow(
      DocumentStoreError,
    );
    expect(() => new PgvectorDocumentStore({ pglite: db, tableName: 'a'.repeat(64) })).toThrow(/identifier/);
  });
});
