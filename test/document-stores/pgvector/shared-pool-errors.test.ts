/**
 * Stores on one PGlite share its pool; each still hears the pool's errors, through one 'error'
 * listener per pool (a listener per store trips Node's MaxListenersExceededWarning at the eleventh).
 */
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { onPoolError } from '../../../src/document-stores/pgvector/pgvector-connection.js';
import type { PgPool } from '../../../src/document-stores/pgvector/pg-modules.js';
import { pgliteForThisFile } from '../../helpers/pglite.js';

const { make } = pgliteForThisFile();

const fakePool = (): EventEmitter & PgPool => new EventEmitter() as EventEmitter & PgPool;

describe('a pool shared by many stores', () => {
  const warnings: Error[] = [];
  const onWarning = (warning: Error) => void warnings.push(warning);
  afterEach(() => {
    process.off('warning', onWarning);
    warnings.length = 0;
  });

  it('gets one error listener however many stores listen, and tells each of them', () => {
    const pool = fakePool();
    const heard: number[] = [];
    const stops = Array.from({ length: 12 }, (_, i) => onPoolError(pool, () => heard.push(i)));
    expect(pool.listenerCount('error')).toBe(1);
    pool.emit('error', new Error('connection reset'));
    expect(heard).toEqual(Array.from({ length: 12 }, (_, i) => i));
    heard.length = 0;
    stops[3]!();
    stops[3]!();
    pool.emit('error', new Error('again'));
    expect(heard).toHaveLength(11);
    expect(heard).not.toContain(3);
  });

  it('keeps its listener once every store stopped listening, so an error event cannot crash the process', () => {
    const pool = fakePool();
    const stop = onPoolError(pool, () => undefined);
    stop();
    expect(pool.listenerCount('error')).toBe(1);
    expect(() => pool.emit('error', new Error('late'))).not.toThrow();
  });

  it('counts the same handler given by two stores twice', () => {
    const pool = fakePool();
    let calls = 0;
    const handler = () => void calls++;
    onPoolError(pool, handler);
    onPoolError(pool, handler);
    pool.emit('error', new Error('x'));
    expect(calls).toBe(2);
  });

  it('lets twelve stores connect to one PGlite without a MaxListenersExceededWarning', async () => {
    process.on('warning', onWarning);
    const stores = Array.from({ length: 12 }, () => make());
    for (const store of stores) expect(await store.countDocumentsAsync()).toBe(0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
  }, 60_000);
});
