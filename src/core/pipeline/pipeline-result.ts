import type { z } from 'zod';
import type { OutputsOf, RunOutputOf } from '../component/component.js';
import type { Simplify } from '../component/sockets.js';

/**
 * The result types of a pipeline run, per component entry.
 *
 * A component's entry is always optional: the graph cannot promise that a component runs (a
 * router's branch, a blocked receiver) nor that it has an unconsumed output. Inside an entry, a
 * socket is required when its presence follows from the entry's: the component has a single output
 * socket and its own `run` result declares that socket required (it always produces it), so an
 * entry that is there holds it. With several output sockets any one of them may have been consumed
 * by a receiver, so each stays optional.
 */

/** What the component's own `run`/`runAsync` resolves to. */
export type ProducedBy<X> = X extends { run(...args: never[]): infer R } ? Awaited<R> : never;

export type IsUnion<T, U = T> = T extends unknown ? ([U] extends [T] ? false : true) : never;
/** The keys of `T` that are required (not `?:`). */
export type RequiredKeysOf<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? never : K }[keyof T];

/** The one output socket's name, or `never` when the component has none or several. */
export type SoleOutput<X> = [keyof OutputsOf<X>] extends [never]
  ? never
  : true extends IsUnion<keyof OutputsOf<X>>
    ? never
    : string extends keyof OutputsOf<X>
      ? never
      : keyof OutputsOf<X>;

/** One component's entry in a pipeline result: see the module comment. */
export type PipelineResultEntry<X> = [SoleOutput<X>] extends [never]
  ? RunOutputOf<X>
  : SoleOutput<X> extends RequiredKeysOf<ProducedBy<X>>
    ? Simplify<{ [S in SoleOutput<X>]: z.output<OutputsOf<X>[S]> }>
    : RunOutputOf<X>;
