import { cloneValue } from './clone.js';
import { PipelineRuntimeError } from '../../errors.js';
import { describeThrown } from '../thrown-value.js';
import { NO_OUTPUT, USER, dropList, dropSlot, entryList, hasEntries, type CompiledInput, type CompiledNode, type ComponentInputs, type Entry, type SocketEntries } from './compiled-graph.js';

/**
 * Takes the values a component is about to run with out of the run's input state (Haystack's
 * `_consume_component_inputs` followed by `_add_missing_input_defaults`).
 *
 * - standard socket: the first real value; greedy: `[first real value]`; lazy variadic: every real
 *   value in write order, flattened one level for auto-variadic list sockets (so real values that
 *   are all empty lists give `[]`);
 * - afterwards only the caller's values stay (they are sticky), except on greedy sockets, which
 *   are emptied;
 * - optional sockets that got nothing receive their default (`[default]` when variadic).
 *
 * Each value is handed over by {@link takeValue}: a copy when someone else still holds it.
 */
export function consumeInputs(node: CompiledNode, state: ComponentInputs[], where = 'Pipeline.run'): Record<string, unknown> {
  const inputs = state[node.index]!;
  const consumed = node.newInputs();
  let any = false;
  for (const socket of node.inputs) {
    const entries = inputs[socket.index];
    if (!hasEntries(entries)) {
      if (!socket.isMandatory) consumed[socket.name] = socket.isVariadic ? [socket.defaultValue] : socket.defaultValue;
      continue;
    }
    any = true;
    try {
      consumeSocket(socket, entries, consumed);
    } catch (error) {
      throw copyFailure(where, node, socket, error);
    }
  }
  // Only once every socket was taken (a failed copy leaves the state as it was), and in place: the
  // component's slot is reused rather than replaced by a new array at every visit.
  if (any) {
    let left = false;
    for (const socket of node.inputs) {
      const entries = inputs[socket.index];
      if (!hasEntries(entries)) continue;
      const kept = socket.isGreedy ? undefined : callerEntries(entries);
      inputs[socket.index] = kept;
      if (kept !== entries) dropList(entries);
      if (kept !== undefined) left = true;
    }
    // Nothing left waiting (a chain's inner steps): the slot goes back to the shared empty one, so a
    // run suspended in a later step holds no slot for this component, and its array to the spares.
    if (!left) dropSlot(state, node);
  }
  return consumed;
}

/** The caller's entries among `entries` (they are sticky): the same array (or lone entry) when it holds nothing else. */
function callerEntries(entries: Entry | Entry[]): SocketEntries {
  if (!Array.isArray(entries)) return entries;
  let others = 0;
  for (const e of entries) if (e.sender !== USER) others++;
  if (others === 0) return entries;
  if (others === entries.length) return undefined;
  const kept: Entry[] = [];
  for (const e of entries) if (e.sender === USER) kept.push(e);
  return kept;
}

function consumeSocket(socket: CompiledInput, stored: Entry | Entry[], consumed: Record<string, unknown>): void {
  // The caller's lone entry (see SocketEntries), a real value: taken as the first real value of a
  // list would be; a lazy socket reads it through the list's loop.
  if (!Array.isArray(stored) && !socket.isLazy) {
    const v = takeValue(stored);
    consumed[socket.name] = socket.isGreedy ? [v] : v;
    return;
  }
  const entries = entryList(stored);
  if (socket.isLazy) {
    const values: unknown[] = [];
    // Whether a real value arrived, not whether the flattened list is empty: empty lists from
    // every sender still make `[]` (Haystack tests the values before it flattens them).
    let arrived = false;
    for (const e of entries) {
      if (e.value === NO_OUTPUT) continue;
      arrived = true;
      const v = takeValue(e);
      if (socket.wrapInputInList) values.push(v);
      else if (Array.isArray(v)) for (const item of v) values.push(item);
      else values.push(v);
    }
    if (arrived) consumed[socket.name] = values;
    else if (!socket.isMandatory) consumed[socket.name] = [socket.defaultValue];
    return;
  }
  let taken = false;
  for (const e of entries) {
    if (!taken && e.value !== NO_OUTPUT) {
      const v = takeValue(e);
      consumed[socket.name] = socket.isGreedy ? [v] : v;
      taken = true;
    } else if (e.sender !== USER) {
      release(e);
    }
  }
  if (!taken && !socket.isMandatory) consumed[socket.name] = socket.isVariadic ? [socket.defaultValue] : socket.defaultValue;
}

/** Copying a value can fail (a value nested deeper than the stack allows): that is bad input for this socket. */
function copyFailure(where: string, node: CompiledNode, socket: CompiledInput, error: unknown): PipelineRuntimeError {
  const why = error instanceof RangeError ? 'it is nested too deeply to be copied' : describeThrown(error);
  return new PipelineRuntimeError(
    `${where}: The value for input '${socket.name}' of component '${node.name}' (type: '${node.className}') could not be handed over: ${why}. ` +
      'Pass a flatter value (the engine copies values that several holders share).',
    { component: node.name, componentType: node.className, socket: socket.name, cause: error },
  );
}

/**
 * Hands a waiting value to the component that consumes it: the original when this entry is its only
 * holder, else a copy (so neither the caller's data, nor another receiver, nor a recorded output
 * can be changed through it). Caller values are always copied: the caller keeps them, and they are
 * sticky (consumed again on later visits).
 */
export function takeValue(entry: Entry): unknown {
  const shared = entry.shared;
  if (shared === undefined) return entry.value;
  if (shared.holders === 1) {
    shared.holders = 0;
    return entry.value;
  }
  if (entry.sender !== USER) shared.holders--;
  return cloneValue(entry.value);
}

/** An entry dropped without being consumed gives up its hold on the value. */
export function release(entry: Entry): void {
  if (entry.shared !== undefined && entry.sender !== USER && entry.shared.holders > 0) entry.shared.holders--;
}
