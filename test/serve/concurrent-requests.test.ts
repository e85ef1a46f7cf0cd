import { describe, expect, it } from 'vitest';
import { readSse, serveOnLoopback, textPipeline } from './helpers.js';

describe('200 concurrent requests', () => {
  it('each get their own outputs, on /run and /stream alike (no cross-talk)', async () => {
    const served = await serveOnLoopback({ text: textPipeline() }, { maxConcurrentRuns: 50, maxQueuedRuns: 400 });
    try {
      const word = (i: number) => `req${i}-${'z'.repeat(i % 7)}`;
      const post = (path: string, i: number) =>
        fetch(`${served.url}/text/${path}`, { method: 'POST', body: JSON.stringify({ data: { text: word(i), offset: i } }), headers: { 'x-request-id': `c-${i}` } });
      const runs = Array.from({ length: 100 }, async (_, i) => {
        const response = await post('run', i);
        expect(response.headers.get('x-request-id')).toBe(`c-${i}`);
        return (await response.json()) as { result: { count: { length: number; echo: string } } };
      });
      const streams = Array.from({ length: 100 }, async (_, j) => {
        const i = 100 + j;
        const events = await readSse(await post('stream', i));
        return JSON.parse(events.at(-1)!.data) as { result: { count: { length: number; echo: string } } };
      });
      const results = await Promise.all([...runs, ...streams]);
      results.forEach((body, i) => {
        expect(body.result.count).toEqual({ echo: word(i).toUpperCase(), length: word(i).length + i });
      });
      expect(served.app.inFlight).toBe(0);
    } finally {
      await served.close();
    }
  });
});
