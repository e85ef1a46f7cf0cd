import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SpanStatusCode } from '@opentelemetry/api';
import { AsyncPipeline, GreedyVariadic, Pipeline, PipelineRuntimeError, Secret, StreamingChunk, trace, type StreamingCallback } from '../../../src/index.js';
import { GateProbe, flush, makeComponent } from '../pipeline/helpers.js';
import { withOtel, type OtelFixture } from './otel-helpers.js';

const add = (name = 'Add') =>
  makeComponent(name, { value: z.number(), secret: z.custom<Secret>((v) => v instanceof Secret).optional() }, { value: z.number() }, async ({ value }) => {
    await flush();
    return { value: value + 1 };
  });

function chain<P extends Pipeline | AsyncPipeline>(p: P): P {
  p.addComponent('first', add('First'));
  p.addComponent('second', add('Second'));
  p.connect('first.value', 'second.value');
  return p;
}

let otel: OtelFixture;
afterEach(async () => {
  await otel.close();
});

describe('OpenTelemetryTracer: spans of a run', () => {
  beforeEach(async () => {
    otel = await withOtel();
  });

  it.each([
    ['AsyncPipeline', () => chain(new AsyncPipeline({ metadata: { team: 'search' }, maxRunsPerComponent: 7 })), 'async'],
    ['Pipeline', () => chain(new Pipeline({ metadata: { team: 'search' }, maxRunsPerComponent: 7 })), 'sync'],
  ] as const)('%s: one haystack.pipeline.run span with a haystack.component.run child per component, with Haystack tags', async (_n, build, mode) => {
    await build().run({ first: { value: 1 } });
    const [run] = otel.byName('haystack.pipeline.run');
    expect(run?.attributes).toMatchObject({
      'haystack.pipeline.metadata': '{"team":"search"}',
      'haystack.pipeline.max_runs_per_component': 7,
      'haystack.pipeline.execution_mode': mode,
    });
    expect(otel.parentOf(run!)).toBeUndefined();
    const components = otel.byName('haystack.component.run');
    expect(components.map((s) => s.attributes['haystack.component.name'])).toEqual(['first', 'second']);
    for (const span of components) expect(otel.parentOf(span)).toBe(run!.spanContext().spanId);
    const second = components[1]!;
    expect(second.attributes).toMatchObject({
      'haystack.component.type': 'Second',
      'haystack.component.fully_qualified_type': 'Second',
      'haystack.component.visits': 1,
      // Optional sockets are filled with their default before the call, as in Haystack.
      'haystack.component.input_types': '{"value":"number","secret":"undefined"}',
    });
    expect(JSON.parse(String(second.attributes['haystack.component.input_spec']))).toEqual({
      value: { type: 'number', senders: ['first'] },
      secret: { type: 'custom | undefined', senders: [] },
    });
    expect(JSON.parse(String(components[0]!.attributes['haystack.component.output_spec']))).toEqual({ value: { type: 'number', receivers: ['second'] } });
  });

  it('leaves content tags out unless content tracing is enabled', async () => {
    await chain(new AsyncPipeline()).runAsync({ first: { value: 1 } });
    for (const span of otel.spans()) {
      const keys = Object.keys(span.attributes);
      expect(keys).not.toContain('haystack.component.input');
      expect(keys).not.toContain('haystack.component.output');
      expect(keys).not.toContain('haystack.pipeline.input_data');
      expect(keys).not.toContain('haystack.pipeline.output_data');
    }
  });

  it('counts visits per component in a loop', async () => {
    const inc = makeComponent('Inc', { value: GreedyVariadic(z.number()) }, { value: z.number() }, ({ value }) => ({ value: value[0]! + 1 }));
    const check = makeComponent('Check', { value: z.number() }, { again: z.number(), done: z.number() }, ({ value }) =>
      value < 3 ? ({ again: value } as never) : ({ done: value } as never),
    );
    const p = new AsyncPipeline().addComponent('inc', inc).addComponent('check', check);
    p.connect('inc.value', 'check.value').connect('check.again', 'inc.value');
    await p.runAsync({ inc: { value: 0 } });
    const visits = (name: string) =>
      otel.byName('haystack.component.run').filter((s) => s.attributes['haystack.component.name'] === name).map((s) => s.attributes['haystack.component.visits']);
    expect(visits('inc')).toEqual([1, 2, 3]);
    expect(visits('check')).toEqual([1, 2, 3]);
  });

  it('makes concurrent components siblings under their run', async () => {
    const probe = new GateProbe();
    const p = new AsyncPipeline().addComponent('a', probe.component('a')).addComponent('b', probe.component('b'));
    const running = p.runAsync({});
    for (let i = 0; i < 5 && probe.started.length < 2; i++) await flush();
    expect(probe.maxRunning).toBe(2);
    probe.open('b');
    probe.open('a');
    await running;
    const [run] = otel.byName('haystack.pipeline.run');
    const components = otel.byName('haystack.component.run');
    expect(components).toHaveLength(2);
    for (const span of components) expect(otel.parentOf(span)).toBe(run!.spanContext().spanId);
  });

  it('marks a failing component and its run with status ERROR and the exception', async () => {
    const boom = makeComponent('Boom', { value: z.number() }, { value: z.number() }, () => {
      throw new TypeError('bad value');
    });
    const p = new AsyncPipeline().addComponent('boom', boom);
    await expect(p.runAsync({ boom: { value: 1 } })).rejects.toThrow(PipelineRuntimeError);
    const [component] = otel.byName('haystack.component.run');
    expect(component?.status.code).toBe(SpanStatusCode.ERROR);
    expect(component?.events.find((e) => e.name === 'exception')?.attributes).toMatchObject({ 'exception.type': 'TypeError', 'exception.message': 'bad value' });
    expect(component?.attributes['haystack.component.visits']).toBeUndefined();
    const [run] = otel.byName('haystack.pipeline.run');
    expect(run?.status.code).toBe(SpanStatusCode.ERROR);
    expect(run?.events.find((e) => e.name === 'exception')?.attributes?.['exception.type']).toBe('PipelineRuntimeError');
  });

  it('nests a pipeline run inside the component that runs it, and a user trace() around the run', async () => {
    const inner = chain(new AsyncPipeline());
    const wrapper = makeComponent('Wrapper', { value: z.number() }, { value: z.number() }, async ({ value }) => {
      const out = (await inner.runAsync({ first: { value } })) as { second?: { value: number } };
      return { value: out.second?.value ?? -1 };
    });
    const outer = new AsyncPipeline().addComponent('wrapper', wrapper);
    await trace('app.request', () => outer.runAsync({ wrapper: { value: 1 } }));
    const [app] = otel.byName('app.request');
    const runs = otel.byName('haystack.pipeline.run');
    expect(runs).toHaveLength(2);
    const outerRun = runs.find((r) => otel.parentOf(r) === app!.spanContext().spanId)!;
    const wrapperSpan = otel.byName('haystack.component.run').find((s) => s.attributes['haystack.component.name'] === 'wrapper')!;
    expect(otel.parentOf(wrapperSpan)).toBe(outerRun.spanContext().spanId);
    const innerRun = runs.find((r) => r !== outerRun)!;
    expect(otel.parentOf(innerRun)).toBe(wrapperSpan.spanContext().spanId);
    const innerComponents = otel.byName('haystack.component.run').filter((s) => s !== wrapperSpan);
    for (const span of innerComponents) expect(otel.parentOf(span)).toBe(innerRun.spanContext().spanId);
  });

  it('traces a stream() run and an abandoned iteration ends its span', async () => {
    const talker = makeComponent(
      'Talker',
      { streamingCallback: z.custom<StreamingCallback>((v) => typeof v === 'function').optional() },
      { n: z.number() },
      async ({ streamingCallback }, context) => {
        for (let i = 0; ; i++) {
          context?.signal.throwIfAborted();
          await streamingCallback?.(new StreamingChunk({ content: String(i) }));
        }
      },
    );
    const handle = new AsyncPipeline().addComponent('llm', talker).stream({});
    for await (const chunk of handle) if (chunk.content === '2') break;
    const [run] = otel.byName('haystack.pipeline.run');
    const [component] = otel.byName('haystack.component.run');
    expect(otel.parentOf(component!)).toBe(run!.spanContext().spanId);
    expect(component?.status.code).toBe(SpanStatusCode.ERROR);
  });
});

describe('OpenTelemetryTracer: 1,000 concurrent runs', () => {
  beforeEach(async () => {
    otel = await withOtel({ content: true });
  });

  it('never gives a component span the run span of another run', async () => {
    const p = chain(new AsyncPipeline());
    await Promise.all(Array.from({ length: 1000 }, (_, i) => p.runAsync({ first: { value: i * 10 } })));
    const runs = otel.byName('haystack.pipeline.run');
    expect(runs).toHaveLength(1000);
    const inputOfRun = new Map(runs.map((r) => [r.spanContext().spanId, JSON.parse(String(r.attributes['haystack.pipeline.input_data'])).first.value as number]));
    const components = otel.byName('haystack.component.run');
    expect(components).toHaveLength(2000);
    for (const span of components) {
      const runValue = inputOfRun.get(otel.parentOf(span)!);
      expect(runValue).toBeDefined();
      const input = JSON.parse(String(span.attributes['haystack.component.input'])) as { value: number };
      // first gets the run's value, second gets it plus one.
      expect(input.value - runValue!).toBe(span.attributes['haystack.component.name'] === 'first' ? 0 : 1);
    }
  });
});

describe('OpenTelemetryTracer: content tags', () => {
  beforeEach(async () => {
    otel = await withOtel({ content: true });
  });

  it('records inputs and outputs when content tracing is enabled, with secrets redacted', async () => {
    await chain(new AsyncPipeline()).runAsync({ first: { value: 1, secret: Secret.fromToken('sk-never-in-a-tag') } });
    const all = JSON.stringify(otel.spans().map((s) => s.attributes));
    expect(all).not.toContain('sk-never-in-a-tag');
    const [first] = otel.byName('haystack.component.run');
    expect(JSON.parse(String(first?.attributes['haystack.component.input']))).toEqual({ value: 1, secret: { type: 'token', token: '<redacted>' } });
    expect(first?.attributes['haystack.component.output']).toBe('{"value":2}');
    const [run] = otel.byName('haystack.pipeline.run');
    expect(run?.attributes['haystack.pipeline.output_data']).toBe('{"second":{"value":3}}');
  });
});
