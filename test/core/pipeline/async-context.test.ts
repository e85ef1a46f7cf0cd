import { AsyncLocalStorage } from 'node:async_hooks';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AsyncPipeline, Pipeline } from '../../../src/index.js';
import { deferred, flush, makeComponent } from './helpers.js';

describe('AsyncLocalStorage context', () => {
  const storage = new AsyncLocalStorage<string>();
  const reader = (seen: (string | undefined)[]) =>
    makeComponent(
      'Reader',
      { value: z.number().optional() },
      { value: z.number() },
      () => {
        seen.push(storage.getStore());
        return { value: 1 };
      },
      async () => {
        await flush();
        seen.push(storage.getStore());
        return { value: 1 };
      },
    );

  it('reaches every component of concurrent branches (AsyncPipeline), and sync components too', async () => {
    const seen: (string | undefined)[] = [];
    const p = new AsyncPipeline();
    for (const name of ['a', 'b', 'c', 'd']) p.addComponent(name, reader(seen));
    p.addComponent('sync', makeComponent('Sync', { value: z.number() }, {}, () => (seen.push(storage.getStore()), {})));
    p.connect('a', 'sync');
    await storage.run('trace-1', () => p.runAsync({}));
    expect(seen).toEqual(['trace-1', 'trace-1', 'trace-1', 'trace-1', 'trace-1']);
  });

  it('keeps the contexts of two concurrent runs apart', async () => {
    const seen: (string | undefined)[] = [];
    const p = new AsyncPipeline().addComponent('a', reader(seen)).addComponent('b', reader(seen)).connect('a', 'b');
    await Promise.all([storage.run('one', () => p.runAsync({})), storage.run('two', () => p.runAsync({}))]);
    expect(seen.sort()).toEqual(['one', 'one', 'two', 'two']);
  });

  it('reaches the components of the sequential engine and of the generator', async () => {
    const seen: (string | undefined)[] = [];
    await storage.run('seq', () => new Pipeline().addComponent('a', reader(seen)).run({}));
    await storage.run('gen', async () => {
      for await (const _ of new AsyncPipeline().addComponent('a', reader(seen)).runAsyncGenerator({})) void _;
    });
    expect(seen).toEqual(['seq', 'gen']);
  });
});

describe('one pipeline, many concurrent runs', () => {
  it('keeps all run state per call', async () => {
    const gates = [deferred(), deferred()];
    let call = 0;
    const slowDouble = makeComponent(
      'SlowDouble',
      { value: z.number() },
      { value: z.number() },
      () => ({}),
      async ({ value }) => {
        await gates[call++]!.promise;
        return { value: value * 2 };
      },
    );
    const add = makeComponent('Add', { value: z.number() }, { value: z.number() }, ({ value }) => ({ value: value + 1 }));
    const p = new AsyncPipeline().addComponent('double', slowDouble).addComponent('add', add).connect('double', 'add');
    const first = p.runAsync({ double: { value: 1 } });
    const second = p.runAsync({ double: { value: 10 } });
    await flush();
    gates[1]!.resolve();
    gates[0]!.resolve();
    expect(await Promise.all([first, second])).toEqual([{ add: { value: 3 } }, { add: { value: 21 } }]);
  });

  it('runs 200 overlapping runs of one instance without interference', async () => {
    const inc = makeComponent(
      'Inc',
      { value: z.number() },
      { value: z.number() },
      () => ({}),
      async ({ value }) => {
        await flush();
        return { value: value + 1 };
      },
    );
    const p = new AsyncPipeline().addComponent('inc', inc);
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => p.runAsync({ value: i })));
    expect(results.map((r) => r.inc?.value)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
  });
});
