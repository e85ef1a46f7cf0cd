import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { componentFromDict, componentToDict, defaultToDict } from '../../../src/core/serialization/component-dict.js';
import { createDefaultRegistry } from '../../../src/serialization/builtins.js';
import { Component, type RunInput } from '../../../src/index.js';
import { DeserializationError, SerializationError } from '../../../src/errors.js';
import { Secret } from '../../../src/dataclasses/secret.js';
import { InMemoryDocumentStore } from '../../../src/document-stores/in-memory/in-memory-document-store.js';

const inputs = { value: z.number() };
const outputs = { value: z.number() };

interface AdderOptions {
  readonly addValue?: number;
  readonly apiKey?: Secret | undefined;
  readonly extra?: unknown;
  readonly store?: InMemoryDocumentStore | undefined;
}

class Adder extends Component<typeof inputs, typeof outputs> {
  static override readonly typeName = 'my_pkg.adder.Adder';
  readonly options: AdderOptions;
  constructor(options: AdderOptions = {}) {
    if (options.addValue !== undefined && typeof options.addValue !== 'number') throw new TypeError('addValue must be a number');
    super({ inputs, outputs, initParameters: { addValue: options.addValue ?? 1, apiKey: options.apiKey, extra: options.extra } });
    this.options = options;
  }
  run({ value }: RunInput<typeof inputs>) {
    return { value: value + (this.options.addValue ?? 1) };
  }
}

const registry = () => createDefaultRegistry().register(Adder);

describe('componentToDict (default)', () => {
  it('writes { type, init_parameters } with snake_case keys, secrets as env-var references and undefined as null', () => {
    const dict = componentToDict(new Adder({ addValue: 3, apiKey: Secret.fromEnvVar('MY_KEY') }), 'adder');
    expect(dict).toEqual({
      type: 'my_pkg.adder.Adder',
      init_parameters: { add_value: 3, api_key: { type: 'env_var', env_vars: ['MY_KEY'], strict: true }, extra: null },
    });
    expect(defaultToDict('T', { a: [undefined] })).toEqual({ type: 'T', init_parameters: { a: [null] } });
  });

  it('refuses token secrets and values that are not plain data, naming the component and key', () => {
    expect(() => componentToDict(new Adder({ apiKey: Secret.fromToken('sk-secret') }), 'adder')).toThrow(SerializationError);
    expect(() => componentToDict(new Adder({ apiKey: Secret.fromToken('sk-secret') }), 'adder')).not.toThrow(/sk-secret/);
    expect(() => componentToDict(new Adder({ extra: { when: new Date() } }), 'adder')).toThrow(
      /component 'adder' of type 'my_pkg.adder.Adder' has an unsupported value of type 'Date'.*under key 'init_parameters.extra.when'/,
    );
    expect(() => componentToDict(new Adder({ extra: () => 1 }), 'adder')).toThrow(/type 'function'/);
    expect(() => componentToDict(new Adder({ extra: 1n }), 'adder')).toThrow(/type 'bigint'/);
  });
});

describe('componentFromDict', () => {
  it('builds through the registry with camelCase options and revives env-var secrets', () => {
    const adder = componentFromDict(
      { type: 'my_pkg.adder.Adder', init_parameters: { add_value: 5, api_key: { type: 'env_var', env_vars: ['K'], strict: false } } },
      { registry: registry(), name: 'adder' },
    ) as Adder;
    expect(adder).toBeInstanceOf(Adder);
    expect(adder.options.addValue).toBe(5);
    expect(adder.options.apiKey).toBeInstanceOf(Secret);
    expect(adder.run({ value: 1 })).toEqual({ value: 6 });
  });

  it('revives registered nested objects (a document store) and refuses unregistered dotted types', () => {
    const store = new InMemoryDocumentStore().toDict();
    const adder = componentFromDict({ type: 'my_pkg.adder.Adder', init_parameters: { store } }, { registry: registry(), name: 'a' }) as Adder;
    expect(adder.options.store).toBeInstanceOf(InMemoryDocumentStore);
    expect(() =>
      componentFromDict({ type: 'my_pkg.adder.Adder', init_parameters: { extra: { type: 'os.system', init_parameters: {} } } }, { registry: registry(), name: 'a' }),
    ).toThrow(/Failed to deserialize 'extra' of component 'a': type 'os.system' is not registered/);
  });

  it('does not modify the given data', () => {
    const data = { type: 'my_pkg.adder.Adder', init_parameters: { add_value: 2 } };
    const copy = structuredClone(data);
    componentFromDict(data, { registry: registry(), componentPreInit: (_n, _c, params) => (params['add_value'] = 9) });
    expect(data).toEqual(copy);
  });

  it('lets componentPreInit edit the init parameters', () => {
    const seen: string[] = [];
    const adder = componentFromDict(
      { type: 'my_pkg.adder.Adder', init_parameters: { add_value: 2 } },
      {
        registry: registry(),
        name: 'adder',
        componentPreInit: (name, cls, params) => {
          seen.push(`${name}:${cls.name}`);
          params['add_value'] = 10;
        },
      },
    ) as Adder;
    expect(seen).toEqual(['adder:Adder']);
    expect(adder.options.addValue).toBe(10);
  });

  it('names the component in every failure', () => {
    const load = (data: unknown) => () => componentFromDict(data, { registry: registry(), name: 'comp' });
    expect(load({ type: 'not.Registered' })).toThrow(/component 'comp' has type 'not.Registered', which is not registered/);
    expect(load({ init_parameters: {} })).toThrow(/missing 'type' in component 'comp'/);
    expect(load([])).toThrow(/component 'comp' must be a mapping/);
    expect(load({ type: 'my_pkg.adder.Adder', init_parameters: [] })).toThrow(/'init_parameters' of component 'comp' must be a mapping/);
    const failing = load({ type: 'my_pkg.adder.Adder', init_parameters: { add_value: 'x' } });
    expect(failing).toThrow(DeserializationError);
    expect(failing).toThrow(/couldn't deserialize component 'comp' of class 'Adder'[\s\S]*Original error: addValue must be a number/);
    try {
      failing();
    } catch (error) {
      expect((error as DeserializationError).component).toBe('comp');
      expect((error as Error).cause).toBeInstanceOf(TypeError);
    }
  });
});
