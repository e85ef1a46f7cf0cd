/**
 * `await using` on a PgvectorDocumentStore and `closeAsync()` both go through `close()`, which
 * releases the pool (its own tests cover what close does). No database is needed: nothing connects
 * before the first call.
 */
import { describe, expect, it, vi } from 'vitest';
import { PgvectorDocumentStore } from '../../../src/index.js';

describe('PgvectorDocumentStore lifecycle', () => {
  it('await using calls close at the end of the scope, once', async () => {
    const store = new PgvectorDocumentStore({ tableName: 'never_opened', embeddingDimension: 3 });
    const close = vi.spyOn(store, 'close');
    {
      await using _scoped = store;
      expect(close).not.toHaveBeenCalled();
    }
    expect(close).toHaveBeenCalledTimes(1);
  });

  it('closeAsync is close, and closing a store that never connected resolves', async () => {
    const store = new PgvectorDocumentStore({ tableName: 'never_opened', embeddingDimension: 3 });
    const close = vi.spyOn(store, 'close');
    await expect(store.closeAsync()).resolves.toBeUndefined();
    expect(close).toHaveBeenCalledTimes(1);
  });
});
