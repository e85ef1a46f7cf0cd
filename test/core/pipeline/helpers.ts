/**
 * Small building blocks for the engine tests: explicit promise control (no timers), components
 * made from functions, and a logger that records warnings.
 */
import { z } from 'zod';
import { defineComponent, type InputSchemas, type Logger, type OutputSchemas, type RunContext, type RunInput, type RunOutput } from '../../../src/index.js';

export interface Deferred<T = void> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
  reject(reason: unknown): void;
}

export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets every pending microtask and I/O callback run (no wall-clock timing involved). */
export function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A component class from one function, with an optional async variant. */
export function makeComponent<I extends InputSchemas, O extends OutputSchemas>(
  name: string,
  inputs: I,
  outputs: O,
  run: (input: RunInput<I>, context?: RunContext) => RunOutput<O> | Promise<RunOutput<O>>,
  runAsync?: (input: RunInput<I>, context?: RunContext) => Promise<RunOutput<O>>,
) {
  const Cls = defineComponent({ name, inputs, outputs, run, ...(runAsync ? { runAsync } : {}) });
  return new Cls();
}

/** A component that passes `value` through, recording its calls. */
export function passThrough(name = 'PassThrough', calls: unknown[] = []) {
  return makeComponent(name, { value: z.number() }, { value: z.number() }, (input) => {
    calls.push(input.value);
    return { value: input.value };
  });
}

/**
 * An async component whose run waits until the test opens its gate. It records whether it
 * started, finished, or saw its signal aborted, and how many gates are running at once.
 */
export class GateProbe {
  running = 0;
  maxRunning = 0;
  readonly started: string[] = [];
  readonly finished: string[] = [];
  readonly aborted: string[] = [];
  readonly #gates = new Map<string, Deferred>();

  gate(name: string): Deferred {
    let g = this.#gates.get(name);
    if (!g) this.#gates.set(name, (g = deferred()));
    return g;
  }

  open(name: string): void {
    this.gate(name).resolve();
  }

  component(name: string) {
    const probe = this;
    return makeComponent(
      'Gated',
      { value: z.number().optional() },
      { value: z.number() },
      () => {
        throw new Error('the async engine should call runAsync');
      },
      async (input, context) => {
        probe.started.push(name);
        probe.running++;
        probe.maxRunning = Math.max(probe.maxRunning, probe.running);
        let onAbort = (): void => void probe.aborted.push(name);
        try {
          await Promise.race([
            probe.gate(name).promise,
            new Promise<never>((_, reject) => {
              onAbort = () => {
                probe.aborted.push(name);
                reject(context?.signal.reason);
              };
              if (context?.signal.aborted) onAbort();
              else context?.signal.addEventListener('abort', onAbort, { once: true });
            }),
          ]);
          probe.finished.push(name);
          return { value: (input.value ?? 0) + 1 };
        } finally {
          probe.running--;
          context?.signal.removeEventListener('abort', onAbort);
        }
      },
    );
  }
}

/** A logger that records warnings. */
export function recordingLogger(): Logger & { readonly warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, warn: (message: string) => void warnings.push(message) };
}
