/**
 * A component whose `warmUp()` fails stops the run with a PipelineWarmUpError that names it and
 * keeps what it threw (Haystack lets the raw exception escape: a deliberate difference).
 */
import { describe, expect, it } from 'vitest';
import { AsyncPipeline, Pipeline, PipelineRuntimeError, PipelineWarmUpError, defineComponent, isErrorNamed, isHaystackError } from '../../../src/index.js';
import { RUNNERS, rejection } from './runners.js';
import { warmingComponent } from '../../helpers/warming-component.js';


describe.each(RUNNERS)('a failing warmUp() ($label)', (runner) => {
  it('names the component, keeps the cause, warms nothing after it and runs nothing', async () => {
    const log: string[] = [];
    const cause = new Error('model file missing');
    const error = await rejection(
      runner.run((p) => {
        p.addComponent('ok', warmingComponent(log, 'ok')).addComponent('broken', warmingComponent(log, 'broken', cause)).addComponent('later', warmingComponent(log, 'later'));
      }, {}),
    );
    expect(error).toBeInstanceOf(PipelineWarmUpError);
    expect(isErrorNamed(error, PipelineRuntimeError)).toBe(true);
    const failure = error as PipelineWarmUpError;
    expect(failure.name).toBe('PipelineWarmUpError');
    expect(failure.component).toBe('broken');
    expect(failure.componentType).toBe('Warm');
    expect(failure.cause).toBe(cause);
    expect(failure.message).toMatch(/^(Async)?Pipeline\.warmUp: The component 'broken' \(type: 'Warm'\) failed to warm up: model file missing/);
    expect(log).toEqual(['warm ok', 'warm broken']);
  });

  it('renders a non-Error thrown by warmUp() readably', async () => {
    const error = (await rejection(runner.run((p) => void p.addComponent('broken', warmingComponent([], 'broken', { code: 'ENOENT' })), {}))) as PipelineWarmUpError;
    expect(error.message).toMatch(/failed to warm up: \{ code: 'ENOENT' \}/);
    expect(error.cause).toEqual({ code: 'ENOENT' });
  });
});

describe('warmUp() called directly', () => {
  it.each([
    ['Pipeline', () => new Pipeline()],
    ['AsyncPipeline', () => new AsyncPipeline()],
  ] as const)('%s.warmUp rejects with the typed error', async (_label, make) => {
    const error = await rejection(make().addComponent('broken', warmingComponent([], 'broken', new Error('no'))).warmUp());
    expect(isHaystackError(error)).toBe(true);
    expect(error).toBeInstanceOf(PipelineWarmUpError);
  });

  it("passes a nested pipeline's warm-up error through, naming the inner component", async () => {
    const inner = new Pipeline().addComponent('deep', warmingComponent([], 'deep', new Error('inner')));
    const Wrapper = defineComponent({ name: 'Wrapper', inputs: {}, outputs: {}, run: () => ({}), warmUp: () => inner.warmUp() });
    const error = (await rejection(new Pipeline().addComponent('outer', new Wrapper()).warmUp())) as PipelineWarmUpError;
    expect(error.component).toBe('deep');
  });
});
