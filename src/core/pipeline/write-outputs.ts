import { PipelineRuntimeError } from '../../errors.js';
import { convertValue } from '../types/conversion.js';
import { release } from './consume-inputs.js';
import { NO_OUTPUT, dropList, hasEntries, inputsOf, oneEntryList, type CompiledGraph, type CompiledNode, type ComponentInputs, type Entry, type Shared } from './compiled-graph.js';

/**
 * Delivers a component's outputs to its receivers and returns what the pipeline reports for it
 * (Haystack's `_write_component_outputs`).
 *
 * Per out-edge, in Haystack's edge order: the value (or the no-output marker when the socket was
 * not returned, or returned as `undefined`) is converted if the connection needs it, then appended
 * on a lazy variadic socket, or written over any other socket, except that a marker never erases a
 * value already waiting there.
 *
 * Values that end up with several holders (several receivers, or a receiver and the reported
 * outputs) share a reference count, so that all but the last consumer get a copy.
 *
 * @throws PipelineRuntimeError naming no component, with the `ConversionError` as `cause`, when a
 *   value cannot be converted for its receiver
 * @returns the whole output object for a component in `includeOutputsFrom`; otherwise the keys
 *   that no edge consumes (unconnected and undeclared sockets)
 */
export function writeOutputs(
  graph: CompiledGraph,
  node: CompiledNode,
  outputs: Record<string, unknown>,
  state: ComponentInputs[],
  included: boolean,
  where: string,
  partialOutputs: Record<string, Record<string, unknown>> = {},
): Record<string, unknown> {
  const edges = node.outEdges;
  let boxes: Map<unknown, Shared> | undefined;
  if (edges.length > 1 || included || (edges.length === 1 && hasMoreKeysThan(outputs, 1))) {
    boxes = new Map();
    for (const key in outputs) {
      const v = outputs[key];
      // A value reported in the pipeline's outputs is held there for good: receivers get copies.
      if (typeof v === 'object' && v !== null && (included || !node.connectedOutputs.has(key))) boxes.set(v, { holders: Infinity });
    }
  }
  for (const edge of edges) {
    const raw = Object.prototype.hasOwnProperty.call(outputs, edge.fromSocket) ? outputs[edge.fromSocket] : undefined;
    const produced = raw !== undefined;
    let value: unknown = produced ? raw : NO_OUTPUT;
    if (produced && edge.conversion !== undefined) {
      try {
        value = convertValue(raw, edge.conversion);
      } catch (error) {
        const receiver = graph.nodes[edge.receiver]!;
        throw new PipelineRuntimeError(
          `${where}: Failed to perform conversion between components:\n` +
            `Sender component: '${node.name}' (type: '${node.className}')\n` +
            `Sender socket: '${edge.fromSocket}'\n` +
            `Receiver component: '${receiver.name}' (type: '${receiver.className}')\n` +
            `Receiver socket: '${edge.toSocket.name}'\n` +
            `Error: ${error instanceof Error ? error.message : String(error)}`,
          // As Haystack: no component is named (neither failed to run), the cause is the conversion's error.
          { cause: error, partialOutputs: { ...partialOutputs } },
        );
      }
    }
    let shared: Shared | undefined;
    if (boxes !== undefined && typeof raw === 'object' && raw !== null) {
      shared = boxes.get(raw);
      if (shared === undefined) boxes.set(raw, (shared = { holders: 1 }));
      else shared.holders++;
    }
    const entry: Entry = { sender: node.index, value, shared };
    const inputs = inputsOf(state, graph.nodes[edge.receiver]!);
    const index = edge.toSocket.index;
    const existing = inputs[index];
    if (edge.toSocket.isLazy) {
      if (existing === undefined) inputs[index] = oneEntryList(entry);
      else if (Array.isArray(existing)) existing.push(entry);
      // The caller's lone entry (see SocketEntries) goes into a list, before this one.
      else inputs[index] = [existing, entry];
    } else if (value === NO_OUTPUT && hasEntries(existing)) {
      // A marker never erases a value that is already waiting.
    } else {
      if (Array.isArray(existing)) {
        for (const e of existing) release(e);
        dropList(existing);
      } else if (existing !== undefined) release(existing);
      inputs[index] = oneEntryList(entry);
    }
  }
  if (included) return outputs;
  if (node.connectedOutputs.size === 0) return outputs;
  let pruned: Record<string, unknown> | undefined;
  for (const key in outputs) if (!node.connectedOutputs.has(key)) (pruned ??= {})[key] = outputs[key];
  // Nothing unconsumed (a chain's inner steps): one shared empty object, which nobody stores or changes.
  return pruned ?? NOTHING_LEFT;
}

const NOTHING_LEFT: Record<string, unknown> = Object.freeze({});

function hasMoreKeysThan(object: object, n: number): boolean {
  let count = 0;
  for (const _ in object) if (++count > n) return true;
  return false;
}
