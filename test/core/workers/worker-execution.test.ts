import { afterEach, describe, expect, it } from 'vitest';
import { threadId } from 'node:worker_threads';
import { AsyncPipeline, Pipeline, PipelineRuntimeError } from '../../../src/index.js';
import { ChatMessage } from '../../../src/dataclasses/chat-message.js';
import { Document } from '../../../src/dataclasses/document.js';
import { WorkerReconstructionError } from '../../../src/errors.js';
import { Blocker, Doubler, Listener, Tagger, Thrower, WarmCounter, WorkerByDefault } from '../../fixtures/workers/worker-components.js';

const open: { close(): Promise<void> }[] = [];
function track<P extends { close(): Promise<void> }>(pipeline: P): P {
  open.push(pipeline);
  return pipeline;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((p) => p.close()));
});

// Every pipeline here starts worker threads that load tsx: well beyond the suite's 20 s on a loaded
// machine (one test timed out so). Nothing here asserts how fast a worker starts.
describe('worker execution', { timeout: 60_000 }, () => {
  it('runs a worker component off the main thread and returns its outputs', async () => {
    const pipeline = track(new AsyncPipeline().addComponent('double', new Doubler({ factor: 3 }), { executor: 'worker' }));
    const result = await pipeline.runAsync({ double: { value: 2 } });
    expect(result.double?.value).toBe(6);
    expect(result.double?.threadId).not.toBe(threadId);
  });

  it('keeps inline components on the main thread by default', async () => {
    const pipeline = track(new AsyncPipeline().addComponent('double', new Doubler({ factor: 3 })));
    expect((await pipeline.runAsync({ double: { value: 2 } })).double?.threadId).toBe(threadId);
  });

  it("takes the class's static executor, the pipeline default, and lets addComponent override both", async () => {
    const pipeline = track(
      new AsyncPipeline({ executor: 'worker' })
        .addComponent('byClass', new WorkerByDefault())
        .addComponent('byPipeline', new Doubler())
        .addComponent('inline', new Doubler(), { executor: 'inline' }),
    );
    const result = await pipeline.runAsync({ byClass: { value: 1 }, byPipeline: { value: 1 }, inline: { value: 1 } });
    expect(result.byClass?.threadId).not.toBe(threadId);
    expect(result.byPipeline?.threadId).not.toBe(threadId);
    expect(result.inline?.threadId).toBe(threadId);
  });

  it('runs worker components in the sequential Pipeline too', async () => {
    const pipeline = track(new Pipeline().addComponent('double', new Doubler(), { executor: 'worker' }));
    expect((await pipeline.run({ double: { value: 4 } })).double?.value).toBe(8);
  });

  it('revives Documents and ChatMessages as real instances with their ids, both ways', async () => {
    const pipeline = track(new AsyncPipeline().addComponent('tag', new Tagger(), { executor: 'worker' }));
    const doc = new Document({ content: 'hello', meta: { lang: 'en' }, embedding: [0.5, 0.25] });
    const message = ChatMessage.fromUser('hi');
    const result = await pipeline.runAsync({ tag: { documents: [doc], messages: [message] } });
    const out = result.tag!;
    expect(out.seenAsInstances).toBe(true);
    const [revived] = out.documents ?? [];
    expect(revived).toBeInstanceOf(Document);
    expect(revived?.id).toBe(doc.id);
    expect(revived?.content).toBe('hello!');
    expect(revived?.embedding).toEqual([0.5, 0.25]);
    expect(out.messages?.map((m) => m instanceof ChatMessage)).toEqual([true, true]);
    expect(out.messages?.[1]?.text).toBe('seen 1');
  });

  it("surfaces a worker's error as PipelineRuntimeError with the original class name, message and stack", async () => {
    const pipeline = track(new AsyncPipeline().addComponent('boom', new Thrower(), { executor: 'worker' }));
    const error = await pipeline.runAsync({ boom: { value: 7 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PipelineRuntimeError);
    expect((error as PipelineRuntimeError).component).toBe('boom');
    const cause = (error as Error).cause as Error;
    expect(cause.name).toBe('CustomFailure');
    expect(cause.message).toBe('bad value 7');
    expect(cause.stack).toContain('Thrower.run');
    expect(cause.stack).toContain('worker-components.ts');
  });

  it('warms a component up once per worker, never on the main thread', async () => {
    const counter = new WarmCounter();
    const pipeline = track(new AsyncPipeline({ workerPool: { maxThreads: 2 } }));
    for (let i = 0; i < 4; i++) pipeline.addComponent(`c${i}`, i === 0 ? counter : new WarmCounter(), { executor: 'worker' });
    for (let round = 0; round < 3; round++) {
      const result = await pipeline.runAsync({ c0: { value: 0 }, c1: { value: 1 }, c2: { value: 2 }, c3: { value: 3 } });
      for (const out of Object.values(result)) expect(out.warmUps).toBe(1);
    }
    await pipeline.warmUp();
    expect((await pipeline.runAsync({ c0: { value: 0 }, c1: { value: 1 }, c2: { value: 2 }, c3: { value: 3 } })).c0?.warmUps).toBe(1);
  });
});
