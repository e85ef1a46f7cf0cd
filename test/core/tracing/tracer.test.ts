import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  AsyncPipeline,
  ChatMessage,
  Document,
  HAYSTACK_CONTENT_TRACING_ENABLED_ENV_VAR,
  PipelineValidationError,
  Secret,
  coerceTagValue,
  currentSpan,
  disableTracing,
  enableTracing,
  isContentTracingEnabled,
  isTracingEnabled,
  setContentTracingEnabled,
  trace,
  type Span,
  type Tracer,
} from '../../../src/index.js';
import { makeComponent } from '../pipeline/helpers.js';

/** A minimal tracer of the required methods only, recording what it is asked. */
function recordingTracer() {
  const spans: { name: string; tags: Record<string, unknown>; parent: Span | undefined; ended: number; errors: unknown[] }[] = [];
  const tracer: Tracer = {
    startSpan(name, options) {
      const record = { name, tags: { ...options?.tags }, parent: options?.parentSpan, ended: 0, errors: [] as unknown[] };
      spans.push(record);
      const span: Span & { record: typeof record } = {
        record,
        setTag: (key, value) => void (record.tags[key] = value),
        end: () => void record.ended++,
        recordError: (error) => void record.errors.push(error),
      };
      return span;
    },
  };
  return { tracer, spans };
}

afterEach(() => {
  disableTracing();
});

describe('tracing switches', () => {
  it('is off by default, and trace() then just calls the function', () => {
    expect(isTracingEnabled()).toBe(false);
    expect(currentSpan()).toBeUndefined();
    expect(trace('x', (span) => (span === undefined ? 'no span' : 'span'))).toBe('no span');
  });

  it('reads content tracing from HAYSTACK_CONTENT_TRACING_ENABLED (off here) and lets code switch it', () => {
    expect(HAYSTACK_CONTENT_TRACING_ENABLED_ENV_VAR).toBe('HAYSTACK_CONTENT_TRACING_ENABLED');
    expect(isContentTracingEnabled()).toBe(process.env['HAYSTACK_CONTENT_TRACING_ENABLED']?.toLowerCase() === 'true');
    const previous = setContentTracingEnabled(true);
    expect(isContentTracingEnabled()).toBe(true);
    setContentTracingEnabled(previous);
    expect(() => setContentTracingEnabled('yes' as never)).toThrow(/expected a boolean/);
  });

  it('rejects something that is not a tracer', () => {
    expect(() => enableTracing({} as never)).toThrow(PipelineValidationError);
    expect(() => enableTracing(null as never)).toThrow(/expected a tracer \(an object with startSpan/);
  });

  it('works with a tracer of the required methods only, and disableTracing stops the spans', async () => {
    const { tracer, spans } = recordingTracer();
    enableTracing(tracer);
    expect(isTracingEnabled()).toBe(true);
    const p = new AsyncPipeline().addComponent('a', makeComponent('A', { x: z.number() }, { y: z.number() }, ({ x }) => ({ y: x })));
    await p.runAsync({ a: { x: 1 } });
    expect(spans.map((s) => [s.name, s.ended])).toEqual([
      ['haystack.pipeline.run', 1],
      ['haystack.component.run', 1],
    ]);
    expect((spans[1]?.parent as unknown as { record: unknown }).record).toBe(spans[0]);
    disableTracing();
    await p.runAsync({ a: { x: 1 } });
    expect(spans).toHaveLength(2);
  });

  it('trace() nests spans under the current one and ends them when the promise settles, recording a rejection', async () => {
    const { tracer, spans } = recordingTracer();
    enableTracing(tracer);
    await expect(
      trace('outer', async (outer) => {
        expect(currentSpan()).toBe(outer);
        await trace('inner', async (inner) => {
          expect(currentSpan()).toBe(inner);
        });
        throw new Error('outer failed');
      }),
    ).rejects.toThrow('outer failed');
    expect(spans.map((s) => [s.name, s.ended, s.errors.length])).toEqual([
      ['outer', 1, 1],
      ['inner', 1, 0],
    ]);
    expect((spans[1]?.parent as unknown as { record: unknown }).record).toBe(spans[0]);
  });
});

describe('coerceTagValue', () => {
  it('keeps primitives, turns null into an empty string and objects into JSON', () => {
    expect(coerceTagValue('a')).toBe('a');
    expect(coerceTagValue(3)).toBe(3);
    expect(coerceTagValue(false)).toBe(false);
    expect(coerceTagValue(null)).toBe('');
    expect(coerceTagValue(undefined)).toBe('');
    expect(coerceTagValue({ a: [1, 'b'] })).toBe('{"a":[1,"b"]}');
  });

  it('writes dataclasses as their dict, secrets redacted, and placeholders for functions, bytes, vectors and cycles', () => {
    expect(JSON.parse(String(coerceTagValue([ChatMessage.fromUser('hi')])))[0]).toMatchObject({ role: 'user' });
    const doc = new Document({ content: 'text', embedding: Array.from({ length: 384 }, () => 0.5) });
    expect(JSON.parse(String(coerceTagValue(doc)))).toMatchObject({ content: 'text', embedding: '<384 numbers>' });
    expect(coerceTagValue({ key: Secret.fromToken('sk-top-secret-123') })).not.toContain('sk-top-secret-123');
    expect(coerceTagValue({ f: function named() {} })).toBe('{"f":"<function named>"}');
    expect(coerceTagValue(new Uint8Array(10))).toBe('"<Uint8Array of 10 bytes>"');
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic['self'] = cyclic;
    expect(coerceTagValue(cyclic)).toBe('{"a":1,"self":"<circular>"}');
    const hostile = {
      toJSON() {
        throw new Error('no');
      },
    };
    expect(coerceTagValue(hostile)).toBe('<Object>');
  });
});
