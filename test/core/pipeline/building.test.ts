import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AsyncPipeline, Pipeline, PipelineError, PipelineValidationError, Variadic, ComponentError } from '../../../src/index.js';
import { makeComponent } from './helpers.js';

const num = () => makeComponent('Num', { value: z.number() }, { value: z.number() }, ({ value }) => ({ value }));

describe('Pipeline options', () => {
  it('has Haystack defaults and keeps the given values', () => {
    const p = new Pipeline();
    expect([p.maxRunsPerComponent, p.metadata, p.connectionTypeValidation]).toEqual([100, {}, true]);
    const q = new AsyncPipeline({ maxRunsPerComponent: 3, metadata: { a: 1 }, connectionTypeValidation: false });
    expect([q.maxRunsPerComponent, q.metadata, q.connectionTypeValidation]).toEqual([3, { a: 1 }, false]);
  });

  it('rejects invalid options with "expected X, got Y"', () => {
    expect(() => new Pipeline({ maxRunsPerComponent: -1 })).toThrow('Pipeline: expected maxRunsPerComponent to be an integer >= 0, got -1.');
    expect(() => new Pipeline({ metadata: [] as never })).toThrow(PipelineValidationError);
    expect(() => new Pipeline({ connectionTypeValidation: 'yes' as never })).toThrow(/expected connectionTypeValidation to be a boolean/);
  });
});

describe('Pipeline.addComponent', () => {
  it('rejects taken, reserved and dotted names', () => {
    const p = new Pipeline().addComponent('a', num());
    expect(() => p.addComponent('a', num())).toThrow("Pipeline.addComponent: A component named 'a' already exists in this pipeline: choose another name.");
    expect(() => p.addComponent('_debug', num())).toThrow(/'_debug' is a reserved name/);
    expect(() => p.addComponent('a.b', num())).toThrow(/a\.b is an invalid component name, cannot contain '\.'/);
  });

  it('rejects a non-component and a component with a non-function runAsync', () => {
    const p = new Pipeline();
    expect(() => p.addComponent('x', { run: () => ({}) } as never)).toThrow(PipelineValidationError);
    const broken = num();
    (broken as unknown as { runAsync: unknown }).runAsync = 42;
    expect(() => p.addComponent('y', broken)).toThrow(ComponentError);
  });

  it('refuses to share one instance between pipelines, until it is removed', () => {
    const c = num();
    const first = new Pipeline().addComponent('a', c);
    expect(() => new Pipeline().addComponent('a', c)).toThrow(PipelineError);
    expect(() => first.addComponent('b', c)).toThrow(/already been added to this Pipeline under the name 'a'/);
    expect(first.removeComponent('a')).toBe(c);
    expect(() => new Pipeline().addComponent('a', c)).not.toThrow();
  });

  it('accepts empty and unicode names', () => {
    const p = new Pipeline().addComponent('', num()).addComponent('📦', num());
    expect([...p.walk()].map(([n]) => n)).toEqual(['', '📦']);
  });
});

describe('Pipeline accessors', () => {
  it('finds components by name and names by instance', () => {
    const c = num();
    const p = new Pipeline().addComponent('a', c);
    expect(p.getComponent('a')).toBe(c);
    expect(p.getComponentName(c)).toBe('a');
    expect(p.getComponentName(num())).toBe('');
    expect(() => p.getComponent('nope')).toThrow(PipelineValidationError);
    expect(() => p.getComponent('nope')).toThrow(/Pipeline.getComponent: Component named 'nope' not found in the pipeline/);
  });

  it('removes a component with its connections; neighbours forget it and lists stop being auto-variadic', async () => {
    const list = () => makeComponent('L', { items: z.array(z.number()) }, { items: z.array(z.number()) }, ({ items }) => ({ items }));
    const p = new Pipeline().addComponent('a', list()).addComponent('b', list()).addComponent('c', list());
    p.connect('a', 'c').connect('b', 'c');
    p.removeComponent('b');
    expect(p.connections()).toEqual([{ sender: 'a.items', receiver: 'c.items' }]);
    expect(() => p.removeComponent('b')).toThrow(PipelineValidationError);
    expect(await p.run({ a: { items: [1, 2] } })).toEqual({ c: { items: [1, 2] } });
  });
});

describe('Pipeline.inputs() and outputs()', () => {
  const build = () => {
    const first = makeComponent('First', { value: z.number(), add: z.number().default(1) }, { result: z.number(), extra: z.string() }, () => ({}));
    const sum = makeComponent('Sum', { values: Variadic(z.number()), scale: z.number() }, { total: z.number() }, () => ({}));
    return new Pipeline().addComponent('first', first).addComponent('sum', sum).connect('first.result', 'sum.values');
  };

  it('describes unconnected and variadic inputs', () => {
    const inputs = build().inputs();
    expect(Object.keys(inputs)).toEqual(['first', 'sum']);
    expect(inputs['first']!['value']).toMatchObject({ isMandatory: true });
    expect(inputs['first']!['add']).toMatchObject({ isMandatory: false, defaultValue: 1 });
    expect(inputs['sum']!['values']).toMatchObject({ isMandatory: false });
    expect('defaultValue' in inputs['sum']!['values']!).toBe(false);
    expect(inputs['sum']!['scale']).toMatchObject({ isMandatory: true });
  });

  it('includes connected inputs on request', () => {
    const p = new Pipeline().addComponent('a', num()).addComponent('b', num()).connect('a', 'b');
    expect(Object.keys(p.inputs())).toEqual(['a']);
    expect(Object.keys(p.inputs(true))).toEqual(['a', 'b']);
  });

  it('describes unconnected outputs (all on request)', () => {
    const p = build();
    expect(Object.keys(p.outputs())).toEqual(['first', 'sum']);
    expect(Object.keys(p.outputs()['first']!)).toEqual(['extra']);
    expect(Object.keys(p.outputs(true)['first']!)).toEqual(['result', 'extra']);
  });
});
