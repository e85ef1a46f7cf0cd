import { NO_OUTPUT, USER, hasEntries, type CompiledInput, type CompiledNode, type ComponentInputs, type SocketEntries } from './compiled-graph.js';

/**
 * Readiness predicates of the scheduler (Haystack's `component_checks.py`), on the run-time view.
 * `inputs` are the entries waiting on each input socket of one component. An entry stored bare
 * (not in a list) is the caller's (see `SocketEntries`): a real value, never the no-output marker.
 */

/** Haystack's `ComponentPriority` (3.x: DEFER_LAST merged into DEFER, as 2.31 already treated them). */
export const ComponentPriority = Object.freeze({ HIGHEST: 0, READY: 1, DEFER: 2, BLOCKED: 3 } as const);
export type ComponentPriority = (typeof ComponentPriority)[keyof typeof ComponentPriority];
/** How many priority levels the queue needs. */
export const PRIORITY_LEVELS = 4;

/** Some entry carries a real value (from anyone, the caller included). */
export function anySocketInputReceived(entries: SocketEntries): boolean {
  if (!entries) return false;
  if (!Array.isArray(entries)) return true;
  for (const e of entries) if (e.value !== NO_OUTPUT) return true;
  return false;
}

/** Every sender of a lazy variadic socket delivered a real value. */
export function hasLazyVariadicSocketReceivedAllInputs(socket: CompiledInput, entries: SocketEntries): boolean {
  // The caller's lone entry: no sender delivered yet.
  if (entries !== undefined && !Array.isArray(entries)) return socket.senders.length === 0;
  for (const sender of socket.senders) {
    let got = false;
    if (entries) for (const e of entries) if (e.sender === sender && e.value !== NO_OUTPUT) { got = true; break; }
    if (!got) return false;
  }
  // Equal sets: also no real value from a component that is not (or no longer) a sender.
  if (entries) for (const e of entries) if (e.sender !== USER && e.value !== NO_OUTPUT && !socket.senders.includes(e.sender)) return false;
  return true;
}

/** Haystack's `has_socket_received_all_inputs`. */
export function hasSocketReceivedAllInputs(socket: CompiledInput, entries: SocketEntries): boolean {
  if (!hasEntries(entries)) return false;
  const list = Array.isArray(entries);
  if (socket.isGreedy && anySocketInputReceived(entries)) return true;
  if (socket.isLazy && hasLazyVariadicSocketReceivedAllInputs(socket, entries)) return true;
  return !socket.isVariadic && (!list || entries[0]!.value !== NO_OUTPUT);
}

/** Haystack's `are_all_sockets_ready`: mandatory sockets (and connected ones, unless `onlyMandatory`). */
export function areAllSocketsReady(node: CompiledNode, inputs: ComponentInputs, onlyMandatory: boolean): boolean {
  for (const socket of node.inputs) {
    if (!(socket.isMandatory || (!onlyMandatory && socket.hasSenders))) continue;
    const entries = inputs[socket.index];
    if (hasSocketReceivedAllInputs(socket, entries)) continue;
    if (socket.isLazy && anySocketInputReceived(entries)) continue;
    return false;
  }
  return true;
}

/** Some socket received a real value from a predecessor. */
export function anyPredecessorsProvidedInput(inputs: ComponentInputs): boolean {
  for (const entries of inputs) {
    if (Array.isArray(entries)) for (const e of entries) if (e.sender !== USER && e.value !== NO_OUTPUT) return true;
  }
  return false;
}

/** Some socket holds a value given by the caller. */
export function hasUserInput(inputs: ComponentInputs): boolean {
  for (const entries of inputs) {
    if (entries === undefined) continue;
    if (!Array.isArray(entries)) return true;
    for (const e of entries) if (e.sender === USER) return true;
  }
  return false;
}

/** Haystack's `has_any_trigger`: a predecessor's value, or (first visit only) user input or no senders at all. */
export function hasAnyTrigger(node: CompiledNode, inputs: ComponentInputs, visits: number): boolean {
  if (anyPredecessorsProvidedInput(inputs)) return true;
  if (visits !== 0) return false;
  return hasUserInput(inputs) || node.isSource;
}

/** Haystack's `can_component_run`: all mandatory inputs and a trigger. */
export function canComponentRun(node: CompiledNode, inputs: ComponentInputs, visits: number): boolean {
  return areAllSocketsReady(node, inputs, true) && hasAnyTrigger(node, inputs, visits);
}

/** Every sender of the socket ran (delivered a value or the no-output marker). */
export function allSocketPredecessorsExecuted(socket: CompiledInput, entries: SocketEntries): boolean {
  if (entries !== undefined && !Array.isArray(entries)) return socket.senders.length === 0;
  for (const sender of socket.senders) {
    let ran = false;
    if (entries) for (const e of entries) if (e.sender === sender) { ran = true; break; }
    if (!ran) return false;
  }
  if (entries) for (const e of entries) if (e.sender !== USER && !socket.senders.includes(e.sender)) return false;
  return true;
}

/** Haystack's `all_predecessors_executed`. */
export function allPredecessorsExecuted(node: CompiledNode, inputs: ComponentInputs): boolean {
  for (const socket of node.inputs) if (!allSocketPredecessorsExecuted(socket, inputs[socket.index])) return false;
  return true;
}

/** Haystack's `is_any_greedy_socket_ready`. */
export function isAnyGreedySocketReady(node: CompiledNode, inputs: ComponentInputs): boolean {
  for (const socket of node.inputs) if (socket.isGreedy && hasSocketReceivedAllInputs(socket, inputs[socket.index])) return true;
  return false;
}

/** Haystack's `_calculate_priority`. */
export function calculatePriority(node: CompiledNode, inputs: ComponentInputs, visits: number): ComponentPriority {
  if (!canComponentRun(node, inputs, visits)) return ComponentPriority.BLOCKED;
  if (isAnyGreedySocketReady(node, inputs) && areAllSocketsReady(node, inputs, false)) return ComponentPriority.HIGHEST;
  if (allPredecessorsExecuted(node, inputs)) return ComponentPriority.READY;
  return ComponentPriority.DEFER;
}
