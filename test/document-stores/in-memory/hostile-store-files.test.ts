/**
 * Truncated, corrupt and hostile store files give a typed error from `loadFromDisk`, and none of
 * them changes a prototype of the process.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DeserializationError, Document, DocumentStoreError, InMemoryDocumentStore, isHaystackError } from '../../../src/index.js';

const HEADER = '{"type": "haystack.document_stores.in_memory.document_store.InMemoryDocumentStore", "init_parameters": {}';

async function fileWith(text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'haystack-ts-hostile-'));
  const path = join(dir, 'store.json');
  await writeFile(path, text);
  return path;
}

async function savedFile(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'haystack-ts-hostile-'));
  const path = join(dir, 'store.json');
  const store = new InMemoryDocumentStore();
  store.writeDocuments([new Document({ id: 'a', content: 'alpha', embedding: [1, 2] }), new Document({ id: 'b', content: 'beta' })]);
  await store.saveToDisk(path);
  return path;
}

function unpolluted(): void {
  for (const proto of [Object.prototype, Array.prototype, Document.prototype]) {
    expect(Object.hasOwn(proto, 'polluted')).toBe(false);
  }
  expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
}

afterEach(unpolluted);

describe('corrupt and truncated store files', () => {
  it.each([10, 0.5, 0.9])('refuses a saved file cut after %s of its bytes', async (fraction) => {
    const text = await readFile(await savedFile(), 'utf8');
    const cut = fraction < 1 ? Math.floor(text.length * fraction) : fraction;
    await expect(InMemoryDocumentStore.loadFromDisk(await fileWith(text.slice(0, cut)))).rejects.toThrow(DocumentStoreError);
  });

  it.each([
    ['an empty file', ''],
    ['garbage', '\u0000\u0001not json at all'],
    ['a JSON number', '42'],
    ['JSON null', 'null'],
    ['a JSON array', '[1, 2]'],
    ['documents that are not a list', `${HEADER}, "documents": 7}`],
    ['a document that is a number', `${HEADER}, "documents": [42]}`],
    ['a document with a string embedding', `${HEADER}, "documents": [{"id": "x", "embedding": "abc"}]}`],
    ['a line-format document that is not an object', `${HEADER}, "documents": [\n42\n]}\n`],
  ])('refuses %s with a typed error', async (_label, text) => {
    const error = await InMemoryDocumentStore.loadFromDisk(await fileWith(text)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DocumentStoreError);
  });

  it('refuses a file of another class with a DeserializationError', async () => {
    const error = await InMemoryDocumentStore.loadFromDisk(await fileWith('{"type": "os.system", "init_parameters": {}, "documents": []}')).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DeserializationError);
  });
});

describe('hostile store files', () => {
  it.each([
    ['a top-level __proto__ key', `{"__proto__": {"polluted": 1}, "type": "x", "documents": []}`],
    ['__proto__ in the settings', `${HEADER.replace('"init_parameters": {}', '"init_parameters": {"__proto__": {"polluted": 1}}')}, "documents": []}`],
    ['__proto__ as a flattened document key', `${HEADER}, "documents": [{"id": "x", "__proto__": {"polluted": 1}}]}`],
    ['__proto__ in a document meta', `${HEADER}, "documents": [{"id": "x", "meta": {"__proto__": {"polluted": 1}}}]}`],
    ['__proto__ deep in meta, line format', `${HEADER}, "documents": [\n{"id": "x", "meta": {"a": [{"b": {"__proto__": {"polluted": 1}}}]}}\n]}\n`],
  ])('refuses %s and pollutes nothing', async (_label, text) => {
    const error = await InMemoryDocumentStore.loadFromDisk(await fileWith(text)).catch((e: unknown) => e);
    expect(isHaystackError(error)).toBe(true);
    expect((error as Error).message).toMatch(/__proto__/);
  });

  it('accepts text that merely mentions __proto__ in content', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'haystack-ts-hostile-'));
    const path = join(dir, 'store.json');
    const store = new InMemoryDocumentStore();
    store.writeDocuments([new Document({ id: 'x', content: 'the "__proto__" key', meta: { note: '__proto__' } })]);
    await store.saveToDisk(path);
    const loaded = await InMemoryDocumentStore.loadFromDisk(path);
    expect(loaded.filterDocuments()[0]!.content).toBe('the "__proto__" key');
  });
});
