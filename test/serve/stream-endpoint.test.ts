import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AsyncPipeline, defineComponent } from '../../src/index.js';
import { Failing, Upper, blockedPipeline, postJson, readSse, serveOnLoopback, textPipeline, type Served } from './helpers.js';

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** Count's twin whose run waits until the test opens the gate: proves partials leave before the run ends. */
const gate = { current: deferred() };
const GatedCount = defineComponent({
  name: 'GatedCount',
  inputs: { text: z.string() },
  outputs: { length: z.number() },
  run: async ({ text }) => {
    await gate.current.promise;
    return { length: text.length };
  },
});

let served: Served;
beforeAll(async () => {
  const gated = new AsyncPipeline().addComponent('upper', new Upper()).addComponent('count', new GatedCount()).connect('upper.text', 'count.text');
  const failing = new AsyncPipeline().addComponent('upper', new Upper()).addComponent('bad', new Failing()).connect('upper.text', 'bad.text');
  served = await serveOnLoopback({ text: textPipeline(), gated, failing, blocked: blockedPipeline() });
});
afterAll(() => served.close());

const post = (path: string, body: unknown, signal?: AbortSignal) =>
  fetch(`${served.url}${path}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' }, ...(signal ? { signal } : {}) });

describe('POST /<name>/stream', () => {
  it('sends one partial event per component output, then the final outputs as /run returns them', async () => {
    const response = await post('/text/stream', { data: { upper: { text: 'abc' } } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = await readSse(response);
    expect(events.map((e) => e.event)).toEqual(['partial', 'partial', 'final']);
    expect(JSON.parse(events[0]!.data)).toEqual({ component: 'upper', outputs: { text: 'ABC' } });
    expect(JSON.parse(events[1]!.data)).toEqual({ component: 'count', outputs: { length: 3, echo: 'ABC' } });
    const run = await postJson(`${served.url}/text/run`, { data: { upper: { text: 'abc' } } });
    expect(JSON.parse(events[2]!.data)).toEqual(run.body);
    expect(events.map((e) => e.id)).toEqual(['1', '2', '3']);
  });

  it('keeps includeOutputsFrom in the final event, as /run does', async () => {
    const events = await readSse(await post('/text/stream', { data: { text: 'x' }, includeOutputsFrom: ['upper'] }));
    expect(JSON.parse(events.at(-1)!.data)).toEqual({ result: { upper: { text: 'X' }, count: { length: 1, echo: 'X' } } });
  });

  it('sends a partial as soon as its component finishes, while later components still run', async () => {
    gate.current = deferred();
    const response = await post('/gated/stream', { data: { text: 'hey' } });
    const reader = response.body!.getReader();
    const { value } = await reader.read();
    const first = new TextDecoder().decode(value);
    expect(first).toContain('event: partial');
    expect(first).toContain('"component":"upper"');
    expect(first).not.toContain('event: final');
    gate.current.resolve();
    let rest = '';
    for (let step = await reader.read(); !step.done; step = await reader.read()) rest += new TextDecoder().decode(step.value);
    expect(rest).toContain('event: final');
    expect(rest).toContain('{"result":{"count":{"length":3}}}');
  });

  it('answers errors raised at the start of a run with their status, not an event', async () => {
    const bad = await post('/text/stream', { data: { upper: { text: 1 } } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).error).toMatchObject({ component: 'upper', socket: 'text' });
    const blocked = await post('/blocked/stream', { data: {} });
    expect(blocked.status).toBe(422);
  });

  it('ends with an error event for a failure after the stream started, with no secret in it', async () => {
    const events = await readSse(await post('/failing/stream', { data: { text: 'x' } }));
    expect(events.map((e) => e.event)).toEqual(['partial', 'error']);
    const error = JSON.parse(events[1]!.data);
    expect(error).toMatchObject({ status: 500, error: { type: 'PipelineRuntimeError', component: 'bad' } });
    expect(events[1]!.data).not.toContain('sk-SECRET');
  });
});
