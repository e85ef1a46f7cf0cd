import type { RunContext } from '../component/component.js';
import { PipelineRuntimeError, isErrorNamed } from '../../errors.js';
import type { Logger } from '../logger.js';
import { describeThrown } from '../thrown-value.js';
import type { CompiledNode } from './compiled-graph.js';
import { workerBindingOf } from '../workers/worker-binding.js';
import { remainingWorkMs } from '../workers/dispatch-priority.js';
import { componentPolicyOf, type ComponentPolicy } from './resilience.js';

/**
 * Calling one component and checking what it returned (Haystack's `_run_component` /
 * `_run_component_async`, minus tracing).
 */

/**
 * Calls `runAsync` when asked and available, else `run`; both may return a promise. A component
 * bound to a worker thread is called there instead (same choice of method).
 */
export function callComponent(node: CompiledNode, inputs: Record<string, unknown>, context: RunContext, preferAsync: boolean): unknown {
  // addComponent's timeout/retry/concurrencyLimit wrap each attempt (resilience.ts).
  const policy = componentPolicyOf(node.instance);
  if (policy !== undefined) return callWithPolicy(policy, node, inputs, context, preferAsync);
  return callOnce(node, inputs, context, preferAsync);
}

/**
 * In a function of its own: a closure in {@link callComponent} would make every call allocate the
 * context of its captured parameters, policy or not.
 */
function callWithPolicy(
  policy: ComponentPolicy,
  node: CompiledNode,
  inputs: Record<string, unknown>,
  context: RunContext,
  preferAsync: boolean,
): unknown {
  return policy.call(node, context, (attempt) => callOnce(node, inputs, attempt, preferAsync));
}

function callOnce(node: CompiledNode, inputs: Record<string, unknown>, context: RunContext, preferAsync: boolean): unknown {
  const instance = node.instance;
  const worker = workerBindingOf(instance);
  if (worker !== undefined) return worker.pool.call(worker.spec, inputs, context, preferAsync, () => remainingWorkMs(node));
  // Looked up at call time: the instance's methods may be replaced (spies, tracing wrappers).
  if (preferAsync && typeof instance.runAsync === 'function') return instance.runAsync(inputs as never, context);
  return instance.run(inputs as never, context);
}

/**
 * The error a component failure surfaces as: a `PipelineRuntimeError` naming the component, with
 * the original error (or whatever was thrown: a string, a plain object, `undefined`) as `cause`,
 * rendered readably in the message. A `PipelineRuntimeError` thrown by the component itself (a nested
 * pipeline) is re-thrown unchanged rather than wrapped twice.
 */
export function componentFailure(
  where: string,
  node: CompiledNode,
  error: unknown,
  partialOutputs: Record<string, Record<string, unknown>>,
): unknown {
  if (isErrorNamed(error, PipelineRuntimeError)) return error;
  return new PipelineRuntimeError(
    `${where}: The following component failed to run:\nComponent name: '${node.name}'\nComponent type: '${node.className}'\nError: ${describeThrown(error)}`,
    { component: node.name, componentType: node.className, cause: error, partialOutputs: { ...partialOutputs } },
  );
}

/**
 * Checks a component's result: it must be a plain object (Haystack: a Mapping). Keys that are not
 * declared output sockets are reported once per run of the component, unless it declares none.
 */
export function checkOutputs(
  where: string,
  node: CompiledNode,
  outputs: unknown,
  logger: Logger,
  partialOutputs: Record<string, Record<string, unknown>>,
): Record<string, unknown> {
  let record: Record<string, unknown> | undefined;
  try {
    if (typeof outputs === 'object' && outputs !== null && !Array.isArray(outputs)) record = snapshot(outputs, node.newOutputs());
  } catch (error) {
    // A throwing getter or Proxy trap is the component's fault, reported as its failure.
    throw componentFailure(where, node, error, partialOutputs);
  }
  if (record === undefined) {
    const got = outputs === null ? 'null' : Array.isArray(outputs) ? 'an array' : typeof outputs;
    throw new PipelineRuntimeError(
      `${where}: The following component returned an invalid output:\nComponent name: '${node.name}'\nComponent type: '${node.className}'\n` +
        `Expected an object, but got ${got} instead.\nCheck the component's output and ensure it is an object keyed by output socket name.`,
      { component: node.name, componentType: node.className, partialOutputs: { ...partialOutputs } },
    );
  }
  const declared = node.declaredOutputs;
  if (declared.size > 0) {
    let undeclared: string[] | undefined;
    for (const key in record) if (!declared.has(key)) (undeclared ??= []).push(key);
    if (undeclared) {
      logger.warn(
        `${where}: Component '${node.name}' (type: ${node.className}) returned output keys ${JSON.stringify(undeclared)} that are not ` +
          `declared in its output types. These keys will be ignored and not passed to downstream components. Make sure the ` +
          `component's output keys match its declared output sockets.`,
        { component: node.name, keys: undeclared },
      );
    }
  }
  return record;
}

/**
 * The returned object's own enumerable entries, read once into a plain object: getters and Proxy
 * traps run here, where their failure is attributed to the component, and never again later (when
 * outputs are delivered, reported or yielded).
 */
function snapshot(outputs: object, record: Record<string, unknown>): Record<string, unknown> {
  const source = outputs as Record<string, unknown>;
  // for-in with an own-key check: the own enumerable string keys in Object.keys order, without a key array per call.
  for (const key in source) {
    if (!Object.prototype.hasOwnProperty.call(source, key)) continue;
    const value = source[key];
    if (key === '__proto__') Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
    else record[key] = value;
  }
  return record;
}
