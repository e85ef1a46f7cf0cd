import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Document, DocumentStoreError, InMemoryDocumentStore } from '../../../src/index.js';
import { sharedIndexState } from '../../../src/document-stores/in-memory/index-state.js';

/** `bm25IndexInBackground`: BM25 indexing in slices after a write, instead of all at the first query. */

const VOCABULARY = Array.from({ length: 300 }, (_, i) => `term${i}`);
function corpus(n: number, prefix = 'd'): Document[] {
  return Array.from({ length: n }, (_, i) => {
    const words = Array.from({ length: 30 }, (_, k) => VOCABULARY[(i * 7 + k * 13 + ((i * k) % 11)) % VOCABULARY.length]!);
    return new Document({ id: `${prefix}${i}`, content: words.join(' ') });
  });
}

let counter = 0;
function stores(n: number): { background: InMemoryDocumentStore; reference: InMemoryDocumentStore; index: string } {
  counter += 1;
  const index = `background-${process.pid}-${counter}`;
  const background = new InMemoryDocumentStore({ index, bm25IndexInBackground: true });
  const reference = new InMemoryDocumentStore({ shared: false });
  background.writeDocuments(corpus(n));
  reference.writeDocuments(corpus(n));
  return { background, reference, index };
}

/**
 * A 1 ms timer made after the write: it fires after the slice timer the write made (same delay,
 * made earlier), so one call lets exactly one more slice run.
 */
const turn = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 1));

const QUERIES = ['term1 term7', 'term100', 'term13 term26 term39', 'term299 term0'];
function ranking(store: InMemoryDocumentStore, query: string): [string, number | undefined][] {
  return store.bm25Retrieval({ query, topK: 20 }).map((d) => [d.id, d.score]);
}

describe('InMemoryDocumentStore bm25IndexInBackground', () => {
  it('indexes what was written on later turns of the event loop, a slice at a time, with no query', async () => {
    const { index } = stores(20_000);
    const state = sharedIndexState(index, false);
    expect(state.pendingCount).toBe(20_000);
    await turn();
    // One slice ran: 5 ms of work, at least one clock check's worth, never everything at 30 words a document.
    expect(state.pendingCount).toBeGreaterThan(0);
    expect(state.pendingCount).toBeLessThan(20_000);
    for (let i = 0; i < 10_000 && state.pendingCount > 0; i++) await turn();
    expect(state.pendingCount).toBe(0);
  });

  it('gives the scores of an index built by the first query, whether the slices finished or not', async () => {
    const finished = stores(3_000);
    const state = sharedIndexState(finished.index, false);
    for (let i = 0; i < 10_000 && state.pendingCount > 0; i++) await turn();
    for (const query of QUERIES) expect(ranking(finished.background, query)).toEqual(ranking(finished.reference, query));

    const midway = stores(20_000);
    await turn();
    expect(sharedIndexState(midway.index, false).pendingCount).toBeGreaterThan(0);
    // The query indexes the rest at once.
    for (const query of QUERIES) expect(ranking(midway.background, query)).toEqual(ranking(midway.reference, query));
    expect(sharedIndexState(midway.index, false).pendingCount).toBe(0);
  });

  it('keeps the scores through deletions, overwrites and more writes between slices', async () => {
    const { background, reference, index } = stores(20_000);
    await turn();
    for (const store of [background, reference]) {
      store.deleteDocuments(['d5', 'd17000']);
      store.writeDocuments(corpus(10, 'extra'));
      store.writeDocuments([new Document({ id: 'd9', content: 'term1 term1 term7' })], 'overwrite');
    }
    await turn();
    await turn();
    for (const query of QUERIES) expect(ranking(background, query)).toEqual(ranking(reference, query));
    expect(sharedIndexState(index, false).pendingCount).toBe(0);
  });

  it('then moves the postings into their lists in slices too, and a query before it is done gives the same scores', async () => {
    const { background, reference, index } = stores(40_000);
    const state = sharedIndexState(index, false);
    let midway = false;
    for (let i = 0; i < 20_000 && !midway; i++) {
      await turn();
      midway = state.pendingCount === 0 && state.bm25.flushInProgress;
    }
    expect(midway).toBe(true);
    for (const query of QUERIES) expect(ranking(background, query)).toEqual(ranking(reference, query));
    expect(state.bm25.hasUnflushed).toBe(false);

    const done = stores(3_000);
    const doneState = sharedIndexState(done.index, false);
    for (let i = 0; i < 10_000 && (doneState.pendingCount > 0 || doneState.bm25.hasUnflushed); i++) await turn();
    expect(doneState.bm25.hasUnflushed).toBe(false);
    for (const query of QUERIES) expect(ranking(done.background, query)).toEqual(ranking(done.reference, query));
  });

  it('finishes a flush under way before it counts more: writes and deletions in the middle of one', async () => {
    const { background, reference, index } = stores(40_000);
    const state = sharedIndexState(index, false);
    for (let i = 0; i < 20_000 && !(state.pendingCount === 0 && state.bm25.flushInProgress); i++) await turn();
    expect(state.bm25.flushInProgress).toBe(true);
    for (const store of [background, reference]) {
      store.writeDocuments(corpus(50, 'more'));
      store.deleteDocuments(['d3', 'more7']);
    }
    // The write's indexing (the deletion indexes what is pending) finished the flush first.
    expect(state.bm25.flushInProgress).toBe(false);
    for (let i = 0; i < 10_000 && (state.pendingCount > 0 || state.bm25.hasUnflushed); i++) await turn();
    for (const query of QUERIES) expect(ranking(background, query)).toEqual(ranking(reference, query));
  });

  it('stops when the store is emptied between slices', async () => {
    const { background, index } = stores(20_000);
    await turn();
    background.deleteAllDocuments();
    await turn();
    expect(sharedIndexState(index, false).pendingCount).toBe(0);
    expect(background.countDocuments()).toBe(0);
    expect(background.bm25Retrieval({ query: 'term1' })).toEqual([]);
  });

  it('also indexes what a batch wrote before a duplicate stopped it', async () => {
    counter += 1;
    const index = `background-${process.pid}-${counter}`;
    const store = new InMemoryDocumentStore({ index, bm25IndexInBackground: true });
    const docs = corpus(3);
    expect(() => store.writeDocuments([...docs, docs[0]!], 'fail')).toThrow(/ID 'd0' already exists/);
    const state = sharedIndexState(index, false);
    expect(state.pendingCount).toBe(3);
    await turn();
    expect(state.pendingCount).toBe(0);
  });

  it('does not keep the process alive: a script that never queries exits with the slices undone', async () => {
    const child = fileURLToPath(new URL('../../fixtures/document-stores/background-index-child.ts', import.meta.url));
    const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      execFile(process.execPath, ['--import', 'tsx', child], { timeout: 45_000 }, (error, out) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout: out });
      });
    });
    expect(code).toBe(0);
    // Held open by the slices, the process would have indexed all 50,000 before exiting. A turn or
    // two may still run while Node winds down (tsx's loader), hence no exact count.
    const pending = Number(/^pending=(\d+)\n$/.exec(stdout)?.[1]);
    expect(pending).toBeGreaterThan(0);
  }, 60_000);

  it('is off by default, serialized only when on, and checked', () => {
    expect(new InMemoryDocumentStore().bm25IndexInBackground).toBe(false);
    expect(new InMemoryDocumentStore().toDict().init_parameters).not.toHaveProperty('bm25_index_in_background');
    const on = new InMemoryDocumentStore({ bm25IndexInBackground: true, shared: false });
    expect(on.toDict().init_parameters.bm25_index_in_background).toBe(true);
    expect(InMemoryDocumentStore.fromDict(on.toDict()).bm25IndexInBackground).toBe(true);
    expect(() => new InMemoryDocumentStore({ bm25IndexInBackground: 'yes' as never })).toThrow(DocumentStoreError);
    expect(() => new InMemoryDocumentStore({ bm25IndexInBackground: 'yes' as never })).toThrow(
      "InMemoryDocumentStore: expected 'bm25IndexInBackground' to be a boolean, got 'yes'.",
    );
  });
});
