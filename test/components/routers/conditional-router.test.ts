import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { ConditionalRouter } from '../../../src/components/routers/conditional-router.js';
import type { Route } from '../../../src/components/routers/conditional-router-options.js';
import { NoRouteSelectedException, RouteConditionException } from '../../../src/components/routers/no-route-selected-exception.js';
import { describeInputs, describeOutputs } from '../../../src/core/component/sockets.js';
import { ComponentError, HaystackError } from '../../../src/errors.js';
import { setLogger } from '../../../src/core/logger.js';
import { Document } from '../../../src/dataclasses/document.js';

const streamsRoutes = [
  { condition: '{{ streams|length > 2 }}', output: '{{ streams }}', outputName: 'enough_streams', outputType: z.array(z.int()) },
  { condition: '{{ streams|length <= 2 }}', output: '{{ streams }}', outputName: 'insufficient_streams', outputType: 'list[int]' },
] as const;

describe('ConditionalRouter: routing', () => {
  it('emits the first matching route only (Haystack docstring example)', () => {
    const router = new ConditionalRouter({ routes: streamsRoutes });
    expect(router.run({ streams: [1, 2, 3], query: 'Haystack' })).toEqual({ enough_streams: [1, 2, 3] });
    expect(router.run({ streams: [1] })).toEqual({ insufficient_streams: [1] });
  });

  it('lets the first route win when several conditions hold', () => {
    const router = new ConditionalRouter({
      routes: [
        { condition: '{{ n > 1 }}', output: 'big', outputName: 'a', outputType: z.string() },
        { condition: '{{ n > 0 }}', output: 'positive', outputName: 'b', outputType: z.string() },
      ],
    });
    expect(router.run({ n: 5 })).toEqual({ a: 'big' });
    expect(router.run({ n: 1 })).toEqual({ b: 'positive' });
  });

  it('throws NoRouteSelectedException when no condition holds', () => {
    const router = new ConditionalRouter({ routes: streamsRoutes.slice(0, 1) });
    const attempt = () => router.run({ streams: [] });
    expect(attempt).toThrow(NoRouteSelectedException);
    expect(attempt).toThrow(HaystackError);
    expect(attempt).toThrow(/no route fired.*'\{\{ streams\|length > 2 \}\}' → enough_streams/);
  });

  it('uses Python truthiness on the rendered condition', () => {
    const route = (condition: string) =>
      new ConditionalRouter({ routes: [{ condition, output: 'yes', outputName: 'out', outputType: z.string() }] });
    for (const falsy of ['{{ [] }}', '{{ 0 }}', `{{ "''" }}`, '{{ None }}', '{{ {} }}', 'False']) {
      expect(() => route(falsy).run({}), falsy).toThrow(NoRouteSelectedException);
    }
    for (const truthy of ['{{ [0] }}', '{{ 1 }}', `{{ "'x'" }}`, 'True']) expect(route(truthy).run({}), truthy).toEqual({ out: 'yes' });
  });

  it('emits several outputs from one route', () => {
    const router = new ConditionalRouter({
      routes: [{ condition: '{{ True }}', output: ['{{ a }}', '{{ b }}'], outputName: ['x', 'y'], outputType: [z.int(), z.string()] }],
    });
    expect(router.run({ a: 1, b: 'two' })).toEqual({ x: 1, y: 'two' });
  });
});

describe('ConditionalRouter: sockets', () => {
  it('derives required inputs from every template, optional ones default to null, outputs by name and type', () => {
    const router = new ConditionalRouter({
      routes: [
        { condition: '{{ query|length > limit }}', output: '{{ query }}', outputName: 'long', outputType: z.string() },
        { condition: '{{ path == "rag" }}', output: '{{ documents }}', outputName: 'rag', outputType: 'list[int]' },
      ],
      optionalVariables: ['path'],
    });
    expect(describeInputs(router.inputSchemas).map((s) => [s.name, s.isMandatory, s.defaultValue])).toEqual([
      ['query', true, undefined],
      ['limit', true, undefined],
      ['documents', true, undefined],
      ['path', false, null],
    ]);
    expect(describeOutputs(router.outputSchemas).map((s) => s.name)).toEqual(['long', 'rag']);
  });

  it('types the outputs from the routes', () => {
    const router = new ConditionalRouter({ routes: streamsRoutes });
    const out = router.run({ streams: [1, 2, 3] });
    expectTypeOf(out.enough_streams).toEqualTypeOf<number[] | undefined>();
    expectTypeOf(out).toHaveProperty('insufficient_streams');
    // Routes built at run time (names typed `string`) give a record of unknown values.
    const dynamic: Route[] = [...streamsRoutes];
    const loose = new ConditionalRouter({ routes: dynamic }).run({ streams: [1, 2, 3] });
    expectTypeOf(loose['enough_streams']).toEqualTypeOf<unknown>();
    expect(loose).toEqual({ enough_streams: [1, 2, 3] });
  });

  it('warns about optional variables no route uses', () => {
    const warnings: string[] = [];
    const previous = setLogger({ warn: (m) => warnings.push(m) });
    try {
      new ConditionalRouter({ routes: streamsRoutes, optionalVariables: ['stream'] });
    } finally {
      setLogger(previous);
    }
    expect(warnings).toEqual([
      "ConditionalRouter: the following optional variables are specified but not used in any route: stream. Check if there's a typo in variable names.",
    ]);
  });

  it('takes a fallback route when an optional variable is missing or null', () => {
    const router = new ConditionalRouter({
      routes: [
        { condition: '{{ path == "rag" }}', output: '{{ question }}', outputName: 'rag_route', outputType: z.string() },
        { condition: '{{ True }}', output: '{{ question }}', outputName: 'default_route', outputType: z.string() },
      ],
      optionalVariables: ['path'],
    });
    expect(router.run({ question: 'What?', path: 'rag' })).toEqual({ rag_route: 'What?' });
    expect(router.run({ question: 'What?' })).toEqual({ default_route: 'What?' });
    expect(router.run({ question: 'What?', path: null })).toEqual({ default_route: 'What?' });
  });
});

describe('ConditionalRouter: rendered text becomes a value', () => {
  const render = (value: unknown, outputType: z.ZodType | string) =>
    new ConditionalRouter({ routes: [{ condition: '{{ True }}', output: '{{ value }}', outputName: 'out', outputType }] }).run({ value })['out'];

  it('parses literals like ast.literal_eval, keeping text that is not one', () => {
    expect(render('123', 'int')).toBe(123);
    expect(render([1, 2, 3], z.array(z.int()))).toEqual([1, 2, 3]);
    expect(render(['a', "it's"], 'list[str]')).toEqual(['a', "it's"]);
    expect(render({ k: null, n: [true] }, 'dict[str, typing.Any]')).toEqual({ k: null, n: [true] });
    expect(render("'quoted'", z.any())).toBe('quoted');
    expect(render('hello world', z.any())).toBe('hello world');
    expect(render('00123', z.any())).toBe('00123');
    expect(render('1,000', z.any())).toEqual([1, 0]);
    expect(render(null, z.any())).toBeNull();
  });

  it('keeps the text for a str output type (Haystack #12322) and for str | None when the literal would not fit (#12617)', () => {
    expect(render('1,000', z.string())).toBe('1,000');
    expect(render('123', 'str')).toBe('123');
    expect(render('123', z.string().nullable())).toBe('123');
    expect(render('None', 'str | None')).toBeNull();
  });

  it('turns objects into their printed text unless passed through', () => {
    const docs = [new Document({ content: 'x' })];
    const printed = render(docs, 'list[haystack.dataclasses.document.Document]');
    expect(typeof printed).toBe('string');
    const passthrough = new ConditionalRouter({
      routes: [{ condition: '{{ docs|length > 0 }}', output: 'docs', outputName: 'out', outputType: z.array(z.instanceof(Document)), outputPassthrough: true }],
    });
    expect(describeInputs(passthrough.inputSchemas).map((s) => s.name)).toEqual(['docs']);
    expect(passthrough.run({ docs })['out']).toBe(docs);
  });

  it('returns native values in unsafe mode, still sandboxed', () => {
    const docs = [new Document({ content: 'x' })];
    const router = new ConditionalRouter({
      routes: [{ condition: '{{ docs|length > 0 }}', output: '{{ docs }}', outputName: 'out', outputType: z.array(z.instanceof(Document)) }],
      unsafe: true,
    });
    expect(router.run({ docs })['out']).toBe(docs);
    const text = new ConditionalRouter({
      routes: [{ condition: '{{ True }}', output: '{{ a }}-{{ b }}', outputName: 'out', outputType: z.any() }],
      unsafe: true,
    });
    expect(text.run({ a: 1, b: 2 })['out']).toBe('1-2');
    expect(
      () =>
        new ConditionalRouter({
          routes: [{ condition: '{{ x.constructor }}', output: 'y', outputName: 'out', outputType: z.any() }],
          unsafe: true,
        }),
    ).toThrow(/invalid template for condition.*constructor/);
  });
});

describe('ConditionalRouter: errors', () => {
  it('checks output types when validateOutputType is on', () => {
    const routes = [{ condition: '{{ True }}', output: '{{ value }}', outputName: 'out', outputType: z.array(z.int()) }];
    const strict = new ConditionalRouter({ routes, validateOutputType: true });
    expect(strict.run({ value: [1, 2] })).toEqual({ out: [1, 2] });
    expect(() => strict.run({ value: 'text' })).toThrow(/route 'out' type doesn't match expected type 'list\[int\]'/);
    expect(new ConditionalRouter({ routes }).run({ value: 'text' })).toEqual({ out: 'text' });
  });

  it('needs the passthrough variable', () => {
    const router = new ConditionalRouter({
      routes: [{ condition: '{{ True }}', output: 'payload', outputName: 'out', outputType: z.any(), outputPassthrough: true }],
    });
    expect(() => router.run({})).toThrow(
      "ConditionalRouter: variable 'payload' not found in inputs for passthrough route 'out'. Ensure 'payload' is passed as an input to the router.",
    );
  });

  it('wraps conditions that are not literals or fail to render in RouteConditionException', () => {
    const make = (condition: string) => new ConditionalRouter({ routes: [{ condition, output: 'x', outputName: 'o', outputType: z.any() }] });
    expect(() => make('{{ word }}').run({ word: 'hello' })).toThrow(RouteConditionException);
    expect(() => make('{{ word }}').run({ word: 'hello' })).toThrow(/rendered to 'hello', which is not a Python literal/);
    expect(() => make('').run({})).toThrow(RouteConditionException);
  });

  it('validates the routes when constructed', () => {
    const ok = { condition: '{{ True }}', output: 'x', outputName: 'o', outputType: z.any() };
    // @ts-expect-error: outputType is missing
    expect(() => new ConditionalRouter({ routes: [{ condition: 'x', output: 'x', outputName: 'o' }] })).toThrow(/missing outputType/);
    expect(() => new ConditionalRouter({ routes: [{ ...ok, output: ['a', 'b'] }] })).toThrow(/must have the same length/);
    // @ts-expect-error: a condition must be a string
    expect(() => new ConditionalRouter({ routes: [{ ...ok, condition: true }] })).toThrow(/invalid template for condition: expected a template string .*, got true\./);
    expect(() => new ConditionalRouter({ routes: [{ ...ok, condition: '{{ x ' }] })).toThrow(ComponentError);
    expect(() => new ConditionalRouter({ routes: [{ ...ok, outputType: 'numpy.ndarray' }] })).toThrow(/unknown type 'numpy.ndarray'/);
    expect(() => new ConditionalRouter({ routes: [] })).toThrow(/non-empty array of routes/);
  });

  it('applies custom filters in templates', () => {
    const router = new ConditionalRouter({
      routes: [{ condition: "{{ word|prefix == 'foo' }}", output: '{{ word|prefix }}', outputName: 'out', outputType: z.string() }],
      customFilters: { prefix: (v) => String(v).slice(0, 3) },
    });
    expect(router.run({ word: 'foobar' })).toEqual({ out: 'foo' });
  });
});

describe('ConditionalRouter: cases from Haystack’s own tests', () => {
  it('validates union output types (list[str] | dict[str, int] | None)', () => {
    const router = new ConditionalRouter({
      routes: [{ condition: '{{ True }}', output: '{{ value }}', outputName: 'result', outputType: 'list[str] | dict[str, int] | None' }],
      validateOutputType: true,
    });
    expect(router.run({ value: ['a', 'b'] })).toEqual({ result: ['a', 'b'] });
    expect(router.run({ value: { key: 1 } })).toEqual({ result: { key: 1 } });
    expect(router.run({ value: null })).toEqual({ result: null });
    expect(() => router.run({ value: 42 })).toThrow(/route 'result' type doesn't match expected type/);
    const lists = new ConditionalRouter({
      routes: [{ condition: '{{ True }}', output: '{{ value }}', outputName: 'result', outputType: 'list[str]' }],
      validateOutputType: true,
    });
    expect(() => lists.run({ value: 'hello' })).toThrow(/doesn't match/);
  });

  it('does not count {% set %} names as inputs', () => {
    const condition = "{%- if control == 'something' -%}{% set streams = 1 %}{%- else -%}{% set streams = 2 %}{%- endif -%}{{ streams == 1 }}";
    const router = new ConditionalRouter({ routes: [{ condition, output: '{{ query }}', outputName: 'out', outputType: z.string() }] });
    expect(describeInputs(router.inputSchemas).map((s) => s.name)).toEqual(['control', 'query']);
    expect(router.run({ control: 'something', query: 'q' })).toEqual({ out: 'q' });
    expect(() => router.run({ control: 'other', query: 'q' })).toThrow(NoRouteSelectedException);
  });

  it('routes null for an optional passthrough variable and never parses a passthrough output as a template', () => {
    const optional = new ConditionalRouter({
      routes: [{ condition: '{{ True }}', output: 'maybe_value', outputName: 'out', outputType: z.string(), outputPassthrough: true }],
      optionalVariables: ['maybe_value'],
    });
    expect(optional.run({ maybe_value: null })).toEqual({ out: null });
    const odd = new ConditionalRouter({
      routes: [{ condition: '{{ True }}', output: '{{unclosed', outputName: 'out', outputType: z.string(), outputPassthrough: true }],
    });
    expect(odd.run({ '{{unclosed': 'value' })).toEqual({ out: 'value' });
  });

  it('reads nested attributes in conditions (complex condition)', () => {
    const router = new ConditionalRouter({
      routes: [
        { condition: "{{ messages[-1].meta.finish_reason == 'function_call' }}", output: '{{ streams }}', outputName: 'streams', outputType: 'list[int]' },
        { condition: '{{ True }}', output: '{{ query }}', outputName: 'query', outputType: z.string() },
      ],
    });
    const messages = [{ meta: { finish_reason: 'stop' } }, { meta: { finish_reason: 'function_call' } }];
    expect(router.run({ messages, streams: [1, 2, 3], query: 'my query' })).toEqual({ streams: [1, 2, 3] });
  });
});
