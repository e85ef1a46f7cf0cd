import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConditionalRouter } from '../../../src/components/routers/conditional-router.js';
import { componentFromDict, componentToDict } from '../../../src/core/serialization/component-dict.js';
import { createDefaultRegistry } from '../../../src/serialization/builtins.js';
import { DeserializationError, SerializationError } from '../../../src/errors.js';
import { Document } from '../../../src/dataclasses/document.js';

const TYPE = 'haystack.components.routers.conditional_router.ConditionalRouter';
const shout = (v: unknown) => `${String(v)}!`;

describe('ConditionalRouter serialization', () => {
  it("writes Haystack's layout: snake_case route keys, output types as names, lists kept as lists", () => {
    const router = new ConditionalRouter({
      routes: [
        { condition: '{{ docs|length > 0 }}', output: 'docs', outputName: 'found', outputType: z.array(z.instanceof(Document)), outputPassthrough: true },
        { condition: '{{ True }}', output: ['{{ query }}', '{{ n }}'], outputName: ['q', 'n'], outputType: [z.string(), 'typing.Optional[int]'] },
      ],
      optionalVariables: ['n'],
      validateOutputType: true,
    });
    expect(componentToDict(router, 'router')).toEqual({
      type: TYPE,
      init_parameters: {
        routes: [
          {
            condition: '{{ docs|length > 0 }}',
            output: 'docs',
            output_name: 'found',
            output_type: 'list[haystack.dataclasses.document.Document]',
            output_passthrough: true,
          },
          { condition: '{{ True }}', output: ['{{ query }}', '{{ n }}'], output_name: ['q', 'n'], output_type: ['str', 'typing.Optional[int]'] },
        ],
        custom_filters: {},
        unsafe: false,
        validate_output_type: true,
        optional_variables: ['n'],
      },
    });
  });

  it('round-trips, and the loaded router routes the same', () => {
    const router = new ConditionalRouter({
      routes: [{ condition: '{{ n > 1 }}', output: '{{ n }}', outputName: 'big', outputType: 'int' }, { condition: '{{ True }}', output: 'small', outputName: 'small', outputType: z.string() }],
    });
    const dict = componentToDict(router, 'r');
    const loaded = componentFromDict(dict, { registry: createDefaultRegistry(), name: 'r' }) as ConditionalRouter;
    expect(componentToDict(loaded, 'r')).toEqual(dict);
    expect(loaded.run({ n: 5 })).toEqual({ big: 5 });
    expect(loaded.run({ n: 0 })).toEqual({ small: 'small' });
  });

  it('writes custom filters by their registered name and loads them only from the registry', () => {
    const registry = createDefaultRegistry().registerCallable('my_filters.shout', shout);
    const router = new ConditionalRouter({
      routes: [{ condition: '{{ True }}', output: '{{ word|shout }}', outputName: 'out', outputType: z.string() }],
      customFilters: { shout },
    });
    expect(() => componentToDict(router, 'r')).toThrow(SerializationError);
    expect(() => componentToDict(router, 'r')).toThrow(/custom filter 'shout' cannot be serialized: register the function/);
    const dict = componentToDict(router, 'r', registry);
    expect(dict.init_parameters['custom_filters']).toEqual({ shout: 'my_filters.shout' });
    const loaded = componentFromDict(dict, { registry, name: 'r' }) as ConditionalRouter;
    expect(loaded.run({ word: 'hi' })).toEqual({ out: 'hi!' });
    const load = () => componentFromDict(dict, { registry: createDefaultRegistry(), name: 'r' });
    expect(load).toThrow(DeserializationError);
    expect(load).toThrow(/custom filter 'shout' of component 'r' refers to 'my_filters.shout', which is not registered/);
  });

  it('resolves output type names through the registry and refuses unknown ones', () => {
    const thing = z.object({ a: z.string() });
    const data = {
      type: TYPE,
      init_parameters: { routes: [{ condition: '{{ True }}', output: '{{ x }}', output_name: 'out', output_type: 'my.Thing' }] },
    };
    expect(() => componentFromDict(data, { registry: createDefaultRegistry(), name: 'r' })).toThrow(/unknown type 'my.Thing'/);
    const loaded = componentFromDict(data, { registry: createDefaultRegistry().registerType('my.Thing', thing), name: 'r' });
    expect(loaded.outputSchemas['out']).toBe(thing);
    expect(componentToDict(loaded, 'r').init_parameters['routes']).toEqual([
      { condition: '{{ True }}', output: '{{ x }}', output_name: 'out', output_type: 'my.Thing' },
    ]);
  });

  it('names the component when routes are malformed', () => {
    const load = (routes: unknown) => () => componentFromDict({ type: TYPE, init_parameters: { routes } }, { registry: createDefaultRegistry(), name: 'r' });
    expect(load('x')).toThrow(/'routes' of component 'r' must be a list/);
    expect(load([{ condition: '{{ True }}' }])).toThrow(/couldn't deserialize component 'r'[\s\S]*missing output, outputName, outputType/);
  });
});
