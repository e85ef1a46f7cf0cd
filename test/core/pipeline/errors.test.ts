import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AsyncPipeline, Pipeline, PipelineRuntimeError } from '../../../src/index.js';
import { GateProbe, flush, makeComponent, recordingLogger } from './helpers.js';

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => void unhandled.push(reason);
beforeEach(() => {
  unhandled.length = 0;
  process.on('unhandledRejection', onUnhandled);
});
afterEach(async () => {
  await flush();
  process.off('unhandledRejection', onUnhandled);
  expect(unhandled).toEqual([]);
});

const ENGINES = [
  ['Pipeline', (logger = recordingLogger()) => new Pipeline({ logger })],
  ['AsyncPipeline', (logger = recordingLogger()) => new AsyncPipeline({ logger })],
] as const;

const ok = () => makeComponent('Ok', {}, { value: z.number() }, () => ({ value: 1 }));

describe.each(ENGINES)('%s component failures', (label, make) => {
  it('wraps a failure in PipelineRuntimeError naming the component, with cause and partial outputs', async () => {
    const cause = new Error('boom');
    const failing = makeComponent('Failing', { value: z.number() }, { out: z.number() }, () => {
      throw cause;
    });
    const p = make().addComponent('ok', ok()).addComponent('other', ok()).addComponent('z_fail', failing).connect('ok', 'z_fail');
    const error = (await p.run({}).catch((e: unknown) => e)) as PipelineRuntimeError;
    expect(error).toBeInstanceOf(PipelineRuntimeError);
    expect(error.message).toBe(
      `${label === 'Pipeline' ? 'Pipeline.run' : 'AsyncPipeline.runAsync'}: The following component failed to run:\nComponent name: 'z_fail'\nComponent type: 'Failing'\nError: boom`,
    );
    expect(error).toMatchObject({ component: 'z_fail', componentType: 'Failing', cause });
    expect(error.partialOutputs).toEqual({ other: { value: 1 } });
  });

  it('reports an output that is not an object (and still counts the visit)', async () => {
    const bad = makeComponent('Bad', {}, { out: z.number() }, () => 42 as never);
    const error = (await make().addComponent('bad', bad).run({}).catch((e: unknown) => e)) as PipelineRuntimeError;
    expect(error).toBeInstanceOf(PipelineRuntimeError);
    expect(error.message).toMatch(/The following component returned an invalid output:\nComponent name: 'bad'\nComponent type: 'Bad'\nExpected an object, but got number instead\./);
    expect(error.component).toBe('bad');
  });

  it('re-throws a PipelineRuntimeError from a nested pipeline unchanged instead of wrapping it twice', async () => {
    const inner = new Pipeline().addComponent(
      'deep',
      makeComponent('Deep', {}, { v: z.number() }, () => {
        throw new Error('deep failure');
      }),
    );
    const wrapper = makeComponent('Wrapper', {}, { v: z.number() }, async () => (await inner.run({})) as never);
    const error = (await make().addComponent('outer', wrapper).run({}).catch((e: unknown) => e)) as PipelineRuntimeError;
    expect(error).toBeInstanceOf(PipelineRuntimeError);
    expect(error.component).toBe('deep');
    expect(error.message).not.toMatch(/Component name: 'outer'/);
  });

  it('warns about undeclared output keys, which still appear in the outputs', async () => {
    const logger = recordingLogger();
    const extra = makeComponent('Extra', {}, { value: z.number() }, () => ({ value: 1, surprise: 2 }) as never);
    expect(await make(logger).addComponent('e', extra).run({})).toEqual({ e: { value: 1, surprise: 2 } });
    expect(logger.warnings).toHaveLength(1);
    expect(logger.warnings[0]).toMatch(/Component 'e' \(type: Extra\) returned output keys \["surprise"\] that are not declared/);
  });

  it('reports a failed conversion between components as a PipelineRuntimeError', async () => {
    const lists = makeComponent('Lists', {}, { items: z.array(z.string()) }, () => ({ items: ['a', 'b', 'c'] }));
    const single = makeComponent('Single', { text: z.string() }, { text: z.string() }, ({ text }) => ({ text }));
    const p = make().addComponent('lists', lists).addComponent('single', single).connect('lists', 'single');
    await expect(p.run({})).rejects.toThrow(/Failed to perform conversion between components:[\s\S]*Cannot unwrap a list of 3 items/);
  });
});

describe('AsyncPipeline failure cleanup', () => {
  it('aborts and awaits the siblings in flight before rejecting (nothing left running)', async () => {
    const probe = new GateProbe();
    const failing = makeComponent(
      'Failing',
      {},
      { v: z.number() },
      () => ({}),
      async () => {
        await flush();
        throw new Error('boom');
      },
    );
    const p = new AsyncPipeline().addComponent('fail', failing).addComponent('slow', probe.component('slow'));
    await expect(p.runAsync({})).rejects.toThrow(PipelineRuntimeError);
    expect(probe.started).toEqual(['slow']);
    expect(probe.aborted).toEqual(['slow']);
    expect(probe.running).toBe(0);
  });

  it('never starts components that were waiting for a permit when the run fails', async () => {
    const probe = new GateProbe();
    const failing = makeComponent('Failing', {}, { v: z.number() }, () => {
      throw new Error('boom');
    });
    const p = new AsyncPipeline().addComponent('a_fail', failing).addComponent('b', probe.component('b')).addComponent('c', probe.component('c'));
    await expect(p.runAsync({}, { concurrencyLimit: 1 })).rejects.toThrow(/Component name: 'a_fail'/);
    expect(probe.started).toEqual([]);
  });
});
