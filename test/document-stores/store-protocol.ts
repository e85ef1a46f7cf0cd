/**
 * The document-store protocol as one behaviour suite, run against every store
 * (`InMemoryDocumentStore`, `PgvectorDocumentStore`): counts, filters, every duplicate policy,
 * deletes, ordering and errors, through the stores' `*Async` methods.
 */
import { describe, expect, it } from 'vitest';
import {
  ByteStream,
  Document,
  DocumentStoreError,
  DuplicateDocumentError,
  DuplicatePolicy,
  FilterError,
  isErrorNamed,
  type Filters,
} from '../../src/index.js';

/** What the suite needs of a store. */
export interface ProtocolStore {
  countDocumentsAsync(): Promise<number>;
  filterDocumentsAsync(filters?: Filters | null): Promise<Document[]>;
  writeDocumentsAsync(documents: readonly Document[], policy?: DuplicatePolicy): Promise<number>;
  deleteDocumentsAsync(ids: readonly string[]): Promise<void>;
  deleteAllDocumentsAsync(): Promise<void>;
  countDocumentsByFilterAsync(filters: Filters): Promise<number>;
  deleteByFilterAsync(filters: Filters): Promise<number>;
  updateByFilterAsync(filters: Filters, meta: Readonly<Record<string, unknown>>): Promise<number>;
}

export interface StoreProtocolOptions {
  /** A new, empty store (with 3-dimensional embeddings) for each test. */
  readonly makeStore: () => Promise<ProtocolStore>;
  /** The order of `filterDocuments`: insertion order (in memory) or by id (SQL). */
  readonly order: 'insertion' | 'id';
}

const doc = (id: string, content: string = id, meta: Record<string, unknown> = {}, embedding?: number[]) =>
  new Document({ id, content, meta, ...(embedding ? { embedding } : {}) });

/** Written in an order that is neither by id nor reversed, so an ordering bug shows. */
const CORPUS = (): Document[] => [
  doc('c', 'gamma text', { year: 2019, lang: 'en', tags: ['x', 'y'], date: '2019-05-01T10:00:00Z', nested: { level: 2 } }),
  doc('a', 'alpha text', { year: 2021, lang: 'de', score: 0.5, date: '2021-01-01T00:00:00Z', nested: { level: 1 } }),
  doc('e', 'epsilon', { year: 2023, lang: 'en', flag: true, date: '2023-07-15T12:30:00+02:00' }),
  doc('b', 'beta text', { year: 2020, lang: 'fr', flag: false, empty: null }),
  new Document({ id: 'd', meta: { lang: 'en', year: 2022.5 } }),
];
const INSERTION = ['c', 'a', 'e', 'b', 'd'];

/** [name, filter, the matching ids in id order]. */
const FILTER_CASES: ReadonlyArray<readonly [string, Filters, readonly string[]]> = [
  ['== on a string', { field: 'meta.lang', operator: '==', value: 'en' }, ['c', 'd', 'e']],
  ['== on a number matches int and float alike', { field: 'meta.year', operator: '==', value: 2021.0 }, ['a']],
  ['== on a boolean', { field: 'meta.flag', operator: '==', value: true }, ['e']],
  ['== null matches missing keys and JSON null', { field: 'meta.empty', operator: '==', value: null }, ['a', 'b', 'c', 'd', 'e']],
  ['== null on a key some documents have', { field: 'meta.flag', operator: '==', value: null }, ['a', 'c', 'd']],
  ['== on a list compares deeply', { field: 'meta.tags', operator: '==', value: ['x', 'y'] }, ['c']],
  ['== on a nested key', { field: 'meta.nested.level', operator: '==', value: 1 }, ['a']],
  ['!= includes documents without the key', { field: 'meta.lang', operator: '!=', value: 'en' }, ['a', 'b']],
  ['!= null', { field: 'meta.flag', operator: '!=', value: null }, ['b', 'e']],
  ['> on numbers', { field: 'meta.year', operator: '>', value: 2021 }, ['d', 'e']],
  ['>= on numbers', { field: 'meta.year', operator: '>=', value: 2021 }, ['a', 'd', 'e']],
  ['< on numbers', { field: 'meta.year', operator: '<', value: 2020 }, ['c']],
  ['<= on numbers', { field: 'meta.year', operator: '<=', value: 2020 }, ['b', 'c']],
  ['> null matches nothing', { field: 'meta.year', operator: '>', value: null }, []],
  ['>= on ISO dates', { field: 'meta.date', operator: '>=', value: '2021-01-01T00:00:00Z' }, ['a', 'e']],
  ['< on ISO dates compares instants, offsets included', { field: 'meta.date', operator: '<', value: '2023-07-15T11:00:00Z' }, ['a', 'c', 'e']],
  ['in', { field: 'meta.lang', operator: 'in', value: ['de', 'fr'] }, ['a', 'b']],
  ['in with null matches missing keys', { field: 'meta.flag', operator: 'in', value: [null, true] }, ['a', 'c', 'd', 'e']],
  ['not in includes documents without the key', { field: 'meta.flag', operator: 'not in', value: [true] }, ['a', 'b', 'c', 'd']],
  ['on the id', { field: 'id', operator: 'in', value: ['a', 'e', 'zz'] }, ['a', 'e']],
  ['on the content', { field: 'content', operator: '==', value: 'beta text' }, ['b']],
  ['content == null matches documents without content', { field: 'content', operator: '==', value: null }, ['d']],
  ['a bare name means meta.<name>', { field: 'lang', operator: '==', value: 'fr' }, ['b']],
  [
    'AND',
    { operator: 'AND', conditions: [{ field: 'meta.lang', operator: '==', value: 'en' }, { field: 'meta.year', operator: '<', value: 2023 }] },
    ['c', 'd'],
  ],
  [
    'OR',
    { operator: 'OR', conditions: [{ field: 'meta.lang', operator: '==', value: 'de' }, { field: 'meta.flag', operator: '==', value: false }] },
    ['a', 'b'],
  ],
  [
    'NOT negates the AND of its conditions',
    { operator: 'NOT', conditions: [{ field: 'meta.lang', operator: '==', value: 'en' }, { field: 'meta.year', operator: '>', value: 2019 }] },
    ['a', 'b', 'c'],
  ],
  [
    'NOT over a missing key',
    { operator: 'NOT', conditions: [{ field: 'meta.flag', operator: '==', value: true }] },
    ['a', 'b', 'c', 'd'],
  ],
  [
    'nested logic',
    {
      operator: 'OR',
      conditions: [
        { field: 'id', operator: '==', value: 'a' },
        { operator: 'AND', conditions: [{ field: 'meta.lang', operator: '==', value: 'en' }, { field: 'meta.flag', operator: '==', value: true }] },
      ],
    },
    ['a', 'e'],
  ],
  ['an empty AND matches everything', { operator: 'AND', conditions: [] }, ['a', 'b', 'c', 'd', 'e']],
  ['an empty OR matches nothing', { operator: 'OR', conditions: [] }, []],
];

/** [name, filter] pairs every store rejects with a FilterError. */
const BAD_FILTERS: ReadonlyArray<readonly [string, unknown]> = [
  ['an unknown comparison operator', { field: 'meta.lang', operator: '=~', value: 'en' }],
  ['an unknown logical operator', { operator: 'XOR', conditions: [] }],
  ['a comparison without value', { field: 'meta.lang', operator: '==' }],
  ['a logical node without conditions', { operator: 'AND' }],
  ['a root without operator or conditions', { field: 'meta.lang' }],
  ["'in' with a non-list", { field: 'meta.lang', operator: 'in', value: 'en' }],
  ["'>' with a list", { field: 'meta.year', operator: '>', value: [1] }],
  ["'>' with a string that is not a date", { field: 'meta.date', operator: '>', value: 'yesterday' }],
  ['a non-string field', { field: 7, operator: '==', value: 1 }],
];

const ids = (docs: readonly Document[]) => docs.map((d) => d.id);
const sorted = (values: readonly string[]) => [...values].sort();

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to reject');
}

/** Registers the suite under `describe(name)`. */
export function describeStoreProtocol(name: string, options: StoreProtocolOptions): void {
  const { makeStore, order } = options;
  const expectOrder = (docs: readonly Document[], insertion: readonly string[]) =>
    expect(ids(docs)).toEqual(order === 'insertion' ? insertion : sorted(insertion));

  describe(`${name}: the document-store protocol`, () => {
    it('counts nothing when empty, every written document, and what deletes leave', async () => {
      const store = await makeStore();
      expect(await store.countDocumentsAsync()).toBe(0);
      expect(await store.writeDocumentsAsync(CORPUS())).toBe(5);
      expect(await store.countDocumentsAsync()).toBe(5);
      await store.deleteDocumentsAsync(['a', 'no-such-id']);
      expect(await store.countDocumentsAsync()).toBe(4);
      await store.deleteDocumentsAsync([]);
      expect(await store.countDocumentsAsync()).toBe(4);
      await store.deleteAllDocumentsAsync();
      expect(await store.countDocumentsAsync()).toBe(0);
    });

    it(`returns every document without filters, in ${order === 'id' ? 'id' : 'insertion'} order, fields intact`, async () => {
      const store = await makeStore();
      const blob = ByteStream.fromString('raw bytes', { mimeType: 'text/plain', meta: { source: 'x' } });
      await store.writeDocumentsAsync([...CORPUS(), new Document({ id: 'f', content: 'with blob', blob, embedding: [0.5, 0.25, -1] })]);
      const all = await store.filterDocumentsAsync();
      expectOrder(all, [...INSERTION, 'f']);
      expect(await store.filterDocumentsAsync({})).toHaveLength(6);
      const byId = new Map(all.map((d) => [d.id, d]));
      expect(byId.get('c')?.meta).toEqual(CORPUS()[0]!.meta);
      expect(byId.get('d')?.content).toBeUndefined();
      const f = byId.get('f')!;
      expect(f.embedding).toEqual([0.5, 0.25, -1]);
      expect(new TextDecoder().decode(f.blob!.data)).toBe('raw bytes');
      expect(f.blob!.mimeType).toBe('text/plain');
      expect(f.blob!.meta).toEqual({ source: 'x' });
      expect(f.score).toBeUndefined();
    });

    describe('filters', () => {
      for (const [title, filter, expected] of FILTER_CASES) {
        it(`filters: ${title}`, async () => {
          const store = await makeStore();
          await store.writeDocumentsAsync(CORPUS());
          const found = await store.filterDocumentsAsync(filter);
          expect(sorted(ids(found))).toEqual([...expected]);
          expect(await store.countDocumentsByFilterAsync(filter)).toBe(expected.length);
        });
      }

      it('keeps the filtered documents in the store order', async () => {
        const store = await makeStore();
        await store.writeDocumentsAsync(CORPUS());
        expectOrder(await store.filterDocumentsAsync({ field: 'meta.lang', operator: '==', value: 'en' }), ['c', 'e', 'd']);
      });

      for (const [title, filter] of BAD_FILTERS) {
        it(`rejects ${title} with a FilterError`, async () => {
          const store = await makeStore();
          await store.writeDocumentsAsync(CORPUS());
          const error = await rejection(store.filterDocumentsAsync(filter as Filters));
          expect(isErrorNamed(error, FilterError)).toBe(true);
        });
      }
    });

    describe('duplicate policies', () => {
      it('NONE and FAIL reject an id already stored with DuplicateDocumentError and keep the stored document', async () => {
        const store = await makeStore();
        await store.writeDocumentsAsync([doc('a', 'first')]);
        for (const policy of [undefined, DuplicatePolicy.NONE, DuplicatePolicy.FAIL]) {
          const error = await rejection(store.writeDocumentsAsync([doc('a', 'second')], policy));
          expect(isErrorNamed(error, DuplicateDocumentError)).toBe(true);
          expect((error as DuplicateDocumentError).documentId).toBe('a');
          expect(error.message).toMatch(/writeDocuments: ID 'a' already exists\./);
        }
        expect((await store.filterDocumentsAsync()).map((d) => d.content)).toEqual(['first']);
      });

      it('FAIL rejects an id repeated within one batch', async () => {
        const store = await makeStore();
        const error = await rejection(store.writeDocumentsAsync([doc('x'), doc('y'), doc('x', 'again')], DuplicatePolicy.FAIL));
        expect((error as DuplicateDocumentError).documentId).toBe('x');
      });

      it('SKIP keeps the stored document and counts only new ones', async () => {
        const store = await makeStore();
        await store.writeDocumentsAsync([doc('a', 'first')]);
        expect(await store.writeDocumentsAsync([doc('a', 'second'), doc('b'), doc('b', 'b again')], DuplicatePolicy.SKIP)).toBe(1);
        const byId = new Map((await store.filterDocumentsAsync()).map((d) => [d.id, d.content]));
        expect(Object.fromEntries(byId)).toEqual({ a: 'first', b: 'b' });
      });

      it('OVERWRITE replaces the stored document (the last copy of a repeated id wins) and counts every document', async () => {
        const store = await makeStore();
        await store.writeDocumentsAsync([doc('a', 'first', { v: 1 }), doc('b')]);
        expect(await store.writeDocumentsAsync([doc('a', 'second', { v: 2 }), doc('c'), doc('c', 'c last')], DuplicatePolicy.OVERWRITE)).toBe(3);
        const byId = new Map((await store.filterDocumentsAsync()).map((d) => [d.id, d]));
        expect(byId.get('a')?.content).toBe('second');
        expect(byId.get('a')?.meta).toEqual({ v: 2 });
        expect(byId.get('c')?.content).toBe('c last');
        expect(await store.countDocumentsAsync()).toBe(3);
      });
    });

    describe('deletes and updates by filter', () => {
      it('deleteByFilter deletes the matching documents and returns how many', async () => {
        const store = await makeStore();
        await store.writeDocumentsAsync(CORPUS());
        expect(await store.deleteByFilterAsync({ field: 'meta.lang', operator: '==', value: 'en' })).toBe(3);
        expect(sorted(ids(await store.filterDocumentsAsync()))).toEqual(['a', 'b']);
      });

      it('updateByFilter merges metadata into the matching documents and keeps their ids', async () => {
        const store = await makeStore();
        await store.writeDocumentsAsync(CORPUS());
        expect(await store.updateByFilterAsync({ field: 'meta.lang', operator: '==', value: 'fr' }, { lang: 'it', reviewed: true })).toBe(1);
        const [b] = await store.filterDocumentsAsync({ field: 'id', operator: '==', value: 'b' });
        expect(b?.meta).toEqual({ year: 2020, lang: 'it', flag: false, empty: null, reviewed: true });
        expect(await store.countDocumentsByFilterAsync({ field: 'meta.reviewed', operator: '==', value: true })).toBe(1);
      });
    });

    describe('errors', () => {
      it('rejects anything but an array of Documents, and unknown policies, writing nothing', async () => {
        const store = await makeStore();
        for (const bad of [
          store.writeDocumentsAsync('abc' as unknown as Document[]),
          store.writeDocumentsAsync([{ id: 'x' } as unknown as Document]),
          store.writeDocumentsAsync([doc('a')], 'merge' as DuplicatePolicy),
        ]) {
          const error = await rejection(bad);
          expect(isErrorNamed(error, DocumentStoreError)).toBe(true);
        }
        expect(await store.countDocumentsAsync()).toBe(0);
      });
    });
  });
}
