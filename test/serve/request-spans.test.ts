/**
 * Per-request tracing spans: with a tracer enabled, each HTTP request gets one
 * `haystack.serve.request` span (method, route, pipeline, status, request id) that is the parent
 * of the run's `haystack.pipeline.run` span, through AsyncLocalStorage, on /run, /stream and the
 * chat endpoint alike. Recorded with the OpenTelemetry in-memory exporter of the tracing tests.
 */
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AsyncPipeline, ChatMessage, ComponentInfo, StreamingChunk, defineComponent, type StreamingCallback } from '../../src/index.js';
import { withOtel, type OtelFixture } from '../core/tracing/otel-helpers.js';
import { Upper, postJson, readSse, serveOnLoopback, textPipeline, type Served } from './helpers.js';

const Talker = defineComponent({
  name: 'Talker',
  inputs: { messages: z.array(z.instanceof(ChatMessage)), streamingCallback: z.custom<StreamingCallback>((v) => typeof v === 'function').optional() },
  outputs: { replies: z.array(z.instanceof(ChatMessage)) },
  run: async ({ messages, streamingCallback }, context) => {
    const text = messages.at(-1)!.text ?? '';
    for (const word of text.split(' ')) await streamingCallback?.(new StreamingChunk({ content: word, componentInfo: new ComponentInfo('Talker', context?.componentName ?? null) }));
    return { replies: [ChatMessage.fromAssistant(text)] };
  },
});

/** Emits one output, then waits for its signal: a stream the client can leave in the middle of. */
const Hang = defineComponent({
  name: 'Hang',
  inputs: { text: z.string() },
  outputs: { text: z.string() },
  run: (_input, context) => new Promise((_resolve, reject) => context!.signal.addEventListener('abort', () => reject(context!.signal.reason))),
});

let otel: OtelFixture;
let served: Served;
beforeEach(async () => {
  otel = await withOtel();
  served = await serveOnLoopback({
    text: textPipeline(),
    chat: { pipeline: new AsyncPipeline().addComponent('llm', new Talker()), chat: { messages: 'llm.messages', replies: 'llm.replies' } },
    hang: new AsyncPipeline().addComponent('upper', new Upper()).addComponent('hang', new Hang()).connect('upper.text', 'hang.text'),
  });
});
afterEach(async () => {
  await served.close();
  await otel.close();
});

const requestSpans = () => otel.byName('haystack.serve.request');
const attr = (span: ReadableSpan, key: string) => span.attributes[key];
const runOf = (request: ReadableSpan) => otel.byName('haystack.pipeline.run').filter((run) => otel.parentOf(run) === request.spanContext().spanId);

describe('a span per HTTP request', () => {
  it('tags /run with method, route, pipeline, status and request id, and parents the pipeline run', async () => {
    const response = await postJson(`${served.url}/text/run`, { data: { upper: { text: 'ab' } } }, { headers: { 'x-request-id': 'req-run-1' } });
    expect(response.status).toBe(200);
    const [span, ...others] = requestSpans();
    expect(others).toEqual([]);
    expect(span!.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.route': '/text/run',
      'haystack.serve.pipeline': 'text',
      'http.response.status_code': 200,
      'haystack.serve.request_id': 'req-run-1',
    });
    const runs = runOf(span!);
    expect(runs).toHaveLength(1);
    // The components' spans hang below the run, so the whole request is one tree.
    const components = otel.byName('haystack.component.run').filter((c) => otel.parentOf(c) === runs[0]!.spanContext().spanId);
    expect(components.map((c) => attr(c, 'haystack.component.name')).sort()).toEqual(['count', 'upper']);
  });

  it('keeps a streamed response\'s span open until the last event, parent of the run, on /stream and streamed chat', async () => {
    const events = await readSse(await fetch(`${served.url}/chat/stream`, { method: 'POST', body: JSON.stringify({ data: { llm: { messages: [ChatMessage.fromUser('a b').toDict()] } } }) }));
    expect(events.at(-1)!.event).toBe('final');
    const chat = await fetch(`${served.url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify({ model: 'chat', messages: [{ role: 'user', content: 'c d' }], stream: true }) });
    expect(await chat.text()).toContain('[DONE]');
    // The client can see the end of the body a turn before the span processor has the span.
    while (requestSpans().length < 2) await new Promise((r) => setImmediate(r));
    const spans = requestSpans();
    expect(spans.map((s) => [attr(s, 'http.route'), attr(s, 'haystack.serve.pipeline'), attr(s, 'haystack.serve.outcome')])).toEqual([
      ['/chat/stream', 'chat', 'completed'],
      ['/v1/chat/completions', 'chat', 'completed'],
    ]);
    for (const span of spans) {
      const [run] = runOf(span);
      expect(run).toBeDefined();
      // The request ends after its run (the stream's last event comes after the run's end). Compared
      // by the order the spans were finished in (the in-memory exporter records them as they end):
      // OpenTelemetry anchors each span's times on Date.now() at its start, so end times of two spans
      // ending within a millisecond can come out in either order (reproduced under load).
      const finished = otel.spans();
      expect(finished.indexOf(run!)).toBeLessThan(finished.indexOf(span));
    }
  });

  it('ends a stream the client leaves as aborted, after its aborted run', async () => {
    const controller = new AbortController();
    const response = await fetch(`${served.url}/hang/stream`, { method: 'POST', body: JSON.stringify({ data: { upper: { text: 'x' } } }), signal: controller.signal });
    const reader = response.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toContain('"component":"upper"');
    controller.abort();
    // The drain count falls to 0 once the aborted run has settled; no timers involved.
    while (served.app.inFlight > 0 || requestSpans().length === 0) await new Promise((r) => setImmediate(r));
    const [span] = requestSpans();
    expect(attr(span!, 'haystack.serve.outcome')).toBe('aborted');
    const [run] = runOf(span!);
    expect(run!.status.code).toBe(2); // ERROR: the run saw the abort
  });

  it('records refused requests with their status and no run', async () => {
    expect((await postJson(`${served.url}/text/run`, { data: { nope: { x: 1 } } })).status).toBe(400);
    expect((await fetch(`${served.url}/missing`)).status).toBe(404);
    const spans = requestSpans();
    expect(spans.map((s) => [attr(s, 'http.route'), attr(s, 'http.response.status_code')])).toEqual([
      ['/text/run', 400],
      ['unmatched', 404],
    ]);
    expect(otel.byName('haystack.pipeline.run')).toEqual([]);
  });

  it('gives concurrent requests each their own parent (the context does not leak between them)', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => `req-${i}`);
    await Promise.all(ids.map((id, i) => postJson(`${served.url}/text/run`, { data: { upper: { text: 'x'.repeat(i + 1) } } }, { headers: { 'x-request-id': id } })));
    const spans = requestSpans();
    expect(spans.map((s) => attr(s, 'haystack.serve.request_id')).sort()).toEqual([...ids].sort());
    for (const span of spans) expect(runOf(span)).toHaveLength(1);
    expect(otel.byName('haystack.pipeline.run')).toHaveLength(20);
  });
});
