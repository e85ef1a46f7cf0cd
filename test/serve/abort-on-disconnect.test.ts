import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AsyncPipeline, defineComponent } from '../../src/index.js';
import { Upper, serveOnLoopback, type Served } from './helpers.js';

/** Runs until its signal aborts, and tells the test when it started and when it saw the abort. */
function probe() {
  let started!: () => void;
  let aborted!: (reason: unknown) => void;
  const state = {
    started: new Promise<void>((r) => (started = r)),
    aborted: new Promise<unknown>((r) => (aborted = r)),
  };
  const Hang = defineComponent({
    name: 'Hang',
    inputs: { text: z.string() },
    outputs: { text: z.string() },
    run: (_input, context) =>
      new Promise((_resolve, reject) => {
        started();
        context!.signal.addEventListener('abort', () => {
          aborted(context!.signal.reason);
          reject(context!.signal.reason);
        });
      }),
  });
  return { state, component: new Hang() };
}

let served: Served;
const runProbe = probe();
const streamProbe = probe();

beforeAll(async () => {
  served = await serveOnLoopback({
    run: new AsyncPipeline().addComponent('hang', runProbe.component),
    stream: new AsyncPipeline().addComponent('upper', new Upper()).addComponent('hang', streamProbe.component).connect('upper.text', 'hang.text'),
  });
});
afterAll(() => served.close());

async function idle(): Promise<void> {
  // The drain count falls to 0 once the aborted run has settled; no timers involved.
  while (served.app.inFlight > 0) await new Promise((r) => setImmediate(r));
}

describe('a client that disconnects', () => {
  it('aborts its /run through the run signal, and frees its slot', async () => {
    const client = new AbortController();
    const request = fetch(`${served.url}/run/run`, { method: 'POST', body: JSON.stringify({ data: { text: 'x' } }), signal: client.signal }).catch((e: unknown) => e);
    await runProbe.state.started;
    expect(served.app.load('run')).toEqual({ active: 1, queued: 0 });
    client.abort();
    expect(await request).toMatchObject({ name: 'AbortError' });
    await runProbe.state.aborted;
    await idle();
    expect(served.app.load('run')).toEqual({ active: 0, queued: 0 });
  });

  it('aborts its /stream when it stops reading, after the first events', async () => {
    const client = new AbortController();
    const response = await fetch(`${served.url}/stream/stream`, { method: 'POST', body: JSON.stringify({ data: { text: 'x' } }), signal: client.signal });
    const reader = response.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toContain('"component":"upper"');
    await streamProbe.state.started;
    client.abort();
    await streamProbe.state.aborted;
    await idle();
    expect(served.app.load('stream')).toEqual({ active: 0, queued: 0 });
  });
});
