import type { AnyComponent } from '../component/component.js';
import { compareCodePoints } from '../../python/compare.js';
import type { ConversionStrategy } from '../types/conversion.js';
import type { EdgeData, NodeData } from './graph-model.js';
import { topologicalOrder } from './topological-sort.js';

/**
 * The run-time view of a pipeline: components and sockets indexed by integers, out-edges in
 * Haystack's order, all flags precomputed. Built once per graph version and shared by every run
 * (it is never mutated), so the scheduler does array lookups instead of map and graph queries.
 */

/** "This sender ran but did not emit this socket" (Haystack's `_NO_OUTPUT_PRODUCED`). */
export const NO_OUTPUT: unique symbol = Symbol('haystack-ts.noOutputProduced');
/** The sender index of a value given by the caller of `run`. */
export const USER = -1;

/**
 * Reference count of one produced value delivered to several holders (receivers, the pipeline's
 * outputs, the caller). A holder that consumes it while others still hold it gets a copy; the last
 * one gets the original. See clone.ts and docs/pipelines.md.
 */
export interface Shared {
  holders: number;
}

/** One value waiting on an input socket. */
export interface Entry {
  /** The sender's node index, or `USER` (-1). */
  readonly sender: number;
  readonly value: unknown;
  /** Undefined when the entry is this value's only holder. */
  readonly shared: Shared | undefined;
}

/**
 * The entries waiting on one input socket: none (undefined or empty), a list in write order, or a
 * lone caller's entry stored as itself. The caller's value is the only entry of most runs' first
 * step and is sticky (it stays for the whole run), so a one-entry array for it would cost every
 * run in flight an array and its backing store. Only the initial input state stores an entry
 * bare; every writer makes a list (see {@link entryList}).
 */
export type SocketEntries = Entry | Entry[] | undefined;

/** Per input socket index: the entries waiting there (see `SocketEntries`; spelled out so that the published declarations need no internal name). */
export type ComponentInputs = (Entry | Entry[] | undefined)[];

/** Something is waiting on the socket: a lone entry, or a list that is not empty. */
export function hasEntries(entries: SocketEntries): entries is Entry | Entry[] {
  return entries !== undefined && (!Array.isArray(entries) || entries.length > 0);
}

/** The entries as a list: a lone entry stored bare becomes a new one-entry list (for a writer). */
export function entryList(entries: Entry | Entry[]): Entry[] {
  return Array.isArray(entries) ? entries : [entries];
}

/**
 * One-entry lists dropped from a state ({@link dropList}), for the next {@link oneEntryList} of any
 * run: a chain's every step writes its value into a new one-entry list that the next step's
 * consumption drops, 56 bytes each time (an array and its backing store). Kept with their length
 * of 1 (a length of 0 would give up the backing store, and the next write would grow a new one)
 * and their element cleared, at most 1,024. Never shared: a list is in the pool or in one socket.
 */
const SPARE_LISTS: Entry[][] = [];
const MAX_SPARE_LISTS = 1024;

/** A list holding only `entry`, for a writer to store. */
export function oneEntryList(entry: Entry): Entry[] {
  const list = SPARE_LISTS.pop();
  if (list === undefined) return [entry];
  list[0] = entry;
  return list;
}

/** A list just taken out of a state (nothing else refers to it) is kept for {@link oneEntryList}, if it has one entry. */
export function dropList(entries: SocketEntries): void {
  if (!Array.isArray(entries) || entries.length !== 1 || SPARE_LISTS.length >= MAX_SPARE_LISTS) return;
  // So that the pool holds no value.
  (entries as unknown[])[0] = undefined;
  SPARE_LISTS.push(entries);
}

/**
 * The slot of a component that nothing is waiting for: shared by every run (frozen, so a write that
 * forgot to give the component a slot of its own throws). A run's input state starts with it in
 * every slot; writers replace it with {@link inputsOf}, and a consumed slot left empty goes back to it.
 * Reading any socket of it gives `undefined`, which every reader takes as "no entries".
 */
export const NO_INPUTS: ComponentInputs = Object.freeze([]) as unknown as ComponentInputs;

/** The component's slot in `state`, made its own (writable) first if it was {@link NO_INPUTS}. */
export function inputsOf(state: ComponentInputs[], node: CompiledNode): ComponentInputs {
  const inputs = state[node.index]!;
  if (inputs !== NO_INPUTS) return inputs;
  const length = node.inputs.length;
  // Sized to the sockets: a `[]` written at index 0 would grow to 17 elements.
  return (state[node.index] = (length < SPARE_SLOTS.length ? SPARE_SLOTS[length]!.pop() : undefined) ?? new Array<SocketEntries>(length));
}

/**
 * Slots emptied by consumption ({@link dropSlot}), by length, for the next {@link inputsOf} of any
 * run to reuse: a chain makes a slot at every step's write and drops it when the next step consumes
 * it, 56 bytes each time (an array and its backing store). Every element is `undefined`, which
 * readers take as a hole would be (no entries). Slots of up to 7 sockets, at most 256 of each
 * length, so that what is kept stays a few kilobytes. Never shared: a slot is in a pool or in
 * exactly one state, and a state that drops a slot keeps no reference to it.
 */
const SPARE_SLOTS: ComponentInputs[][] = [[], [], [], [], [], [], [], []];
const MAX_SPARE_SLOTS = 256;

/** The component's slot, empty now, goes back to {@link NO_INPUTS}; the array is kept for reuse. */
export function dropSlot(state: ComponentInputs[], node: CompiledNode): void {
  const inputs = state[node.index]!;
  state[node.index] = NO_INPUTS;
  if (inputs === NO_INPUTS || inputs.length >= SPARE_SLOTS.length) return;
  const spare = SPARE_SLOTS[inputs.length]!;
  if (spare.length >= MAX_SPARE_SLOTS) return;
  // An empty list (no entries) may be left on a socket: the kept slot holds nothing.
  inputs.fill(undefined);
  spare.push(inputs);
}

export interface CompiledInput {
  readonly name: string;
  readonly index: number;
  readonly isLazy: boolean;
  readonly isGreedy: boolean;
  readonly isVariadic: boolean;
  readonly isMandatory: boolean;
  readonly defaultValue: unknown;
  /** Distinct sender node indices. */
  readonly senders: readonly number[];
  readonly hasSenders: boolean;
  readonly wrapInputInList: boolean;
}

export interface CompiledEdge {
  readonly receiver: number;
  readonly fromSocket: string;
  readonly toSocket: CompiledInput;
  readonly conversion: ConversionStrategy | undefined;
}

export interface CompiledNode {
  readonly index: number;
  readonly name: string;
  readonly instance: AnyComponent;
  readonly className: string;
  readonly inputs: readonly CompiledInput[];
  readonly inputByName: ReadonlyMap<string, CompiledInput>;
  /** Out-edges in Haystack's order: receivers by first connection, then edges by creation. */
  readonly outEdges: readonly CompiledEdge[];
  readonly declaredOutputs: ReadonlySet<string>;
  /** The distinct components this one sends to (its out-edges' receivers), in out-edge order. */
  readonly successors: readonly CompiledNode[];
  /** Output sockets with at least one receiver: pruned from the pipeline's outputs. */
  readonly connectedOutputs: ReadonlySet<string>;
  /** No input socket has senders (Haystack's `can_not_receive_inputs_from_pipeline`). */
  readonly isSource: boolean;
  /** A new empty plain object for the values the component is called with (see `recordMaker`). */
  readonly newInputs: () => Record<string, unknown>;
  /** A new empty plain object for the snapshot of what the component returned (see `recordMaker`). */
  readonly newOutputs: () => Record<string, unknown>;
}

/**
 * Makes empty plain objects for one kind of record (a component's inputs or output snapshot, a
 * run's outputs). A `{}` literal reserves four in-object slots whatever is added (56 bytes with one
 * key, 96 with five); objects from a constructor of their own are shrunk by V8's slack tracking to
 * the keys such records get (32 and 64). Its prototype is `Object.prototype`, so they are plain
 * objects as a literal is (same prototype, `constructor`, keys, inspection). Thousands of runs in
 * flight each hold some.
 */
export function recordMaker(): () => Record<string, unknown> {
  function PlainRecord(): void {}
  PlainRecord.prototype = Object.prototype;
  const Maker = PlainRecord as unknown as new () => Record<string, unknown>;
  return () => new Maker();
}

export interface CompiledGraph {
  readonly nodes: readonly CompiledNode[];
  readonly byName: ReadonlyMap<string, CompiledNode>;
  /** Node indices sorted by name (Python's code-point order): the queue's tie-break. */
  readonly alphabetical: readonly number[];
  /** Names of the components that have an unconnected output (Haystack's `outputs()` keys). */
  readonly expectedOutputs: readonly string[];
  /** Topological rank per node index (Haystack's `_topological_sort`), computed on first use. */
  topology(): readonly number[];
  /** A new empty plain object for a run's outputs by component (see `recordMaker`). */
  readonly newRunOutputs: () => Record<string, Record<string, unknown>>;
}

/** Builds the run-time view from the building-time model. */
export function compileGraph(nodes: ReadonlyMap<string, NodeData>, edges: readonly EdgeData[]): CompiledGraph {
  const names = [...nodes.keys()];
  const indexOf = new Map(names.map((n, i) => [n, i]));
  const compiled: CompiledNode[] = [];
  const edgesBySender = new Map<string, EdgeData[]>();
  for (const edge of edges) {
    let list = edgesBySender.get(edge.sender);
    if (!list) edgesBySender.set(edge.sender, (list = []));
    list.push(edge);
  }
  const inputsByNode: CompiledInput[][] = [];
  // Components with the same socket names share a maker (see recordMaker): records of one shape
  // then share V8's hidden classes, so the code reading them (the engine's and the components')
  // stays monomorphic, as with literals.
  const makers = new Map<string, () => Record<string, unknown>>();
  const makerFor = (kind: string, names: Iterable<string>): (() => Record<string, unknown>) => {
    const key = `${kind}\u0000${[...names].join('\u0000')}`;
    let maker = makers.get(key);
    if (maker === undefined) makers.set(key, (maker = recordMaker()));
    return maker;
  };
  for (const data of nodes.values()) {
    const inputs: CompiledInput[] = [];
    for (const socket of data.inputs.values()) {
      const senders = [...new Set(socket.senders)].map((s) => indexOf.get(s)).filter((i): i is number => i !== undefined);
      inputs.push(
        Object.freeze({
          name: socket.name,
          index: inputs.length,
          isLazy: socket.variadic === 'lazy',
          isGreedy: socket.variadic === 'greedy',
          isVariadic: socket.variadic !== undefined,
          isMandatory: socket.isMandatory,
          defaultValue: socket.defaultValue,
          senders,
          hasSenders: senders.length > 0,
          wrapInputInList: socket.wrapInputInList,
        }),
      );
    }
    inputsByNode.push(inputs);
  }
  const expectedOutputs: string[] = [];
  // Filled once every node exists: a successor may come later in `names`, or be the node itself.
  const successorLists: CompiledNode[][] = names.map(() => []);
  names.forEach((name, index) => {
    const data = nodes.get(name)!;
    const inputs = inputsByNode[index]!;
    const sorted = [...(edgesBySender.get(name) ?? [])].sort((a, b) => a.pairSeq - b.pairSeq || a.seq - b.seq);
    const outEdges: CompiledEdge[] = sorted.map((e) => {
      const receiver = indexOf.get(e.receiver)!;
      const toSocket = inputsByNode[receiver]!.find((s) => s.name === e.toSocket)!;
      return Object.freeze({ receiver, fromSocket: e.fromSocket, toSocket, conversion: e.conversion });
    });
    const connectedOutputs = new Set(sorted.map((e) => e.fromSocket));
    const declaredOutputs = new Set(data.outputs.keys());
    if ([...declaredOutputs].some((o) => !connectedOutputs.has(o))) expectedOutputs.push(name);
    compiled.push(
      Object.freeze({
        index,
        name,
        instance: data.instance,
        className: data.instance.className,
        inputs,
        inputByName: new Map(inputs.map((s) => [s.name, s])),
        outEdges,
        successors: successorLists[index]!,
        declaredOutputs,
        connectedOutputs,
        isSource: inputs.every((s) => !s.hasSenders),
        newInputs: makerFor('in', data.inputs.keys()),
        newOutputs: makerFor('out', declaredOutputs),
      }),
    );
  });
  compiled.forEach((node, index) => {
    const list = successorLists[index]!;
    for (const edge of node.outEdges) {
      const receiver = compiled[edge.receiver]!;
      if (!list.includes(receiver)) list.push(receiver);
    }
  });
  const alphabetical = names.map((_, i) => i).sort((a, b) => compareCodePoints(names[a]!, names[b]!));
  let topo: readonly number[] | undefined;
  return Object.freeze({
    nodes: compiled,
    byName: new Map(compiled.map((n) => [n.name, n])),
    alphabetical,
    expectedOutputs,
    newRunOutputs: recordMaker() as () => Record<string, Record<string, unknown>>,
    topology() {
      topo ??= topologicalOrder(names, edges);
      return topo;
    },
  });
}


/**
 * Whether run data by component passes `validateInput` unchanged: every component and socket
 * exists, every unconnected mandatory socket is given, and no value goes to a connected socket that
 * is not variadic yet (which `validateInput` would promote to auto-variadic, or reject). A pure
 * check on the compiled graph, with no allocation: when it says no, the caller runs the full
 * validation on the building-time graph, which promotes or throws Haystack's errors.
 */
export function acceptsRunData(graph: CompiledGraph, data: Readonly<Record<string, Readonly<Record<string, unknown>>>>): boolean {
  for (const componentName in data) {
    if (!Object.prototype.hasOwnProperty.call(data, componentName)) continue;
    const node = graph.byName.get(componentName);
    if (node === undefined) return false;
    const values = data[componentName]!;
    for (const socketName in values) {
      if (!Object.prototype.hasOwnProperty.call(values, socketName)) continue;
      const socket = node.inputByName.get(socketName);
      if (socket === undefined) return false;
      if (socket.hasSenders && !socket.isVariadic && values[socketName] !== undefined) return false;
    }
  }
  for (const node of graph.nodes) {
    const values = Object.prototype.hasOwnProperty.call(data, node.name) ? data[node.name] : undefined;
    for (const socket of node.inputs) {
      if (socket.hasSenders || !socket.isMandatory) continue;
      if (values === undefined || values[socket.name] === undefined) return false;
    }
  }
  return true;
}
