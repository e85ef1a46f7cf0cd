import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, serveOnLoopback, textPipeline, type Served } from './helpers.js';

let served: Served;
beforeAll(async () => {
  served = await serveOnLoopback({ text: textPipeline() });
});
afterAll(() => served.close());

describe('hostile request bodies', () => {
  it('keep __proto__ and constructor keys as plain data: a 400, nothing polluted', async () => {
    const bodies = [
      '{"data":{"__proto__":{"text":"a"}}}',
      '{"data":{"upper":{"__proto__":{"polluted":true},"text":"a"}}}',
      '{"data":{"constructor":{"prototype":{"polluted":true}}}}',
      '{"__proto__":{"polluted":true},"data":{"text":"a"}}',
    ];
    for (const body of bodies) {
      const { status } = await postJson(`${served.url}/text/run`, body);
      expect(status).toBe(400);
    }
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(({} as Record<string, unknown>)['text']).toBeUndefined();
  });

  it('echo no more than a clipped name back', async () => {
    const long = 'x'.repeat(10_000);
    const { status, body } = await postJson(`${served.url}/text/run`, { data: { [long]: { text: 'a' } } });
    expect(status).toBe(400);
    expect(JSON.stringify(body).length).toBeLessThan(1_000);
  });

  it('cannot make template or code out of a value: it is only data to the pipeline', async () => {
    const { status, body } = await postJson(`${served.url}/text/run`, { data: { text: '${process.exit(1)} {{ 7*7 }}' } });
    expect(status).toBe(200);
    expect(body.result.count.echo).toBe('${PROCESS.EXIT(1)} {{ 7*7 }}');
  });
});
