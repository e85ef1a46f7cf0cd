import type { MultiDirectedGraph } from 'graphology';
import type { AnyComponent } from '../component/component.js';
import { describeInputs, describeOutputs } from '../component/sockets.js';
import type { PipelineConnectError, PipelineValidationError } from '../../errors.js';
import { isListSchema } from '../types/compatibility.js';
import type { ConversionStrategy } from '../types/conversion.js';
import { typeName } from '../types/type-name.js';
import type { EdgeData, InputSocketState, NodeData, OutputSocketState } from './graph-model.js';

/**
 * Edits of the building-time graph that `PipelineBase` makes: a node's socket state from its
 * component, a node's removal from its neighbours' sockets, an edge with the sequence numbers that
 * reproduce networkx's edge order, and Haystack's auto-variadic promotion of a list socket.
 */

/** The pipeline's graph: a directed multigraph (cycles allowed, self-loops rejected). */
export type PipelineGraph = MultiDirectedGraph<NodeData, EdgeData>;

/** A new node's record: the component with empty socket state (no senders, no receivers yet). */
export function nodeDataFor(instance: AnyComponent): NodeData {
  const inputs = new Map<string, InputSocketState>();
  for (const s of describeInputs(instance.inputSchemas)) {
    inputs.set(s.name, {
      name: s.name,
      schema: s.schema,
      variadic: s.variadic,
      isMandatory: s.isMandatory,
      defaultValue: s.defaultValue,
      senders: [],
      wrapInputInList: true,
    });
  }
  const outputs = new Map<string, OutputSocketState>();
  for (const s of describeOutputs(instance.outputSchemas)) outputs.set(s.name, { name: s.name, schema: s.schema, receivers: [] });
  return { instance, inputs, outputs };
}

/**
 * Drops a node and makes its neighbours forget it (Haystack 3.x): a list socket left with one
 * sender stops being auto-variadic. Returns the dropped node's record, its sockets emptied.
 */
export function detachNode(graph: PipelineGraph, name: string): NodeData {
  const node = graph.getNodeAttributes(name);
  for (const edge of graph.edges(name)) {
    const data = graph.getEdgeAttributes(edge);
    if (data.sender !== name) {
      const out = graph.getNodeAttributes(data.sender).outputs.get(data.fromSocket)!;
      removeAll(out.receivers, name);
    }
    if (data.receiver !== name) {
      const socket = graph.getNodeAttributes(data.receiver).inputs.get(data.toSocket)!;
      removeAll(socket.senders, name);
      if (!socket.wrapInputInList && new Set(socket.senders).size <= 1) {
        socket.variadic = undefined;
        socket.wrapInputInList = true;
      }
    }
  }
  graph.dropNode(name);
  for (const s of node.inputs.values()) s.senders.length = 0;
  for (const s of node.outputs.values()) s.receivers.length = 0;
  return node;
}

/**
 * Records a resolved connection on both sockets and as an edge. `seq` is the edge's creation
 * number; the first edge between the same two components lends its own as `pairSeq`.
 */
export function addConnection(
  graph: PipelineGraph,
  senderName: string,
  out: OutputSocketState,
  receiverName: string,
  input: InputSocketState,
  conversion: ConversionStrategy | undefined,
  seq: number,
): void {
  out.receivers.push(receiverName);
  input.senders.push(senderName);
  const existing = graph.edges(senderName, receiverName);
  const pairSeq = existing.length > 0 ? graph.getEdgeAttributes(existing[0]!).pairSeq : seq;
  const data: EdgeData = {
    sender: senderName,
    receiver: receiverName,
    fromSocket: out.name,
    toSocket: input.name,
    connType: typeName(out.schema),
    mandatory: input.isMandatory,
    conversion,
    seq,
    pairSeq,
  };
  graph.addDirectedEdgeWithKey(JSON.stringify([senderName, out.name, receiverName, input.name]), senderName, receiverName, data);
}

/** Node records by name, in insertion order. */
export function nodeMap(graph: PipelineGraph): Map<string, NodeData> {
  const nodes = new Map<string, NodeData>();
  for (const { node, attributes } of graph.nodeEntries()) nodes.set(node, attributes);
  return nodes;
}

/** Edges in networkx order: senders by insertion, then receivers by first connection, then creation. */
export function orderedEdges(graph: PipelineGraph): EdgeData[] {
  const rank = new Map<string, number>();
  let i = 0;
  for (const node of graph.nodes()) rank.set(node, i++);
  const edges: EdgeData[] = [];
  graph.forEachEdge((_edge, attributes) => void edges.push(attributes));
  return edges.sort((a, b) => rank.get(a.sender)! - rank.get(b.sender)! || a.pairSeq - b.pairSeq || a.seq - b.seq);
}

/** Haystack's `_make_socket_auto_variadic`; returns true when the socket was promoted now. */
export function makeAutoVariadic(
  componentName: string,
  socket: InputSocketState,
  ErrorClass: typeof PipelineConnectError | typeof PipelineValidationError,
  where: string,
): boolean {
  if (socket.variadic !== undefined) return false;
  if (isListSchema(socket.schema)) {
    socket.variadic = 'lazy';
    socket.wrapInputInList = false;
    return true;
  }
  const first = socket.senders[0];
  throw new ErrorClass(
    `${where}: Component '${componentName}' cannot accept multiple inputs to '${socket.name}'. It is already connected to component '${first}', ` +
      `and it can only accept inputs from multiple senders if its type is an array, an optional array, or a union of arrays (${typeName(socket.schema)} is not).`,
    { component: componentName, socket: socket.name },
  );
}

function removeAll(list: string[], value: string): void {
  for (let i = list.length - 1; i >= 0; i--) if (list[i] === value) list.splice(i, 1);
}
