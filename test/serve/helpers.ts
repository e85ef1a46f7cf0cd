/**
 * Shared pieces of the serve tests: a real server on 127.0.0.1 (port 0), pipelines made of small
 * components, a logger that records, and an SSE reader built on eventsource-parser.
 */
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { z } from 'zod';
import { AsyncPipeline, Document, GreedyVariadic, defineComponent, type LogFields, type Logger } from '../../src/index.js';
import { createPipelineApp, listen, type PipelineApp, type PipelineEntry, type PipelineServer, type ServablePipeline, type ServeOptions } from '../../src/serve/index.js';

export interface Served {
  readonly app: PipelineApp;
  readonly server: PipelineServer;
  readonly url: string;
  close(): Promise<void>;
}

export async function serveOnLoopback(pipelines: Record<string, ServablePipeline | PipelineEntry>, options?: ServeOptions): Promise<Served> {
  const app = createPipelineApp(pipelines, options);
  const server = await listen(app, { port: 0, hostname: '127.0.0.1' });
  return { app, server, url: server.url, close: () => server.close({ timeoutMs: 2_000 }) };
}

export interface LogLine {
  readonly level: 'info' | 'warn' | 'debug';
  readonly message: string;
  readonly fields: LogFields;
}

export function recordingLogger(): Logger & { readonly lines: LogLine[] } {
  const lines: LogLine[] = [];
  return {
    lines,
    warn: (message, fields = {}) => lines.push({ level: 'warn', message, fields }),
    info: (message, fields = {}) => lines.push({ level: 'info', message, fields }),
    debug: (message, fields = {}) => lines.push({ level: 'debug', message, fields }),
  };
}

export async function postJson(url: string, body: unknown, init: RequestInit = {}): Promise<{ status: number; body: any; headers: Headers }> {
  const response = await fetch(url, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json' }, ...init });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON: the raw text.
  }
  return { status: response.status, body: parsed, headers: response.headers };
}

/** Reads a whole SSE response with a real SSE parser. */
export async function readSse(response: Response): Promise<EventSourceMessage[]> {
  const events: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (event) => events.push(event) });
  const decoder = new TextDecoder();
  for await (const chunk of response.body! as unknown as AsyncIterable<Uint8Array>) parser.feed(decoder.decode(chunk, { stream: true }));
  return events;
}

/** Upper-cases text, then counts its letters: a two-step linear pipeline. */
export const Upper = defineComponent({
  name: 'Upper',
  inputs: { text: z.string() },
  outputs: { text: z.string() },
  run: async ({ text }) => ({ text: text.toUpperCase() }),
});

export const Count = defineComponent({
  name: 'Count',
  inputs: { text: z.string(), offset: z.number().optional() },
  outputs: { length: z.number(), echo: z.string() },
  run: async ({ text, offset }) => ({ length: text.length + (offset ?? 0), echo: text }),
});

export function textPipeline(): AsyncPipeline {
  return new AsyncPipeline().addComponent('upper', new Upper()).addComponent('count', new Count()).connect('upper.text', 'count.text') as unknown as AsyncPipeline;
}

/** Keeps documents whose content contains a word: documents in and out as dataclasses. */
export const Filter = defineComponent({
  name: 'Filter',
  inputs: { documents: z.array(z.instanceof(Document)), word: z.string() },
  outputs: { documents: z.array(z.instanceof(Document)) },
  run: async ({ documents, word }) => ({ documents: documents.filter((d) => (d.content ?? '').includes(word)) }),
});

/** A component that always fails, with a message holding something secret-looking and a stack. */
export const Failing = defineComponent({
  name: 'Failing',
  inputs: { text: z.string() },
  outputs: { text: z.string() },
  run: async () => {
    throw new Error('upstream said: invalid key sk-SECRET-123 at /home/app/secret.ts');
  },
});

/** Every component blocked: a cycle with no entry. */
export function blockedPipeline(): AsyncPipeline {
  const Node = defineComponent({ name: 'Node', inputs: { value: z.number() }, outputs: { value: z.number() }, run: ({ value }) => ({ value }) });
  return new AsyncPipeline().addComponent('a', new Node()).addComponent('b', new Node()).connect('a', 'b').connect('b', 'a') as unknown as AsyncPipeline;
}

/** An endless loop: stops on maxRunsPerComponent. */
export function endlessPipeline(max = 3): AsyncPipeline {
  const Joiner = defineComponent({ name: 'Joiner', inputs: { value: GreedyVariadic(z.number()) }, outputs: { value: z.number() }, run: ({ value }) => ({ value: value[0]! }) });
  const Inc = defineComponent({ name: 'Inc', inputs: { value: z.number() }, outputs: { value: z.number() }, run: ({ value }) => ({ value: value + 1 }) });
  return new AsyncPipeline({ maxRunsPerComponent: max })
    .addComponent('joiner', new Joiner())
    .addComponent('inc', new Inc())
    .connect('joiner', 'inc')
    .connect('inc', 'joiner') as unknown as AsyncPipeline;
}
