import { describe, expect, it } from 'vitest';
import { Document, DocumentStoreError, isErrorNamed, PgvectorDocumentStore } from '../../../src/index.js';
import { pgliteForThisFile } from '../../helpers/pglite.js';

const { db: currentDb, make } = pgliteForThisFile();

const unit = (i: number): number[] => {
  const angle = (i / 1000) * Math.PI;
  return [Math.cos(angle), Math.sin(angle), 0];
};
const corpus = (n: number, prefix = 'd', offset = 0) =>
  Array.from({ length: n }, (_, j) => {
    const i = j + offset;
    return new Document({ id: `${prefix}${String(j).padStart(5, '0')}`, content: `word${i % 7} common`, meta: { i, mod: i % 3 }, embedding: unit(i) });
  });

describe('PgvectorDocumentStore: a corpus larger than one batch', () => {
  it('writes every batch, then reads, counts and retrieves across them', async () => {
    const store = make({ batchSize: 100 });
    expect(await store.writeDocumentsAsync(corpus(1050))).toBe(1050);
    expect(await store.countDocumentsAsync()).toBe(1050);
    expect(await store.countDocumentsByFilterAsync({ field: 'meta.mod', operator: '==', value: 0 })).toBe(350);
    const all = await store.filterDocumentsAsync();
    expect(all.map((d) => d.id)).toEqual(corpus(1050).map((d) => d.id));
    expect((await store.embeddingRetrievalAsync({ queryEmbedding: unit(1049), topK: 1 }))[0]!.id).toBe('d01049');
    expect(await store.writeDocumentsAsync(corpus(1050), 'skip')).toBe(0);
    expect(await store.writeDocumentsAsync(corpus(1050), 'overwrite')).toBe(1050);
    expect(await store.countDocumentsAsync()).toBe(1050);
  });

  it('is one transaction: a failure in a later batch leaves nothing written', async () => {
    const store = make({ batchSize: 100 });
    const docs = corpus(250);
    // VARCHAR(128) ids: the third batch fails in the database.
    docs[220] = new Document({ id: 'x'.repeat(200), content: 'too long an id' });
    const error = await store.writeDocumentsAsync(docs).catch((e: unknown) => e);
    expect(isErrorNamed(error, DocumentStoreError)).toBe(true);
    expect((error as Error).message).toMatch(/^PgvectorDocumentStore\.writeDocuments: could not write documents: value too long/);
    expect(await store.countDocumentsAsync()).toBe(0);
  });

  it('stops before the first statement when the signal is already aborted', async () => {
    const store = make();
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(store.writeDocumentsAsync(corpus(10), 'none', { signal: controller.signal })).rejects.toThrow('stop');
    await expect(store.countDocumentsAsync({ signal: controller.signal })).rejects.toThrow('stop');
    expect(await store.countDocumentsAsync()).toBe(0);
  });
});

describe('PgvectorDocumentStore: concurrent calls through the pool', () => {
  it('answers many concurrent writes, reads and retrievals correctly', async () => {
    const store = make();
    await store.writeDocumentsAsync(corpus(200));
    const tasks: Array<Promise<void>> = [];
    for (let k = 0; k < 60; k++) {
      const kind = k % 5;
      tasks.push(
        (async () => {
          if (kind === 0) expect(await store.writeDocumentsAsync(corpus(5, `w${k}-`, 500 + k * 5))).toBe(5);
          else if (kind === 1) expect((await store.filterDocumentsAsync({ field: 'meta.i', operator: '==', value: k })).map((d) => d.id)).toEqual([`d${String(k).padStart(5, '0')}`]);
          else if (kind === 2) expect((await store.embeddingRetrievalAsync({ queryEmbedding: unit(k), topK: 1 }))[0]!.id).toBe(`d${String(k).padStart(5, '0')}`);
          else if (kind === 3) expect((await store.keywordRetrievalAsync({ query: `word${k % 7}`, topK: 500 })).length).toBeGreaterThanOrEqual(28);
          else expect(await store.countDocumentsByFilterAsync({ field: 'meta.mod', operator: '==', value: k % 3 })).toBeGreaterThanOrEqual(66);
        })(),
      );
    }
    await Promise.all(tasks);
    expect(await store.countDocumentsAsync()).toBe(200 + 12 * 5);
  });

  it('stores on the same PGlite share its one connection, so their statements never interleave', async () => {
    const a = make();
    const b = make();
    await Promise.all([a.writeDocumentsAsync(corpus(300, 'a')), b.writeDocumentsAsync(corpus(300, 'b'))]);
    const counts = await Promise.all([...Array.from({ length: 10 }, () => a.countDocumentsAsync()), ...Array.from({ length: 10 }, () => b.countDocumentsAsync())]);
    expect(counts).toEqual(Array.from({ length: 20 }, () => 300));
    await a.close();
    // b keeps working after a released the shared connection.
    expect(await b.countDocumentsAsync()).toBe(300);
  });
});
