/**
 * The worker thread's side of worker execution (piscina's task handler, its default export).
 * A worker rebuilds each component once, from its module and serialized dict, warms it up once,
 * and keeps it for every later task of that component.
 */
import type { AnyComponent, RunContext } from '../core/component/component.js';
import { componentFromDict } from '../core/serialization/component-dict.js';
import { createDefaultRegistry } from '../serialization/builtins.js';
import type { SerializableClass } from '../core/serialization/registry.js';
import { decodeValue, encodeValue } from '../core/workers/value-codec.js';
import { ABORT_MESSAGE, type SerializedError, type WorkerComponentSpec, type WorkerReply, type WorkerTask } from '../core/workers/worker-protocol.js';

const built = new Map<string, Promise<AnyComponent>>();
const BARRIER_TIMEOUT_MS = 10_000;

async function build(spec: WorkerComponentSpec): Promise<AnyComponent> {
  const module = (await import(spec.moduleUrl)) as Record<string, unknown>;
  const cls = module[spec.exportName];
  if (typeof cls !== 'function') {
    throw new TypeError(`module '${spec.moduleUrl}' has no export named '${spec.exportName}' (found: ${Object.keys(module).join(', ') || 'none'}).`);
  }
  const registry = createDefaultRegistry();
  if (registry.resolve(spec.dict.type) !== cls) registry.register(cls as SerializableClass, { typeName: spec.dict.type });
  const instance = componentFromDict(spec.dict, { registry, name: spec.componentName });
  if (typeof instance.warmUp === 'function') await instance.warmUp();
  return instance;
}

function instanceFor(spec: WorkerComponentSpec): Promise<AnyComponent> {
  let pending = built.get(spec.id);
  if (pending === undefined) {
    pending = build(spec);
    built.set(spec.id, pending);
    // A failed build is retried by the next task rather than cached.
    pending.catch(() => built.delete(spec.id));
  }
  return pending;
}

function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) {
    // A subclass that does not set `name` still reports its own class.
    const ctor = error.constructor?.name;
    const name = error.name === 'Error' && ctor !== undefined && ctor !== '' ? ctor : error.name;
    return { name, message: error.message, stack: error.stack };
  }
  return { name: 'Error', message: String(error), stack: undefined };
}

export default async function handle(task: WorkerTask): Promise<WorkerReply> {
  let instance: AnyComponent;
  try {
    instance = await instanceFor(task.spec);
  } catch (error) {
    if (task.kind === 'run') task.abortPort.close();
    return { ok: false, phase: 'construct', error: serializeError(error) };
  }
  if (task.kind === 'warm') {
    Atomics.add(task.barrier, 0, 1);
    Atomics.notify(task.barrier, 0);
    // Bounded: a pool that cannot start every thread must not hang warmUp.
    const deadline = Date.now() + BARRIER_TIMEOUT_MS;
    for (let seen = Atomics.load(task.barrier, 0); seen < task.parties && Date.now() < deadline; seen = Atomics.load(task.barrier, 0)) {
      Atomics.wait(task.barrier, 0, seen, deadline - Date.now());
    }
    return { ok: true, outputs: undefined };
  }
  const port = task.abortPort;
  const controller = new AbortController();
  port.once('message', (message: unknown) => {
    if (message === ABORT_MESSAGE) controller.abort(new DOMException('AsyncPipeline: the run was aborted.', 'AbortError'));
  });
  const started = performance.now();
  try {
    const inputs = decodeValue(task.inputs) as Record<string, unknown>;
    const context: RunContext = { signal: controller.signal, componentName: task.spec.componentName };
    const result: unknown =
      task.preferAsync && typeof instance.runAsync === 'function'
        ? await instance.runAsync(inputs as never, context)
        : await instance.run(inputs as never, context);
    const outputs = encodeValue(result);
    return { ok: true, outputs, busyMs: performance.now() - started };
  } catch (error) {
    return { ok: false, phase: 'run', error: serializeError(error), busyMs: performance.now() - started };
  } finally {
    port.close();
  }
}
