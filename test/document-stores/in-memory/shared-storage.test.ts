import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { Document } from '../../../src/dataclasses/document.js';
import { DocumentStoreError } from '../../../src/document-stores/errors.js';
import { sharedIndexRegistration } from '../../../src/document-stores/in-memory/index-state.js';
import { InMemoryDocumentStore } from '../../../src/document-stores/in-memory/in-memory-document-store.js';
import type { InMemoryDocumentStoreOptions } from '../../../src/document-stores/in-memory/in-memory-document-store-options.js';

const TYPE = 'haystack.document_stores.in_memory.document_store.InMemoryDocumentStore';
const docs = (...contents: string[]): Document[] => contents.map((content) => new Document({ content }));

// A full, synchronous collection. Flags set at run time take effect for `gc` in a new context.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Lets the current job end (WeakRefs read in it stay alive until then), then collects. */
async function collect(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  gc();
}

describe('shared stores (the default)', () => {
  it('share their documents with every store of the same index, as in Haystack', () => {
    const a = new InMemoryDocumentStore({ index: 'shared-a' });
    const b = new InMemoryDocumentStore({ index: 'shared-a', shared: true });
    expect(a.shared).toBe(true);
    a.writeDocuments(docs('one', 'two'));
    expect(b.countDocuments()).toBe(2);
    expect(b.bm25Retrieval({ query: 'two' })[0]?.content).toBe('two');
    b.deleteAllDocuments();
    expect(a.countDocuments()).toBe(0);
  });

  it('keep a named index for the process after its last store is collected', async () => {
    (() => new InMemoryDocumentStore({ index: 'shared-kept' }).writeDocuments(docs('kept')))();
    await collect();
    expect(sharedIndexRegistration('shared-kept')).toBe('named');
    expect(new InMemoryDocumentStore({ index: 'shared-kept' }).countDocuments()).toBe(1);
  });

  it('free a generated index once no store of it is left', async () => {
    const made = ((): { index: string; ref: WeakRef<InMemoryDocumentStore> } => {
      const store = new InMemoryDocumentStore();
      store.writeDocuments(docs('throwaway'));
      return { index: store.index, ref: new WeakRef(store) };
    })();
    expect(sharedIndexRegistration(made.index)).toBe('generated');
    await collect();
    expect(made.ref.deref()).toBeUndefined();
    expect(sharedIndexRegistration(made.index)).toBeUndefined();
  });

  it('keep a generated index while any store of it lives, and pin it once it is named', async () => {
    const first = new InMemoryDocumentStore();
    first.writeDocuments(docs('alive'));
    // What a pipeline round trip does: the index name read back from toDict.
    const second = InMemoryDocumentStore.fromDict(first.toDict());
    expect(second.countDocuments()).toBe(1);
    expect(sharedIndexRegistration(first.index)).toBe('named');
    const index = first.index;
    await collect();
    expect(new InMemoryDocumentStore({ index }).countDocuments()).toBe(1);
  });
});

describe('unshared stores (shared: false, Haystack 3.x)', () => {
  it('keep their documents to themselves, even under the same index', () => {
    const shared = new InMemoryDocumentStore({ index: 'unshared-x' });
    const a = new InMemoryDocumentStore({ index: 'unshared-x', shared: false });
    const b = new InMemoryDocumentStore({ index: 'unshared-x', shared: false });
    a.writeDocuments(docs('only in a'));
    shared.writeDocuments(docs('in the shared one'));
    expect(a.countDocuments()).toBe(1);
    expect(b.countDocuments()).toBe(0);
    expect(shared.countDocuments()).toBe(1);
    a.deleteAllDocuments();
    expect(shared.countDocuments()).toBe(1);
  });

  it('are not registered and are freed with the instance', async () => {
    const made = ((): { index: string; ref: WeakRef<InMemoryDocumentStore> } => {
      const store = new InMemoryDocumentStore({ shared: false });
      store.writeDocuments(docs('per request'));
      return { index: store.index, ref: new WeakRef(store) };
    })();
    expect(sharedIndexRegistration(made.index)).toBeUndefined();
    await collect();
    expect(made.ref.deref()).toBeUndefined();
  });
});

describe('serialization of shared', () => {
  it('writes shared: false and reads it back as an unshared store', () => {
    const store = new InMemoryDocumentStore({ index: 'ser-unshared', shared: false });
    const data = store.toDict();
    expect(data.init_parameters.shared).toBe(false);
    const back = InMemoryDocumentStore.fromDict(data);
    expect(back.shared).toBe(false);
    expect(back.toDict()).toEqual(data);
  });

  it('omits shared when true, so Haystack 2.31 loads the dict, and reads 3.x dicts that carry it', () => {
    expect('shared' in new InMemoryDocumentStore({ index: 'ser-shared' }).toDict().init_parameters).toBe(false);
    const fromThree = InMemoryDocumentStore.fromDict({ type: TYPE, init_parameters: { index: 'ser-3x', shared: true, return_embedding: true } });
    expect(fromThree.shared).toBe(true);
    const unsharedThree = InMemoryDocumentStore.fromDict({ type: TYPE, init_parameters: { index: 'ser-3x', shared: false } });
    expect(unsharedThree.shared).toBe(false);
  });

  it('keeps shared through saveToDisk and loadFromDisk', async () => {
    const { mkdtemp, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = await mkdtemp(join(tmpdir(), 'hs-shared-'));
    try {
      const store = new InMemoryDocumentStore({ index: 'disk-unshared', shared: false });
      store.writeDocuments(docs('on disk'));
      await store.saveToDisk(join(dir, 'store.json'));
      const loaded = await InMemoryDocumentStore.loadFromDisk(join(dir, 'store.json'));
      expect(loaded.shared).toBe(false);
      expect(loaded.countDocuments()).toBe(1);
      expect(store.countDocuments()).toBe(1);
      expect(sharedIndexRegistration('disk-unshared')).toBeUndefined();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('the shared option', () => {
  it('must be a boolean', () => {
    expect(() => new InMemoryDocumentStore({ shared: 'yes' as unknown as boolean })).toThrow(DocumentStoreError);
    expect(() => new InMemoryDocumentStore({ shared: 'yes' as unknown as boolean })).toThrow(
      "InMemoryDocumentStore: expected 'shared' to be a boolean, got 'yes'.",
    );
  });

  it('is typed as an optional boolean', () => {
    expectTypeOf<InMemoryDocumentStoreOptions['shared']>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<InMemoryDocumentStore['shared']>().toEqualTypeOf<boolean>();
  });
});
