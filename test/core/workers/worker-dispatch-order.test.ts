import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { AsyncPipeline } from '../../../src/index.js';
import { Listener, Stamper } from '../../fixtures/workers/worker-components.js';

const open: { close(): Promise<void> }[] = [];
const scratch = mkdtempSync(join(tmpdir(), 'haystack-ts-worker-order-'));
afterEach(async () => {
  await Promise.all(open.splice(0).map((p) => p.close()));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/**
 * One thread, four components: `a_short` (10 ms) and `d_mid` (20 ms) stand alone, `b_head` (10 ms)
 * feeds `c_tail` (60 ms). All three sources are ready at once, so two of them wait for the thread.
 */
function fourOnOneThread() {
  const pipeline = new AsyncPipeline({ executor: 'worker', workerPool: { maxThreads: 1 } })
    .addComponent('a_short', new Stamper())
    .addComponent('b_head', new Stamper())
    .addComponent('c_tail', new Stamper())
    .addComponent('d_mid', new Stamper());
  pipeline.connect('b_head.startedAt', 'c_tail.after');
  open.push(pipeline);
  return pipeline;
}

const NAMES = ['a_short', 'b_head', 'c_tail', 'd_mid'] as const;
const data = { a_short: { ms: 10 }, b_head: { ms: 10 }, c_tail: { ms: 60 }, d_mid: { ms: 20 } };

function startOrder(result: Record<string, { startedAt?: number } | undefined>): string[] {
  return Object.entries(result)
    .map(([name, out]) => [name, out?.startedAt] as const)
    .filter((entry): entry is readonly [string, number] => entry[1] !== undefined)
    .sort((x, y) => x[1] - y[1])
    .map(([name]) => name);
}

// Worker threads load tsx: slow to start on a loaded machine. Nothing here asserts a duration.
describe('the order calls get a busy pool thread', { timeout: 60_000 }, () => {
  it('gives a waiting thread to the longest measured chain ahead, once each component has run once', async () => {
    const pipeline = fourOnOneThread();
    const everything = { includeOutputsFrom: NAMES };
    // The first run has nothing measured: first come, first served.
    await pipeline.runAsync(data, everything);
    const order = startOrder(await pipeline.runAsync(data, everything));
    // b_head's chain (70 ms) goes before d_mid (20 ms) although both waited from the start, and
    // c_tail, ready only when b_head ends, still goes before d_mid, which had waited longer.
    expect(order.indexOf('b_head')).toBeLessThan(order.indexOf('d_mid'));
    expect(order.indexOf('c_tail')).toBeLessThan(order.indexOf('d_mid'));
  });

  it('serves waiting calls in the order they came while nothing is measured', async () => {
    const pipeline = fourOnOneThread();
    const result = await pipeline.runAsync(data, { includeOutputsFrom: NAMES });
    // c_tail became ready after d_mid started waiting, and with no measurements cannot pass it.
    expect(startOrder(result).indexOf('d_mid')).toBeLessThan(startOrder(result).indexOf('c_tail'));
  });

  it('ends a call still waiting for a thread when its run is aborted, without ever starting it', async () => {
    const pipeline = new AsyncPipeline({ executor: 'worker', workerPool: { maxThreads: 1, abortGraceMs: 60_000 } })
      .addComponent('first', new Listener())
      .addComponent('second', new Listener());
    open.push(pipeline);
    await pipeline.warmUp();
    const markers = { first: join(scratch, 'first'), second: join(scratch, 'second') };
    const controller = new AbortController();
    const running = pipeline.runAsync(
      { first: { ms: 60_000, markerFile: markers.first }, second: { ms: 60_000, markerFile: markers.second } },
      { signal: controller.signal },
    );
    // Whichever got the one thread has started; the other waits in the pool's queue.
    while (!existsSync(markers.first) && !existsSync(markers.second)) await new Promise((r) => setTimeout(r, 5));
    controller.abort(new Error('caller gave up'));
    await expect(running).rejects.toThrow('caller gave up');
    const started = [markers.first, markers.second].filter((m) => existsSync(m));
    expect(started).toHaveLength(1);
    expect(readFileSync(started[0]!, 'utf8')).toBe('started aborted');
    // The thread was handed back: the pipeline still runs.
    expect((await pipeline.runAsync({ first: { ms: 1 }, second: { ms: 1 } })).first?.done).toBe(true);
  });
});
