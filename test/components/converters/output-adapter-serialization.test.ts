import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { OutputAdapter } from '../../../src/components/converters/output-adapter.js';
import { componentFromDict, componentToDict } from '../../../src/core/serialization/component-dict.js';
import { createDefaultRegistry } from '../../../src/serialization/builtins.js';
import { DeserializationError } from '../../../src/errors.js';

const TYPE = 'haystack.components.converters.output_adapter.OutputAdapter';

describe('OutputAdapter serialization', () => {
  it("writes Haystack's layout and round-trips", () => {
    const adapter = new OutputAdapter({ template: '{{ replies[0] }}', outputType: z.array(z.string()) });
    const dict = componentToDict(adapter, 'adapter');
    expect(dict).toEqual({
      type: TYPE,
      init_parameters: { template: '{{ replies[0] }}', output_type: 'list[str]', custom_filters: {}, unsafe: false },
    });
    const loaded = componentFromDict(dict, { registry: createDefaultRegistry(), name: 'adapter' }) as OutputAdapter;
    expect(componentToDict(loaded, 'adapter')).toEqual(dict);
    expect(loaded.run({ replies: [['a', 'b']] })).toEqual({ output: ['a', 'b'] });
  });

  it('loads Haystack data with custom filters only when they are registered', () => {
    const data = { type: TYPE, init_parameters: { template: '{{ a|up }}', output_type: 'str', custom_filters: { up: 'my.up' }, unsafe: true } };
    expect(() => componentFromDict(data, { registry: createDefaultRegistry(), name: 'a' })).toThrow(DeserializationError);
    const registry = createDefaultRegistry().registerCallable('my.up', (v: unknown) => String(v).toUpperCase());
    const loaded = componentFromDict(data, { registry, name: 'a' }) as OutputAdapter;
    expect(loaded.unsafe).toBe(true);
    expect(loaded.run({ a: 'x' })).toEqual({ output: 'X' });
  });
});
