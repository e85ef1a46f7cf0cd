import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { AsyncPipeline, Document } from '../../src/index.js';
import { createPipelineApp, type ServablePipeline } from '../../src/serve/index.js';
import { Count, Filter, Upper, postJson, serveOnLoopback, textPipeline, type Served } from './helpers.js';

let served: Served;

beforeAll(async () => {
  const docs = new AsyncPipeline().addComponent('filter', new Filter());
  served = await serveOnLoopback({ text: textPipeline(), docs });
});
afterAll(() => served.close());

describe('POST /<name>/run', () => {
  it('runs the pipeline with data by component and answers the final outputs', async () => {
    const { status, body, headers } = await postJson(`${served.url}/text/run`, { data: { upper: { text: 'abc' }, count: { offset: 1 } } });
    expect(status).toBe(200);
    expect(headers.get('content-type')).toMatch(/^application\/json/);
    expect(body).toEqual({ result: { count: { length: 4, echo: 'ABC' } } });
  });

  it('accepts flat data by socket name, as run does', async () => {
    const { status, body } = await postJson(`${served.url}/text/run`, { data: { text: 'hello', offset: 0 } });
    expect(status).toBe(200);
    expect(body.result).toEqual({ count: { length: 5, echo: 'HELLO' } });
  });

  it('returns the outputs of components named in includeOutputsFrom', async () => {
    const { body } = await postJson(`${served.url}/text/run`, { data: { upper: { text: 'x' } }, includeOutputsFrom: ['upper'] });
    expect(body.result).toEqual({ upper: { text: 'X' }, count: { length: 1, echo: 'X' } });
  });

  // Out as Document.toDict() writes it: Haystack's default, flattened meta.
  it('rebuilds dataclass inputs from their dict form and answers dataclasses as dicts', async () => {
    const documents = [new Document({ content: 'red apple', meta: { n: 1 } }).toDict(), new Document({ content: 'green pear' }).toDict()];
    const { status, body } = await postJson(`${served.url}/docs/run`, { data: { filter: { documents, word: 'apple' } } });
    expect(status).toBe(200);
    expect(body.result.filter.documents).toHaveLength(1);
    expect(body.result.filter.documents[0]).toMatchObject({ content: 'red apple', n: 1, id: new Document({ content: 'red apple', meta: { n: 1 } }).id });
  });

  it('echoes a safe x-request-id and makes one up for a missing or unsafe one', async () => {
    const given = await postJson(`${served.url}/text/run`, { data: { text: 'a' } }, { headers: { 'x-request-id': 'req-42' } });
    expect(given.headers.get('x-request-id')).toBe('req-42');
    const unsafe = await postJson(`${served.url}/text/run`, { data: { text: 'a' } }, { headers: { 'x-request-id': 'a b<script>' } });
    expect(unsafe.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('GET /<name>/schema and /<name>/mermaid', () => {
  it('describes inputs() and outputs() as JSON Schema from the socket schemas', async () => {
    const response = await fetch(`${served.url}/text/schema`);
    expect(response.status).toBe(200);
    const schema = (await response.json()) as { inputs: any; outputs: any };
    expect(schema.inputs.properties.upper).toMatchObject({ type: 'object', properties: { text: { type: 'string' } }, required: ['text'] });
    expect(schema.inputs.properties.count).toMatchObject({ properties: { offset: { type: 'number' } } });
    expect(schema.inputs.properties.count.properties.text).toBeUndefined(); // connected: not a pipeline input
    expect(schema.inputs.required).toEqual(['upper']);
    expect(schema.outputs.properties.count.properties).toEqual({ length: { type: 'number' }, echo: { type: 'string' } });
  });

  it('describes a dataclass socket as an object named by its class', async () => {
    const schema = (await (await fetch(`${served.url}/docs/schema`)).json()) as { inputs: any };
    expect(schema.inputs.properties.filter.properties.documents).toMatchObject({ type: 'array', items: { type: 'object', title: 'Document' } });
  });

  it('answers the Mermaid text of the pipeline', async () => {
    const response = await fetch(`${served.url}/text/mermaid`);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(text).toContain('graph TD;');
    expect(text).toBe(textPipeline().toMermaid());
  });
});

describe('createPipelineApp', () => {
  it('takes typed pipelines as they are', () => {
    const typed = new AsyncPipeline().addComponent('upper', new Upper()).addComponent('count', new Count());
    expectTypeOf(typed).toMatchTypeOf<ServablePipeline>();
    expect(createPipelineApp({ typed }).names).toEqual(['typed']);
  });

  it('refuses names that are not one plain URL segment', () => {
    expect(() => createPipelineApp({ 'a/b': textPipeline() })).toThrow(/pipeline name must match/);
    expect(() => createPipelineApp({ v1: textPipeline() })).toThrow(/not be 'v1'/);
    expect(() => createPipelineApp({})).toThrow(/at least one pipeline/);
  });

  it('validates its options once, saying what it expected', () => {
    expect(() => createPipelineApp({ t: textPipeline() }, { maxConcurrentRuns: 0 })).toThrow("expected 'maxConcurrentRuns' to be an integer >= 1, got 0");
    expect(() => createPipelineApp({ t: textPipeline() }, { maxBodyBytes: 1.5 })).toThrow(/maxBodyBytes/);
  });
});
