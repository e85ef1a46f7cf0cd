import { randomUUID } from 'node:crypto';
import type { AnyComponent } from '../component/component.js';
import { WorkerReconstructionError } from '../../errors.js';
import { componentToDict } from '../serialization/component-dict.js';
import type { ComponentWorkerPool } from './worker-pool.js';
import type { WorkerComponentSpec } from './worker-protocol.js';

/** A component that runs in a worker: how to rebuild it, and the pool of the pipeline it is in. */
export interface WorkerBinding {
  readonly spec: WorkerComponentSpec;
  readonly pool: ComponentWorkerPool;
}

// Looked up by the engine's one component call site (run-component.ts).
const bindings = new WeakMap<AnyComponent, WorkerBinding>();

export function workerBindingOf(instance: AnyComponent): WorkerBinding | undefined {
  return bindings.get(instance);
}

export function bindToWorker(instance: AnyComponent, binding: WorkerBinding): void {
  bindings.set(instance, binding);
}

export function unbindFromWorker(instance: AnyComponent): void {
  bindings.delete(instance);
}

/**
 * What a worker needs to rebuild `instance`: the module its class is exported from (the class's
 * static `moduleUrl`, normally `import.meta.url`) and its serialized dict, checked now so that a
 * component that cannot travel fails at `addComponent`, not in the middle of a run.
 *
 * @throws WorkerReconstructionError when the class declares no module or the dict does not serialize
 */
export function describeForWorker(instance: AnyComponent, name: string, where: string): WorkerComponentSpec {
  const cls = instance.constructor as { name: string; moduleUrl?: unknown };
  const moduleUrl = cls.moduleUrl;
  if (typeof moduleUrl !== 'string' || !URL.canParse(moduleUrl)) {
    throw new WorkerReconstructionError(
      `${where}: component '${name}' of class ${cls.name} cannot run in a worker thread: its class declares no module to rebuild it from. ` +
        `Export the class by name and add 'static readonly moduleUrl = import.meta.url;' to it (got moduleUrl ${moduleUrl === undefined ? 'undefined' : JSON.stringify(moduleUrl)}).`,
      { component: name },
    );
  }
  let dict;
  try {
    dict = componentToDict(instance, name);
    structuredClone(dict);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new WorkerReconstructionError(
      `${where}: component '${name}' of class ${cls.name} cannot run in a worker thread: its init parameters do not serialize (${message}). ` +
        "Pass only plain data to its constructor (and list it in 'initParameters'), or give it a toDict()/fromDict() pair.",
      { component: name, cause: error },
    );
  }
  return { id: randomUUID(), componentName: name, moduleUrl, exportName: cls.name, dict };
}
