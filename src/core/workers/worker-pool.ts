import { MessageChannel } from 'node:worker_threads';
import type { Piscina } from 'piscina';
import type { RunContext } from '../component/component.js';
import { ComponentError, WorkerReconstructionError } from '../../errors.js';
import { importOptional } from '../optional-package.js';
import { DispatchQueue } from './dispatch-queue.js';
import { decodeValue, encodeRecord } from './value-codec.js';
import type { ResolvedWorkerPoolOptions } from './executor-options.js';
import { ABORT_MESSAGE, type SerializedError, type WorkerComponentSpec, type WorkerReply, type WorkerTask } from './worker-protocol.js';

// Running from TypeScript sources (tsx, vitest), workers start from a bootstrap that registers tsx.
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const WORKER_FILE = new URL(FROM_SOURCE ? '../../workers/source-worker.mjs' : '../../workers/component-worker.js', import.meta.url).href;

/** An error rebuilt from what a worker sent: its class name, message and stack, as thrown there. */
export function reviveError(error: SerializedError): Error {
  const revived = new Error(error.message);
  revived.name = error.name;
  if (error.stack !== undefined) revived.stack = error.stack;
  return revived;
}

/**
 * One pipeline's worker threads (a piscina pool), created on first use and destroyed by `close()`.
 * The pool is reopened if the pipeline runs again after closing.
 */
export class ComponentWorkerPool {
  readonly #options: ResolvedWorkerPoolOptions;
  #pool: Promise<Piscina> | undefined;
  readonly #warm = new Map<string, Promise<void>>();
  /** Calls handed to piscina and not yet settled; at most the pool's thread count. */
  #busy = 0;
  /** Calls waiting for a thread, in {@link call}'s priority order. */
  readonly #waiting = new DispatchQueue<() => void>();
  /** Per component (spec id), a moving average of how long one call held its thread, in ms. */
  readonly #occupancy = new Map<string, number>();

  constructor(options: ResolvedWorkerPoolOptions) {
    this.#options = options;
  }

  #open(): Promise<Piscina> {
    this.#pool ??= openPool(this.#options).catch((error: unknown) => {
      this.#pool = undefined;
      throw error;
    });
    return this.#pool;
  }

  /** Builds and warms the component in every thread of the pool, once per spec (threads started later do so on first use). */
  warm(spec: WorkerComponentSpec, where: string): Promise<void> {
    let pending = this.#warm.get(spec.id);
    if (pending === undefined) {
      pending = this.#open().then(async (pool) => {
        let replies: WorkerReply[];
        const parties = pool.options.maxThreads;
        const barrier = new Int32Array(new SharedArrayBuffer(4));
        try {
          const task: WorkerTask = { kind: 'warm', spec, barrier, parties };
          replies = (await Promise.all(Array.from({ length: parties }, () => pool.run(task)))) as WorkerReply[];
        } catch (error) {
          // The worker itself failed to start or load its entry.
          throw reconstructionError(spec, { name: (error as Error).name ?? 'Error', message: String((error as Error).message ?? error), stack: (error as Error).stack }, where);
        }
        for (const reply of replies) if (!reply.ok) throw reconstructionError(spec, reply.error, where);
      });
      this.#warm.set(spec.id, pending);
      pending.catch(() => this.#warm.delete(spec.id));
    }
    return pending;
  }

  /**
   * Runs the component once in a worker. On abort the worker is asked to abort the component's
   * signal; if the component has not finished `abortGraceMs` later, its worker is terminated
   * (piscina starts a fresh one) and the call rejects with the run's abort reason.
   */
  async call(
    spec: WorkerComponentSpec,
    inputs: Record<string, unknown>,
    context: RunContext,
    preferAsync: boolean,
    priority: () => number,
  ): Promise<unknown> {
    const pool = await this.#open();
    const signal = context.signal;
    signal.throwIfAborted();
    await this.#acquire(pool.options.maxThreads, priority, signal);
    try {
      return await this.#dispatch(pool, spec, inputs, context, preferAsync);
    } finally {
      this.#release();
    }
  }

  /**
   * How long one call of the component held its thread, averaged over its recent calls (ms), or 0
   * before its first call. The engine ranks waiting calls by it (dispatch-priority.ts).
   */
  occupancyMs(spec: WorkerComponentSpec): number {
    return this.#occupancy.get(spec.id) ?? 0;
  }

  /**
   * Waits for one of the pool's threads. When every thread is busy, the call queues and the
   * highest `priority()` goes first: piscina would serve its queue first come, first served, so a
   * short branch that happened to be ready early could hold a thread while the long one waits.
   */
  #acquire(threads: number, priority: () => number, signal: AbortSignal): Promise<void> | undefined {
    if (this.#busy < threads) {
      this.#busy++;
      return undefined;
    }
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        if (this.#waiting.remove(start)) reject(signal.reason);
      };
      // The slot passes from the releasing call to this one: #busy does not change.
      const start = (): void => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.#waiting.push(start, priority());
    });
  }

  /**
   * Frees a thread. With calls waiting, the choice waits for the event loop's next turn: the call
   * that just finished usually makes its successors ready, and they reach {@link call} in the
   * microtasks that follow its settling; choosing at once would hand the thread to whatever was
   * already waiting, however short, ahead of the chain that just advanced.
   */
  #release(): void {
    if (this.#waiting.size === 0) {
      this.#busy--;
      return;
    }
    setImmediate(() => {
      const next = this.#waiting.shift();
      if (next === undefined) this.#busy--;
      else next();
    });
  }

  async #dispatch(pool: Piscina, spec: WorkerComponentSpec, inputs: Record<string, unknown>, context: RunContext, preferAsync: boolean): Promise<unknown> {
    const signal = context.signal;
    signal.throwIfAborted();
    const { port1, port2 } = new MessageChannel();
    const kill = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onAbort = (): void => {
      port1.postMessage(ABORT_MESSAGE);
      timer = setTimeout(() => kill.abort(signal.reason), this.#options.abortGraceMs);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    let reply: WorkerReply;
    try {
      const task: WorkerTask = { kind: 'run', spec, inputs: encodeRecord(inputs), preferAsync, abortPort: port2 };
      reply = (await pool.run(task, { signal: kill.signal, transferList: [port2] })) as WorkerReply;
    } catch (error) {
      if (kill.signal.aborted) throw signal.reason;
      throw error;
    } finally {
      signal.removeEventListener('abort', onAbort);
      if (timer !== undefined) clearTimeout(timer);
      port1.close();
    }
    if (reply.busyMs !== undefined) this.#recordOccupancy(spec, reply.busyMs);
    if (reply.ok) return decodeValue(reply.outputs);
    if (reply.phase === 'construct') throw reconstructionError(spec, reply.error, `${context.componentName}: worker`);
    throw reviveError(reply.error);
  }

  #recordOccupancy(spec: WorkerComponentSpec, ms: number): void {
    const previous = this.#occupancy.get(spec.id);
    // Half weight on the newest call: follows a change of input size within a few calls.
    this.#occupancy.set(spec.id, previous === undefined ? ms : (previous + ms) / 2);
  }

  /** Terminates every worker; in-flight calls reject. Safe to call more than once. */
  async close(): Promise<void> {
    const pending = this.#pool;
    this.#pool = undefined;
    this.#warm.clear();
    if (pending === undefined) return;
    let pool: Piscina;
    try {
      pool = await pending;
    } catch {
      return;
    }
    await pool.destroy();
  }
}

function reconstructionError(spec: WorkerComponentSpec, error: SerializedError, where: string): WorkerReconstructionError {
  return new WorkerReconstructionError(
    `${where}: component '${spec.componentName}' could not be rebuilt in a worker thread from '${spec.moduleUrl}' ` +
      `(export '${spec.exportName}'): ${error.name}: ${error.message}. The class must be a named export of its moduleUrl and ` +
      'constructible from its serialized init parameters.',
    { component: spec.componentName, cause: reviveError(error) },
  );
}

async function openPool(options: ResolvedWorkerPoolOptions): Promise<Piscina> {
  const { Piscina: PiscinaClass } = await importOptional<typeof import('piscina')>(
    {
      name: 'piscina',
      where: 'ComponentWorkerPool',
      notInstalled: "ComponentWorkerPool: running components in worker threads needs the optional peer dependency 'piscina': npm install piscina",
      reinstall: 'npm install piscina',
    },
    () => import('piscina'),
    (message, cause) => new ComponentError(message, { cause }),
  );
  return new PiscinaClass({
    filename: WORKER_FILE,
    ...(options.maxThreads === undefined ? {} : { maxThreads: options.maxThreads, minThreads: options.maxThreads }),
  });
}
