import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { ComponentError, ConditionalRouter, OutputAdapter } from '../../../src/index.js';
import { componentToDict } from '../../../src/serialization/index.js';

const Money = z.object({ cents: z.int() });
const types = new Map([['my.Money', Money]]);

describe('your own type names in the options (types)', () => {
  it('let a router name its output type by string', () => {
    const router = new ConditionalRouter({
      routes: [{ condition: '{{ True }}', output: '{{ price }}', outputName: 'price', outputType: 'my.Money' }],
      unsafe: true,
      types,
    });
    expect((router.outputSchemas as Record<string, unknown>)['price']).toBe(Money);
    expect(router.run({ price: { cents: 5 } })).toEqual({ price: { cents: 5 } });
  });

  it('let an adapter name its output type by string', () => {
    const adapter = new OutputAdapter({ template: '{{ price }}', outputType: 'my.Money', unsafe: true, types });
    expect(adapter.outputSchemas.output).toBe(Money);
  });

  it('are unknown to the built-in table without them', () => {
    expect(() => new OutputAdapter({ template: '{{ x }}', outputType: 'my.Money' })).toThrow(ComponentError);
  });

  it('are not serialized (fromDict takes them from the registry)', () => {
    const adapter = new OutputAdapter({ template: '{{ x }}', outputType: 'str', types });
    expect(Object.keys(componentToDict(adapter, 'a').init_parameters)).not.toContain('types');
  });
});
