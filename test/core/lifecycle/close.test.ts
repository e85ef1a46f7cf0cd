/**
 * Lifecycle: `close()` / `closeAsync()` / `await using` on pipelines release their components
 * (Haystack 3.x's `Pipeline.close`), once per use, and components and stores close themselves.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  AsyncPipeline,
  Component,
  InMemoryDocumentStore,
  Pipeline,
  PipelineError,
  defineComponent,
  type RunInput,
} from '../../../src/index.js';

const inputs = { value: z.number() };
const outputs = { value: z.number() };

/** Counts its close calls; `closeAsync` only when asked to have one. */
class Closable extends Component<typeof inputs, typeof outputs> {
  closes = 0;
  asyncCloses = 0;
  constructor(
    readonly log: string[] = [],
    readonly label = 'c',
    withAsync = false,
  ) {
    super({ inputs, outputs });
    if (withAsync) {
      this.closeAsync = async () => {
        this.asyncCloses++;
        this.log.push(`${this.label}:closeAsync`);
      };
    }
  }
  run({ value }: RunInput<typeof inputs>) {
    return { value };
  }
  override close(): void {
    this.closes++;
    this.log.push(`${this.label}:close`);
  }
}

describe('closing a pipeline', () => {
  it('closes every component once, in insertion order, however often it is closed', async () => {
    const log: string[] = [];
    const a = new Closable(log, 'a');
    const b = new Closable(log, 'b');
    const pipeline = new Pipeline().addComponent('a', a).addComponent('b', b).connect('a', 'b');
    await pipeline.run({ a: { value: 1 } });
    await Promise.all([pipeline.close(), pipeline.close()]);
    await pipeline.close();
    expect(log).toEqual(['a:close', 'b:close']);
  });

  it('closes the components again after a later run warmed them up again', async () => {
    const a = new Closable();
    const pipeline = new AsyncPipeline().addComponent('a', a);
    await pipeline.close();
    await pipeline.runAsync({ a: { value: 1 } });
    await pipeline.close();
    expect(a.closes).toBe(2);
  });

  it('closeAsync prefers a component’s closeAsync and falls back to close', async () => {
    const log: string[] = [];
    const pipeline = new Pipeline().addComponent('a', new Closable(log, 'a', true)).addComponent('b', new Closable(log, 'b'));
    await pipeline.closeAsync();
    expect(log).toEqual(['a:closeAsync', 'b:close']);
  });

  it('close calls only close, even when a component also has closeAsync', async () => {
    const log: string[] = [];
    await new Pipeline().addComponent('a', new Closable(log, 'a', true)).close();
    expect(log).toEqual(['a:close']);
  });

  it('await using closes the pipeline and its components at the end of the scope', async () => {
    const a = new Closable([], 'a', true);
    {
      await using pipeline = new Pipeline().addComponent('a', a);
      await pipeline.runAsync({ a: { value: 1 } });
      expect(a.asyncCloses).toBe(0);
    }
    expect(a.asyncCloses).toBe(1);
  });

  it('closes the others when one fails, then reports it by name and can be retried', async () => {
    const log: string[] = [];
    let fail = true;
    const Flaky = defineComponent({
      name: 'Flaky',
      inputs,
      outputs,
      run: ({ value }) => ({ value }),
      close: () => {
        log.push('flaky:close');
        if (fail) throw new Error('socket stuck');
      },
    });
    const pipeline = new Pipeline().addComponent('flaky', new Flaky()).addComponent('b', new Closable(log, 'b'));
    const error = await pipeline.close().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PipelineError);
    expect(error).toMatchObject({ component: 'flaky' });
    expect((error as Error).message).toMatch(/^Pipeline\.close: the component 'flaky' failed to close \(the others were closed\): socket stuck/);
    expect((error as Error).cause).toBeInstanceOf(Error);
    expect(log).toEqual(['flaky:close', 'b:close']);
    fail = false;
    await pipeline.close();
    expect(log).toEqual(['flaky:close', 'b:close', 'flaky:close', 'b:close']);
  });

  it('reports several failures together', async () => {
    const failing = (name: string) =>
      new (defineComponent({ name, inputs, outputs, run: ({ value }) => ({ value }), close: () => Promise.reject(new Error(`${name} broke`)) }))();
    const error = await new Pipeline().addComponent('x', failing('X')).addComponent('y', failing('Y')).closeAsync().catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/^Pipeline\.closeAsync: the components 'x', 'y' failed to close/);
    expect((error as Error).cause).toBeInstanceOf(AggregateError);
  });
});

describe('closing components and stores directly', () => {
  it('await using on a component calls closeAsync, else close', async () => {
    const withAsync = new Closable([], 'a', true);
    const plain = new Closable([], 'b');
    {
      await using _a = withAsync;
      await using _b = plain;
    }
    expect([withAsync.asyncCloses, withAsync.closes, plain.closes]).toEqual([1, 0, 1]);
  });

  it('a component without close disposes as a no-op', async () => {
    const Plain = defineComponent({ name: 'Plain', inputs, outputs, run: ({ value }) => ({ value }) });
    const plain = new Plain();
    await expect(plain[Symbol.asyncDispose]()).resolves.toBeUndefined();
  });

  it('InMemoryDocumentStore can be closed and disposed (nothing to release) and stays usable', async () => {
    const store = new InMemoryDocumentStore();
    store.close();
    await store.closeAsync();
    await store[Symbol.asyncDispose]();
    expect(store.countDocuments()).toBe(0);
  });
});
