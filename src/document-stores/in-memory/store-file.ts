import { createReadStream } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { Document } from '../../dataclasses/document.js';

/**
 * The store's JSON file: Haystack's layout (the store's `to_dict` plus `"documents": [...]`), written
 * one document per line so that memory stays flat and the file can exceed V8's maximum string length.
 */

/**
 * Writes `header` (the store's dict) and `documents` to `path` atomically: the data goes to a
 * temporary file beside `path` that is flushed and then renamed over it, so a crash leaves either
 * the old file or the new one.
 */
export async function writeStoreFile(
  path: string,
  header: Readonly<Record<string, unknown>>,
  count: number,
  documentAt: (index: number) => Document,
  signal: AbortSignal | undefined,
): Promise<void> {
  const temporary = `${path}.${process.pid}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.tmp`;
  const handle = await open(temporary, 'wx');
  let renamed = false;
  try {
    const opening = JSON.stringify(header);
    await handle.write(`${opening.slice(0, -1)}, "documents": [\n`);
    const batch: string[] = [];
    for (let i = 0; i < count; i++) {
      batch.push(JSON.stringify(documentAt(i).toDict({ flatten: false })) + (i < count - 1 ? ',\n' : '\n'));
      if (batch.length === 1000) {
        signal?.throwIfAborted();
        await handle.write(batch.join(''));
        batch.length = 0;
      }
    }
    await handle.write(`${batch.join('')}]}\n`);
    await handle.sync();
    await handle.close();
    signal?.throwIfAborted();
    await rename(temporary, path);
    renamed = true;
  } finally {
    if (!renamed) {
      await handle.close().catch(() => undefined);
      await rm(temporary, { force: true });
    }
  }
}

/** Reads a store file: its settings (everything but `documents`) and its documents. */
export async function readStoreFile(
  path: string,
  signal: AbortSignal | undefined,
): Promise<{ data: Record<string, unknown>; documents: Document[] }> {
  // Files written by saveToDisk have one document per line and can exceed V8's maximum string
  // length; anything else (Haystack's single-line files) is parsed whole.
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  const documents: Document[] = [];
  let header: string | undefined;
  let whole: string[] | undefined;
  let closed = false;
  for await (const line of lines) {
    signal?.throwIfAborted();
    if (header === undefined && whole === undefined) {
      if (line.endsWith('"documents": [')) header = line;
      else whole = [line];
      continue;
    }
    if (whole !== undefined) {
      whole.push(line);
      continue;
    }
    if (line === ']}') {
      closed = true;
      continue;
    }
    if (line === '') continue;
    const text = line.endsWith(',') ? line.slice(0, -1) : line;
    documents.push(storedDocument(parseJson(text), documents.length));
  }
  if (whole !== undefined) {
    const parsed = parseJson(whole.join('\n'));
    if (!isRecord(parsed)) throw new Error('expected a JSON object with the store settings and its documents');
    const { documents: raw = [], ...data } = parsed;
    if (!Array.isArray(raw)) throw new Error("'documents' must be an array");
    return { data, documents: raw.map((doc: unknown, i) => storedDocument(doc, i)) };
  }
  if (header === undefined || !closed) throw new Error('the file is empty or truncated');
  const data = parseJson(`${header.slice(0, -'"documents": ['.length).replace(/,\s*$/, '')}}`);
  if (!isRecord(data)) throw new Error('expected a JSON object with the store settings');
  return { data, documents };
}

/**
 * `JSON.parse`, refusing `__proto__` keys: JSON.parse makes them own properties, but the code
 * that later copies documents and their meta by assignment would turn one into a prototype.
 * The walk runs only when the text mentions the key, so ordinary files cost one substring search.
 */
function parseJson(text: string): unknown {
  const value: unknown = JSON.parse(text);
  if (text.includes('"__proto__"') && hasProtoKey(value)) {
    throw new Error("refusing the key '__proto__': it could modify object prototypes");
  }
  return value;
}

function hasProtoKey(root: unknown): boolean {
  const stack: unknown[] = [root];
  for (let value = stack.pop(); value !== undefined || stack.length > 0; value = stack.pop()) {
    if (typeof value !== 'object' || value === null) continue;
    if (Object.hasOwn(value, '__proto__')) return true;
    for (const child of Object.values(value)) if (typeof child === 'object' && child !== null) stack.push(child);
  }
  return false;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A document of the file, which must be a JSON object (numbers would build empty documents). */
function storedDocument(raw: unknown, position: number): Document {
  if (!isRecord(raw)) throw new Error(`document ${position} is not a JSON object`);
  return Document.fromDict(raw);
}
