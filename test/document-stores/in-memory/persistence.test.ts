import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ByteStream, Document, DocumentStoreError, InMemoryDocumentStore, SparseEmbedding } from '../../../src/index.js';

const tempDir = () => mkdtemp(join(tmpdir(), 'haystack-ts-store-'));

const sample = () => [
  new Document({ id: 'a', content: 'alpha', meta: { n: 1, nested: { x: [1, 2] } }, embedding: [0.5, 0.25] }),
  new Document({
    id: 'b',
    content: 'beta',
    blob: new ByteStream({ data: new Uint8Array([1, 2, 3]), mimeType: 'application/x' }),
    sparseEmbedding: new SparseEmbedding({ indices: [1], values: [0.5] }),
  }),
  new Document({ id: 'c' }),
];

describe('saveToDisk / loadFromDisk', () => {
  it('round-trips settings and documents in Haystack\'s JSON layout', async () => {
    const dir = await tempDir();
    const path = join(dir, 'store.json');
    const index = `persist-${crypto.randomUUID()}`;
    const store = new InMemoryDocumentStore({ index, bm25Algorithm: 'BM25Okapi' });
    store.writeDocuments(sample());
    await store.saveToDisk(path);

    const json = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['type', 'init_parameters', 'documents']);
    expect(json['documents']).toEqual(store.filterDocuments().map((d) => d.toDict({ flatten: false })));

    store.deleteAllDocuments();
    const loaded = await InMemoryDocumentStore.loadFromDisk(path);
    expect(loaded.index).toBe(index);
    expect(loaded.bm25Algorithm).toBe('BM25Okapi');
    expect(loaded.filterDocuments().map((d) => d.toDict())).toEqual(sample().map((d) => d.toDict()));
    expect(loaded.bm25Retrieval({ query: 'alpha', topK: 1 })[0]!.id).toBe('a');
  });

  it('loads a single-line file as Haystack writes it', async () => {
    const dir = await tempDir();
    const path = join(dir, 'haystack.json');
    const store = new InMemoryDocumentStore();
    const data = { ...store.toDict(), documents: sample().map((d) => d.toDict({ flatten: false })) };
    await writeFile(path, JSON.stringify(data));
    const loaded = await InMemoryDocumentStore.loadFromDisk(path);
    expect(loaded.countDocuments()).toBe(3);
    expect(loaded.filterDocuments()[0]!.embedding).toEqual([0.5, 0.25]);
  });

  it('writes atomically: a failed save leaves the previous file and no temporary file', async () => {
    const dir = await tempDir();
    const path = join(dir, 'store.json');
    const store = new InMemoryDocumentStore();
    store.writeDocuments(sample());
    await store.saveToDisk(path);
    const before = await readFile(path, 'utf8');

    store.writeDocuments([new Document({ id: 'd', content: 'delta' })]);
    const controller = new AbortController();
    controller.abort();
    await expect(store.saveToDisk(path, { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
    // A document whose toDict throws makes the write fail half-way through.
    const bad = new Document({ id: 'bad', content: 'x', meta: { big: 10n } });
    store.writeDocuments([bad]);
    await expect(store.saveToDisk(path)).rejects.toThrow();
    expect(await readFile(path, 'utf8')).toBe(before);
    expect(await readdir(dir)).toEqual(['store.json']);
  });

  it('reports a missing file and an unreadable one', async () => {
    const dir = await tempDir();
    await expect(InMemoryDocumentStore.loadFromDisk(join(dir, 'nope.json'))).rejects.toThrow(/not found/);
    await writeFile(join(dir, 'broken.json'), '{"type": ');
    await expect(InMemoryDocumentStore.loadFromDisk(join(dir, 'broken.json'))).rejects.toThrow(DocumentStoreError);
    const store = new InMemoryDocumentStore();
    store.writeDocuments(sample());
    await store.saveToDisk(join(dir, 'full.json'));
    const text = await readFile(join(dir, 'full.json'), 'utf8');
    await writeFile(join(dir, 'truncated.json'), text.slice(0, text.lastIndexOf(']}')));
    await expect(InMemoryDocumentStore.loadFromDisk(join(dir, 'truncated.json'))).rejects.toThrow(/truncated/);
  });
});
