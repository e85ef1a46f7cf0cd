import { PipelineValidationError } from '../../errors.js';
import type { Logger } from '../logger.js';
import { NO_INPUTS, USER, inputsOf, type CompiledGraph, type ComponentInputs, type Entry, type Shared } from './compiled-graph.js';
import { sparesOf } from './run-spares.js';
import { describeValue } from '../../describe.js';

/**
 * Run data on its way to the initial input state (Haystack's `_prepare_component_input_data`):
 * the flat form (by socket name) spread over the components, then the caller's values placed in
 * the compiled graph's input slots.
 */

/** The user-value reference count: never the last holder, so every consumption is a copy. */
const CALLER: Shared = { holders: Infinity };

/** What {@link nestRunData} reads the pipeline's inputs from, only when the data is by socket name. */
export interface RunInputsSource {
  inputs(): Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/**
 * Run data in the by-component form: data is by component when every value is a plain object;
 * otherwise each key goes to every component with an input of that name among `source.inputs()`
 * (the pipeline's `inputs()`), and keys matching none are reported to `logger`.
 *
 * `inputs()` is asked for only in the second case: it walks the whole graph and builds an object
 * per component, which data by component (the common case, thousands of runs at once) never reads.
 *
 * @throws PipelineValidationError when `data` is not an object
 */
export function nestRunData(data: unknown, source: RunInputsSource, logger: Logger, where: string): Record<string, Record<string, unknown>> {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new PipelineValidationError(`${where}: expected the run data to be an object (by component or by socket name), got ${describeValue(data)}.`);
  }
  const record = data as Record<string, unknown>;
  // for-in with an own-key check rather than Object.keys(...).every(...): no key array or closure per run.
  let byComponent = true;
  for (const key in record) {
    if (hasOwn(record, key) && !isPlainObject(record[key])) {
      byComponent = false;
      break;
    }
  }
  if (byComponent) return record as Record<string, Record<string, unknown>>;
  const nested: Record<string, Record<string, unknown>> = {};
  const matched = new Set<string>();
  for (const [componentName, sockets] of Object.entries(source.inputs())) {
    for (const socketName of Object.keys(sockets)) {
      if (!Object.prototype.hasOwnProperty.call(record, socketName)) continue;
      (nested[componentName] ??= {})[socketName] = record[socketName];
      matched.add(socketName);
    }
  }
  const unmatched = Object.keys(record).filter((k) => !matched.has(k));
  if (unmatched.length > 0) {
    logger.warn(`${where}: Inputs ${JSON.stringify(unmatched)} were not matched to any component inputs, please check your run parameters.`, {
      keys: unmatched,
    });
  }
  return nested;
}

/**
 * The initial input state of a run: the caller's values (validated, by component) in their slots.
 * Only a component that is given a value gets a slot of its own; every other one shares
 * {@link NO_INPUTS} until something is written to it (thousands of runs may be in flight).
 */
export function initialInputState(graph: CompiledGraph, nested: Readonly<Record<string, Readonly<Record<string, unknown>>>>): ComponentInputs[] {
  const state = sparesOf(graph).takeState() ?? new Array<ComponentInputs>(graph.nodes.length).fill(NO_INPUTS);
  // for-in with an own-key check rather than Object.entries: no pair arrays per run.
  for (const componentName in nested) {
    if (!hasOwn(nested, componentName)) continue;
    const node = graph.byName.get(componentName)!;
    const values = nested[componentName]!;
    for (const socketName in values) {
      if (!hasOwn(values, socketName)) continue;
      const value = values[socketName];
      if (value === undefined) continue;
      // Stored bare, without a one-entry array (see SocketEntries): it stays for the whole run.
      const entry: Entry = { sender: USER, value, shared: CALLER };
      inputsOf(state, node)[node.inputByName.get(socketName)!.index] = entry;
    }
  }
  return state;
}

const hasOwn = (object: object, key: string): boolean => Object.prototype.hasOwnProperty.call(object, key);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
