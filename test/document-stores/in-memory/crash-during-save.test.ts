/**
 * A process killed (SIGKILL) in the middle of a large `saveToDisk` leaves the previous file
 * intact: the new content goes to a temporary file that is renamed over the old one only when
 * complete. The child pauses mid-write and says so, so the kill always lands mid-write.
 */
import { fork } from 'node:child_process';
import { mkdtemp, readdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Document, DocumentStoreError, InMemoryDocumentStore } from '../../../src/index.js';

const CHILD = fileURLToPath(new URL('./fixtures/save-until-killed.ts', import.meta.url));

/** Runs the child until it reports that writing has started, then SIGKILLs it. */
function killMidWrite(path: string, documents: number): Promise<NodeJS.Signals | null> {
  return new Promise((resolve, reject) => {
    const child = fork(CHILD, [path, String(documents)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // A bound on the whole exchange, so a broken child fails the test instead of hanging it.
    const guard = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the child never reported writing: ${stderr}`));
    }, 30_000);
    child.on('message', (message) => {
      if (message === 'writing') child.kill('SIGKILL');
      else reject(new Error(`the child finished its save before being killed (${String(message)})`));
    });
    child.on('exit', (_code, signal) => {
      clearTimeout(guard);
      if (signal === null) reject(new Error(`the child exited by itself: ${stderr}`));
      else resolve(signal);
    });
    child.on('error', reject);
  });
}

describe('saveToDisk killed mid-write', () => {
  it('keeps the previous file intact and loadable; the partial temporary file is refused as truncated', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'haystack-ts-crash-'));
    const path = join(dir, 'store.json');
    const previous = new InMemoryDocumentStore();
    previous.writeDocuments([new Document({ id: 'old-1', content: 'kept' }), new Document({ id: 'old-2', content: 'also kept', embedding: [1, 2] })]);
    await previous.saveToDisk(path);

    expect(await killMidWrite(path, 5_000)).toBe('SIGKILL');

    const loaded = await InMemoryDocumentStore.loadFromDisk(path);
    expect(loaded.filterDocuments().map((d) => d.id)).toEqual(['old-1', 'old-2']);
    expect(loaded.filterDocuments()[1]!.embedding).toEqual([1, 2]);

    // The write really was under way: a partial temporary file is left behind, and it is refused.
    const leftovers = (await readdir(dir)).filter((name) => name.endsWith('.tmp'));
    expect(leftovers).toHaveLength(1);
    const partial = join(dir, leftovers[0]!);
    expect((await stat(partial)).size).toBeGreaterThan(0);
    await expect(InMemoryDocumentStore.loadFromDisk(partial)).rejects.toThrow(DocumentStoreError);
    await expect(InMemoryDocumentStore.loadFromDisk(partial)).rejects.toThrow(/truncated|JSON/);
  });
});
