import type { Logger } from '../logger.js';
import type { CompiledNode } from './compiled-graph.js';
import { isPromiseLike } from './promise-like.js';

/**
 * The engine's leveled, structured logs around one component run (Haystack logs "Running
 * component {name}" at INFO). With a logger that has neither `info` nor `debug` (the default
 * `consoleLogger`), the call goes straight through: no message, fields or clock reads.
 *
 * - INFO `Running component <name>` with `{ component, componentType, visit }` before the call;
 * - DEBUG `Component <name> finished in <ms> ms` (or `failed after`) with the same fields plus
 *   `durationMs` (and `error`, the thrown value's name) when it settles.
 *
 * `visit` counts from 1: the run about to happen is the component's `visit`-th in this pipeline run.
 */
export function withComponentLog(logger: Logger, node: CompiledNode, visit: number, call: () => unknown): unknown {
  const info = logger.info;
  const debug = logger.debug;
  if (info === undefined && debug === undefined) return call();
  const fields = { component: node.name, componentType: node.className, visit };
  info?.call(logger, `Running component ${node.name}`, fields);
  if (debug === undefined) return call();
  const started = performance.now();
  const settled = (error: unknown, failed: boolean): void => {
    const durationMs = Math.round((performance.now() - started) * 1000) / 1000;
    if (failed) {
      const name = error instanceof Error ? error.name : typeof error;
      debug.call(logger, `Component ${node.name} failed after ${durationMs} ms`, { ...fields, durationMs, error: name });
    } else {
      debug.call(logger, `Component ${node.name} finished in ${durationMs} ms`, { ...fields, durationMs });
    }
  };
  let result: unknown;
  try {
    result = call();
  } catch (error) {
    settled(error, true);
    throw error;
  }
  if (!isPromiseLike(result)) {
    settled(undefined, false);
    return result;
  }
  return Promise.resolve(result).then(
    (value) => {
      settled(undefined, false);
      return value;
    },
    (error: unknown) => {
      settled(error, true);
      throw error;
    },
  );
}
