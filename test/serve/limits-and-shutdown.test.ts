import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AsyncPipeline, defineComponent } from '../../src/index.js';
import { RunGate } from '../../src/serve/run-gate.js';
import { postJson, recordingLogger, serveOnLoopback } from './helpers.js';

/** A component whose runs wait for the test to open them, one by one. */
function heldPipeline() {
  const waiting: (() => void)[] = [];
  let started = 0;
  const notify: (() => void)[] = [];
  const Held = defineComponent({
    name: 'Held',
    inputs: { text: z.string() },
    outputs: { text: z.string() },
    run: ({ text }, context) =>
      new Promise((resolve, reject) => {
        started++;
        for (const n of notify.splice(0)) n();
        waiting.push(() => resolve({ text }));
        context!.signal.addEventListener('abort', () => reject(context!.signal.reason));
      }),
  });
  return {
    pipeline: new AsyncPipeline().addComponent('held', new Held()),
    /** Resolves once `n` runs have started. */
    async started(n: number) {
      while (started < n) await new Promise<void>((r) => notify.push(r));
    },
    releaseAll() {
      for (const w of waiting.splice(0)) w();
    },
  };
}

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setImmediate(r));
}

describe('per-pipeline concurrency limit and queue bound', () => {
  it('runs up to the limit, queues up to the bound, and answers 503 with Retry-After past both', async () => {
    const held = heldPipeline();
    const served = await serveOnLoopback({ held: { pipeline: held.pipeline, maxConcurrentRuns: 2, maxQueuedRuns: 1 } });
    try {
      const url = `${served.url}/held/run`;
      const running = [postJson(url, { data: { text: 'a' } }), postJson(url, { data: { text: 'b' } })];
      await held.started(2);
      const queued = postJson(url, { data: { text: 'c' } });
      await until(() => served.app.load('held')!.queued === 1);
      const refused = await postJson(url, { data: { text: 'd' } });
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('1');
      expect(refused.body.error.type).toBe('QueueFull');
      held.releaseAll();
      await held.started(3);
      held.releaseAll();
      const results = await Promise.all([...running, queued]);
      expect(results.map((r) => r.body.result.held.text)).toEqual(['a', 'b', 'c']);
    } finally {
      held.releaseAll();
      await served.close();
    }
  });

  it('lets a queued request that gives up leave the queue', async () => {
    const gate = new RunGate(1, 5);
    const first = await gate.acquire();
    const leaving = new AbortController();
    const waiting = gate.acquire(leaving.signal);
    expect(gate.queued).toBe(1);
    leaving.abort(new DOMException('gone', 'AbortError'));
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
    expect(gate.queued).toBe(0);
    first!();
    expect(gate.active).toBe(0);
  });
});

describe('health and graceful shutdown', () => {
  it('drains runs in flight, refuses new ones with 503, and says so on the health endpoint', async () => {
    const held = heldPipeline();
    const served = await serveOnLoopback({ held: held.pipeline });
    const url = `${served.url}/held/run`;
    expect((await fetch(`${served.url}/health`)).status).toBe(200);
    const inFlight = postJson(url, { data: { text: 'kept' } });
    await held.started(1);
    const drained = served.app.shutdown({ timeoutMs: 60_000 });
    expect(served.app.closing).toBe(true);
    const health = await fetch(`${served.url}/health`);
    expect(health.status).toBe(503);
    expect(await health.json()).toEqual({ status: 'shutting-down', inFlight: 1 });
    const refused = await postJson(url, { data: { text: 'new' } });
    expect(refused).toMatchObject({ status: 503, body: { error: { type: 'ShuttingDown' } } });
    held.releaseAll();
    expect((await inFlight).body).toEqual({ result: { held: { text: 'kept' } } });
    await drained;
    expect(served.app.inFlight).toBe(0);
    await served.close();
  });

  it('aborts the runs still going when the drain time is up, then closes', async () => {
    const held = heldPipeline();
    const served = await serveOnLoopback({ held: held.pipeline });
    const inFlight = postJson(`${served.url}/held/run`, { data: { text: 'slow' } });
    await held.started(1);
    await served.server.close({ timeoutMs: 0 });
    // The run was aborted by the shutdown, not finished; its answer still went out before the close.
    expect(await inFlight).toMatchObject({ status: 499, body: { error: { type: 'AbortError' } } });
    expect(served.app.inFlight).toBe(0);
  });
});

describe('structured logs', () => {
  it('log one line per request with its id, method, path and status, and never the inputs', async () => {
    const logger = recordingLogger();
    const held = heldPipeline();
    const served = await serveOnLoopback({ held: held.pipeline }, { logger });
    try {
      const request = postJson(`${served.url}/held/run`, { data: { text: 'private-input' } }, { headers: { 'x-request-id': 'trace-7' } });
      await held.started(1);
      held.releaseAll();
      await request;
      const line = logger.lines.find((l) => l.fields['requestId'] === 'trace-7');
      expect(line).toMatchObject({ level: 'info', message: 'serve: request', fields: { method: 'POST', path: '/held/run', status: 200 } });
      expect(typeof line!.fields['durationMs']).toBe('number');
      expect(JSON.stringify(logger.lines)).not.toContain('private-input');
    } finally {
      await served.close();
    }
  });
});
