import type { MessagePort } from 'node:worker_threads';
import type { ComponentDict } from '../component/component.js';

/**
 * What crosses between the pipeline and its worker threads. Only plain data: a component travels
 * as the module that exports its class plus its serialized dict, and is rebuilt on the other side.
 */

/** How a worker rebuilds one component. */
export interface WorkerComponentSpec {
  /** Unique per `addComponent`: a worker caches the instance it built under it. */
  readonly id: string;
  /** The component's name in the pipeline, for messages. */
  readonly componentName: string;
  /** The module URL the class is exported from (its static `moduleUrl`). */
  readonly moduleUrl: string;
  /** The name of the export: the class name. */
  readonly exportName: string;
  /** `componentToDict` of the instance when it was added. */
  readonly dict: ComponentDict;
}

/** Build (and warm up) the component in this worker. */
export interface WarmTask {
  readonly kind: 'warm';
  readonly spec: WorkerComponentSpec;
  /**
   * A counter every warm task of one `warmUp` increments, then waits on until all `parties` have:
   * a worker held at the barrier takes no second warm task, so each thread warms up once.
   */
  readonly barrier: Int32Array;
  readonly parties: number;
}

/** Run the component once. */
export interface RunTask {
  readonly kind: 'run';
  readonly spec: WorkerComponentSpec;
  /** Inputs, dataclasses encoded (see value-codec.ts). */
  readonly inputs: Record<string, unknown>;
  /** Call `runAsync` when the class has one (the async engine), else `run`. */
  readonly preferAsync: boolean;
  /** Receives one message when the run is aborted, so the component's `context.signal` aborts. */
  readonly abortPort: MessagePort;
}

export type WorkerTask = WarmTask | RunTask;

/** An error as it left the worker. */
export interface SerializedError {
  readonly name: string;
  readonly message: string;
  readonly stack: string | undefined;
}

/** `busyMs`: how long a run task held the thread (decode, the component's call, encode), for dispatch order. */
export type WorkerReply =
  | { readonly ok: true; readonly outputs: unknown; readonly busyMs?: number }
  | { readonly ok: false; readonly phase: 'construct' | 'run'; readonly error: SerializedError; readonly busyMs?: number };

/** The message posted on `abortPort`. */
export const ABORT_MESSAGE = 'abort';
