import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { AsyncPipeline, Component } from '../../../src/index.js';
import { WorkerReconstructionError } from '../../../src/errors.js';
import { z } from 'zod';
import { Blocker, Doubler, Listener, Misplaced, PickyConstructor } from '../../fixtures/workers/worker-components.js';

const open: { close(): Promise<void> }[] = [];
const scratch = mkdtempSync(join(tmpdir(), 'haystack-ts-worker-abort-'));
let markers = 0;
afterEach(async () => {
  await Promise.all(open.splice(0).map((p) => p.close()));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function markerPath(): string {
  return join(scratch, `marker-${++markers}`);
}

/** Resolves once the component in the worker has written its start marker. */
async function startedIn(marker: string): Promise<void> {
  while (!existsSync(marker) || readFileSync(marker, 'utf8') === '') await new Promise((r) => setTimeout(r, 5));
}

const inputs = { value: z.number() };
const outputs = { value: z.number() };
class NoModule extends Component<typeof inputs, typeof outputs> {
  constructor() {
    super({ inputs, outputs });
  }
  run({ value }: { value: number }) {
    return { value };
  }
}

describe('worker reconstruction errors', () => {
  it('rejects at addComponent a class that declares no moduleUrl', () => {
    expect(() => new AsyncPipeline().addComponent('x', new NoModule(), { executor: 'worker' })).toThrow(WorkerReconstructionError);
    expect(() => new AsyncPipeline().addComponent('x', new NoModule(), { executor: 'worker' })).toThrow(/static readonly moduleUrl = import\.meta\.url/);
  });

  it('rejects at addComponent init parameters that do not serialize (a closure)', () => {
    const withClosure = new Doubler();
    Object.defineProperty(withClosure, 'initParameters', { value: { factor: () => 2 } });
    const error = (() => {
      try {
        new AsyncPipeline().addComponent('x', withClosure, { executor: 'worker' });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(WorkerReconstructionError);
    expect((error as WorkerReconstructionError).component).toBe('x');
    expect((error as Error).message).toMatch(/do not serialize/);
  });

  it('rejects unknown addComponent options and executors', () => {
    expect(() => new AsyncPipeline().addComponent('x', new Doubler(), { executer: 'worker' } as never)).toThrow(/unknown option 'executer'/);
    expect(() => new AsyncPipeline().addComponent('x', new Doubler(), { executor: 'thread' } as never)).toThrow(/expected executor to be 'inline' or 'worker', got 'thread'/);
    expect(() => new AsyncPipeline({ workerPool: { maxThreads: 0 } })).toThrow(/maxThreads to be an integer >= 1, got 0/);
  });

  it('fails at warmUp, before any component runs, when the worker cannot find the export', async () => {
    const pipeline = new AsyncPipeline().addComponent('x', new Misplaced(), { executor: 'worker' });
    open.push(pipeline);
    const error = await pipeline.warmUp().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkerReconstructionError);
    expect((error as Error).message).toMatch(/AsyncPipeline\.warmUp: component 'x'.*no export named 'Hidden'/s);
  });

  it('fails at warmUp when the constructor throws in the worker, naming the original error', async () => {
    const pipeline = new AsyncPipeline().addComponent('x', new PickyConstructor({ factor: -1 }), { executor: 'worker' });
    open.push(pipeline);
    const error = await pipeline.runAsync({ x: { value: 1 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkerReconstructionError);
    expect(((error as Error).cause as Error).message).toMatch(/factor must be >= 0 in a worker/);
  });
});

describe('worker cancellation', () => {
  it('aborts a listening component cooperatively, through its signal', async () => {
    const pipeline = new AsyncPipeline({ workerPool: { abortGraceMs: 60_000 } }).addComponent('l', new Listener(), { executor: 'worker' });
    open.push(pipeline);
    await pipeline.warmUp();
    const controller = new AbortController();
    const marker = markerPath();
    const running = pipeline.runAsync({ l: { ms: 60_000, markerFile: marker } }, { signal: controller.signal });
    await startedIn(marker);
    controller.abort(new Error('caller gave up'));
    // With a one-minute grace, only the component's own reaction can end the run this early, and
    // the marker shows that the component saw the signal before the run ended.
    await expect(running).rejects.toThrow('caller gave up');
    expect(readFileSync(marker, 'utf8')).toBe('started aborted');
  });

  it('terminates and replaces a worker that blocks and ignores the signal', async () => {
    const pipeline = new AsyncPipeline({ workerPool: { maxThreads: 1, abortGraceMs: 10 } }).addComponent('b', new Blocker(), { executor: 'worker' });
    open.push(pipeline);
    await pipeline.warmUp();
    const controller = new AbortController();
    const marker = markerPath();
    const running = pipeline.runAsync({ b: { ms: 60_000, markerFile: marker } }, { signal: controller.signal });
    // Aborting before the component starts would end the run without the worker ever blocking.
    await startedIn(marker);
    controller.abort(new Error('stop blocking'));
    await expect(running).rejects.toThrow('stop blocking');
    // The single thread was replaced: the pool still serves runs.
    expect((await pipeline.runAsync({ b: { ms: 1 } })).b?.done).toBe(true);
  });
});
