import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AsyncPipeline, Pipeline, PipelineComponentsBlockedError, PipelineRuntimeError } from '../../../src/index.js';
import { makeComponent, recordingLogger } from './helpers.js';

const ENGINES = [
  ['Pipeline', (logger = recordingLogger()) => new Pipeline({ logger })],
  ['AsyncPipeline', (logger = recordingLogger()) => new AsyncPipeline({ logger })],
] as const;

describe.each(ENGINES)('%s blocked pipelines', (_label, make) => {
  it('raises before running anything when every component is blocked', async () => {
    let ran = false;
    const node = () =>
      makeComponent('Node', { value: z.number() }, { value: z.number() }, ({ value }) => {
        ran = true;
        return { value };
      });
    const p = make().addComponent('a', node()).addComponent('b', node()).connect('a', 'b').connect('b', 'a');
    const error = await p.run({}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PipelineComponentsBlockedError);
    expect(error).toBeInstanceOf(PipelineRuntimeError);
    expect((error as Error).message).toMatch(/Cannot run pipeline - all components are blocked/);
    expect(ran).toBe(false);
  });

  it('returns what it has and warns about the likely blocker when it blocks mid-run', async () => {
    const logger = recordingLogger();
    const first = makeComponent('First', {}, { value: z.number() }, () => ({}));
    const second = makeComponent('SimpleComponentTwoInputs', { a: z.number(), b: z.number() }, { out: z.number() }, ({ a, b }) => ({ out: a + b }));
    const p = make(logger).addComponent('first', first).addComponent('second', second).connect('first.value', 'second.a');
    expect(await p.run({ second: { b: 1 } })).toEqual({});
    expect(logger.warnings).toHaveLength(1);
    expect(logger.warnings[0]).toContain('Cannot run pipeline - the pipeline appears to be blocked.');
    expect(logger.warnings[0]).toContain("  - 'second' (SimpleComponentTwoInputs)");
  });

  it('does not warn when a branch was simply not taken', async () => {
    const logger = recordingLogger();
    const router = makeComponent('Router', { value: z.number() }, { even: z.number(), odd: z.number() }, ({ value }) =>
      value % 2 === 0 ? { even: value } : { odd: value },
    );
    const sink = () => makeComponent('Sink', { value: z.number() }, { value: z.number() }, ({ value }) => ({ value }));
    const p = make(logger).addComponent('router', router).addComponent('e', sink()).addComponent('o', sink());
    p.connect('router.even', 'e').connect('router.odd', 'o');
    expect(await p.run({ router: { value: 2 } })).toEqual({ e: { value: 2 } });
    expect(logger.warnings).toEqual([]);
  });
});
