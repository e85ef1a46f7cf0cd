import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AsyncPipeline, Document, defineComponent } from '../../src/index.js';
import { Failing, Filter, blockedPipeline, endlessPipeline, postJson, recordingLogger, serveOnLoopback, textPipeline, type Served } from './helpers.js';

let served: Served;
const logger = recordingLogger();

beforeAll(async () => {
  served = await serveOnLoopback(
    { text: textPipeline(), blocked: blockedPipeline(), endless: endlessPipeline(3), failing: new AsyncPipeline().addComponent('bad', new Failing()) },
    { logger, maxBodyBytes: 4_096 },
  );
});
afterAll(() => served.close());

describe('400: bad input, naming the component and socket', () => {
  it('for a value of the wrong type', async () => {
    const { status, body } = await postJson(`${served.url}/text/run`, { data: { upper: { text: 42 } } });
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ type: 'PipelineValidationError', component: 'upper', socket: 'text' });
    expect(body.error.message).toMatch(/Input 'text' of component 'upper' is invalid: .*expected string/);
    expect(body.error.requestId).toEqual(expect.any(String));
  });

  it('for a missing mandatory input (the engine check)', async () => {
    const { status, body } = await postJson(`${served.url}/text/run`, { data: { count: { offset: 1 } } });
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ type: 'PipelineValidationError', component: 'upper', socket: 'text' });
  });

  it('for an unknown component or socket', async () => {
    const unknownComponent = await postJson(`${served.url}/text/run`, { data: { nope: { text: 'a' } } });
    expect(unknownComponent.status).toBe(400);
    expect(unknownComponent.body.error).toMatchObject({ component: 'nope' });
    const unknownSocket = await postJson(`${served.url}/text/run`, { data: { upper: { txt: 'a' } } });
    expect(unknownSocket.body.error).toMatchObject({ component: 'upper', socket: 'txt' });
  });

  it('for a connected input, which a request may not feed (it would change the pipeline for later requests)', async () => {
    const { status, body } = await postJson(`${served.url}/text/run`, { data: { upper: { text: 'a' }, count: { text: 'b' } } });
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ component: 'count', socket: 'text' });
  });

  it('for a flat key that matches no input', async () => {
    const { status, body } = await postJson(`${served.url}/text/run`, { data: { text: 'a', tetx: 'b' } });
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ socket: 'tetx' });
  });

  it('for a body that is not JSON, or not of the { data } form', async () => {
    expect((await postJson(`${served.url}/text/run`, '{"data":')).status).toBe(400);
    expect((await postJson(`${served.url}/text/run`, [1, 2])).status).toBe(400);
    const extra = await postJson(`${served.url}/text/run`, { data: {}, debug: true });
    expect(extra.status).toBe(400);
    expect(extra.body.error.message).toMatch(/unknown field 'debug'/);
  });
});

describe('422: a pipeline that cannot proceed', () => {
  it('when every component is blocked', async () => {
    const { status, body } = await postJson(`${served.url}/blocked/run`, { data: {} });
    expect(status).toBe(422);
    expect(body.error.type).toBe('PipelineComponentsBlockedError');
  });

  it('when a component reaches maxRunsPerComponent', async () => {
    const { status, body } = await postJson(`${served.url}/endless/run`, { data: { joiner: { value: 0 } } });
    expect(status).toBe(422);
    expect(body.error).toMatchObject({ type: 'PipelineMaxComponentRuns', component: 'joiner' });
  });
});

describe('500: a component failure', () => {
  it('names the component, and leaks neither its message, a stack nor a secret', async () => {
    const { status, body } = await postJson(`${served.url}/failing/run`, { data: { bad: { text: 'x' } } });
    expect(status).toBe(500);
    expect(body.error).toMatchObject({ type: 'PipelineRuntimeError', component: 'bad' });
    const text = JSON.stringify(body);
    expect(text).not.toContain('sk-SECRET-123');
    expect(text).not.toContain('secret.ts');
    expect(text).not.toMatch(/\bat \S+ \(/); // no stack frame
  });

  it('logs the failure with the request id for the operator', async () => {
    await postJson(`${served.url}/failing/run`, { data: { bad: { text: 'x' } } }, { headers: { 'x-request-id': 'op-1' } });
    const line = logger.lines.find((l) => l.level === 'warn' && l.fields['requestId'] === 'op-1');
    expect(line).toMatchObject({ message: 'serve: run failed', fields: { pipeline: 'failing', status: 500, component: 'bad' } });
  });
});

describe('other refusals', () => {
  it('413 for a body over maxBodyBytes, before it is parsed', async () => {
    const { status, body } = await postJson(`${served.url}/text/run`, { data: { text: 'x'.repeat(5_000) } });
    expect(status).toBe(413);
    expect(body.error.type).toBe('PayloadTooLarge');
    // The client is told which route refused it, the limit, and what to change.
    expect(body.error.message).toMatch(/^POST \/text\/run: the request body is larger than the server's maxBodyBytes \(\d+ bytes\)\. Send a smaller body/);
  });

  it('413 for a chunked body (no Content-Length) once it grows past maxBodyBytes', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(1_000));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 10) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const response = await fetch(`${served.url}/text/run`, { method: 'POST', body, duplex: 'half' } as RequestInit);
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { type: string } }).error.type).toBe('PayloadTooLarge');
  });

  it('404 for an unknown route, listing the served pipelines', async () => {
    const { status, body } = await postJson(`${served.url}/nope/run`, { data: {} });
    expect(status).toBe(404);
    expect(body.error.message).toContain('text, blocked, endless, failing');
  });
});

describe('a request cannot change the pipeline', () => {
  it('refuses a value for a connected list socket instead of making it auto-variadic', async () => {
    const Source = defineComponent({ name: 'Source', inputs: { n: z.number() }, outputs: { documents: z.array(z.instanceof(Document)) }, run: ({ n }) => ({ documents: [new Document({ content: `doc ${n}` })] }) });
    const pipeline = new AsyncPipeline().addComponent('source', new Source()).addComponent('filter', new Filter()).connect('source.documents', 'filter.documents');
    const before = JSON.stringify(Object.keys(pipeline.inputs().filter ?? {}));
    const local = await serveOnLoopback({ p: pipeline });
    try {
      const { status, body } = await postJson(`${local.url}/p/run`, { data: { source: { n: 1 }, filter: { word: 'doc', documents: [] } } });
      expect(status).toBe(400);
      expect(body.error).toMatchObject({ component: 'filter', socket: 'documents' });
      expect(JSON.stringify(Object.keys(pipeline.inputs().filter ?? {}))).toBe(before);
      const ok = await postJson(`${local.url}/p/run`, { data: { source: { n: 1 }, filter: { word: 'doc' } } });
      expect(ok.body.result.filter.documents).toHaveLength(1);
    } finally {
      await local.close();
    }
  });
});
