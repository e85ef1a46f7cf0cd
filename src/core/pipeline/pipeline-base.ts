import { MultiDirectedGraph } from 'graphology';
import type { z } from 'zod';
import { assertValidComponent, isComponent, type AnyComponent, type RunOutputOf, type InputsOf } from '../component/component.js';
import { describeInputs, describeOutputs, type VariadicKind, type VariadicSchema } from '../component/sockets.js';
import { PipelineConnectError, PipelineError, PipelineValidationError, PipelineWarmUpError, WorkerReconstructionError, isErrorNamed, named } from '../../errors.js';
import { getLogger, type Logger } from '../logger.js';
import { describeThrown } from '../thrown-value.js';
import { typesAreCompatible, isListSchema } from '../types/compatibility.js';
import type { ConversionStrategy } from '../types/conversion.js';
import { typeName } from '../types/type-name.js';
import { USER, acceptsRunData, compileGraph, type CompiledGraph, type ComponentInputs, type Entry, type Shared } from './compiled-graph.js';
import { renderMermaid, showMermaid, type ShowOptions } from './draw.js';
import type { PipelineResultEntry } from './pipeline-result.js';
import type { ReceiverAddress, SenderAddress } from './typed-names.js';
import type { EdgeData, InputSocketState, NodeData, OutputSocketState } from './graph-model.js';
import { describe, resolvePipelineOptions, type PipelineOptions } from './pipeline-options.js';
import { resolveAddComponentOptions, resolveExecutor, type AddComponentOptions, type Executor } from '../workers/executor-options.js';
import { bindToWorker, describeForWorker, unbindFromWorker, workerBindingOf } from '../workers/worker-binding.js';
import { ComponentWorkerPool } from '../workers/worker-pool.js';
import { ComponentCloser } from './close-components.js';
import { ComponentPolicy, bindComponentPolicy, unbindComponentPolicy } from './resilience.js';
import { resolveResilienceOptions } from './resilience-options.js';

/** Component instances by name, as a chained pipeline knows them. */
export type ComponentMap = Record<string, AnyComponent>;

export type Simplify<T> = { [K in keyof T]: T[K] } & {};
export type IsLoose<C> = [keyof C] extends [never] ? true : string extends keyof C ? true : false;

/** The value a caller gives one input socket: one item for a variadic socket. */
export type PipelineSocketValue<S> =
  S extends VariadicSchema<infer T, VariadicKind> ? z.output<T> : S extends z.ZodType ? z.output<S> : never;

/** Run data by component: `{ component: { socket: value } }`. An `undefined` value counts as not given. */
export type NestedPipelineData<C extends ComponentMap> = {
  [K in keyof C]?: { [S in keyof InputsOf<C[K]>]?: PipelineSocketValue<InputsOf<C[K]>[S]> | undefined };
};
/**
 * The literal keys of a socket map: a component whose sockets are known only at run time (a
 * builder with a template TypeScript cannot read, a router) has an index signature, which is left
 * out so that it does not make every key of the flat form valid.
 */
export type KnownKeys<T> = keyof { [K in keyof T as string extends K ? never : number extends K ? never : K]: 0 } & string;
/**
 * Run data by socket name: `{ socket: value }`, offered to every component with such an input.
 * Sockets known only at run time are not listed: give them by component (the nested form).
 */
export type FlatPipelineData<C extends ComponentMap> = { [S in { [K in keyof C]: KnownKeys<InputsOf<C[K]>> }[keyof C]]?: unknown };

/**
 * The `data` argument of `run`. Typed from the components' sockets when the pipeline was built by
 * chaining `addComponent`; a loose record otherwise.
 */
export type PipelineData<C extends ComponentMap> =
  IsLoose<C> extends true ? Record<string, unknown> : NestedPipelineData<C> | FlatPipelineData<C>;

/** What `run` returns: per component, the output sockets nobody consumed (or all, when included). */
export type PipelineResult<C extends ComponentMap> =
  IsLoose<C> extends true ? Record<string, Record<string, unknown>> : Simplify<{ [K in keyof C]?: PipelineResultEntry<C[K]> }>;

/** The pipeline a chained `addComponent` returns: the same object, knowing one more component. */
export type WithComponent<C extends ComponentMap, N extends string, X extends AnyComponent> = Simplify<
  (IsLoose<C> extends true ? {} : C) & { [K in N]: X }
>;

/** One connection, as `connections()` lists it (Haystack's `to_dict` `connections`). */
export interface PipelineConnection {
  readonly sender: string;
  readonly receiver: string;
}

/** One entry of `inputs()`. */
export interface PipelineInputDescription {
  readonly type: z.ZodType;
  readonly isMandatory: boolean;
  /** Present when the socket itself is optional. */
  readonly defaultValue?: unknown;
}

/** One entry of `outputs()`. */
export interface PipelineOutputDescription {
  readonly type: z.ZodType;
}

/** Which pipeline each component instance belongs to: a component can be in one pipeline only. */
const owners = new WeakMap<AnyComponent, PipelineBase<ComponentMap>>();

/** The user-value reference count: never the last holder, so every consumption is a copy. */
const CALLER: Shared = { holders: Infinity };

/**
 * Graph building shared by `Pipeline` and `AsyncPipeline` (Haystack's `PipelineBase`): components,
 * connections with Haystack's resolution and type rules, `inputs()`/`outputs()`, input validation
 * and run-data preparation, drawing.
 *
 * The graph is a graphology directed multigraph (cycles allowed, self-loops rejected). What the
 * scheduler needs is compiled once per graph version into an immutable, integer-indexed view
 * shared by all runs, so runs never touch the graph and one pipeline serves many concurrent runs.
 */
export class PipelineBase<C extends ComponentMap = {}> {
  static {
    named(this, 'PipelineBase');
  }
  /** How many times one component may run per call of `run` (exactly, as in Haystack 3.x). */
  readonly maxRunsPerComponent: number;
  /** Free-form data stored with the pipeline. */
  readonly metadata: Readonly<Record<string, unknown>>;
  /** Whether `connect` checks socket type compatibility. */
  readonly connectionTypeValidation: boolean;

  readonly #graph = new MultiDirectedGraph<NodeData, EdgeData>({ allowSelfLoops: false });
  readonly #logger: Logger | undefined;
  readonly #executor: Executor;
  readonly #workers: ComponentWorkerPool;
  readonly #closer = new ComponentCloser();
  #edgeSeq = 0;
  #version = 0;
  #compiled: { version: number; graph: CompiledGraph } | undefined;

  constructor(options?: PipelineOptions) {
    const resolved = resolvePipelineOptions(options, `${new.target.name}`);
    this.maxRunsPerComponent = resolved.maxRunsPerComponent;
    this.metadata = resolved.metadata;
    this.connectionTypeValidation = resolved.connectionTypeValidation;
    this.#logger = resolved.logger;
    this.#executor = resolved.executor;
    // Cheap: piscina is imported and threads start only when a worker component first warms up or runs.
    this.#workers = new ComponentWorkerPool(resolved.workerPool);
  }

  /** The logger warnings go to: the `logger` option, else the process-wide one. */
  protected get logger(): Logger {
    return this.#logger ?? getLogger();
  }

  /**
   * Adds a component under a unique name (no `.`, not `_debug`). Returns the pipeline, typed with
   * the new component when chained.
   *
   * @throws PipelineValidationError for a taken or invalid name or a non-component
   * @throws PipelineError when the instance is already in a pipeline
   * @throws WorkerReconstructionError when it should run in a worker but cannot be rebuilt there
   */
  addComponent<N extends string, X extends AnyComponent>(name: N, instance: X, options?: AddComponentOptions): PipelineBase<WithComponent<C, N, X>> {
    const where = `${this.constructor.name}.addComponent`;
    const chosen = resolveAddComponentOptions(options, where);
    const resilience = resolveResilienceOptions(options, where);
    if (typeof name !== 'string') throw new PipelineValidationError(`${where}: expected the name to be a string, got ${describe(name)}.`);
    if (this.#graph.hasNode(name)) {
      throw new PipelineValidationError(`${where}: A component named '${name}' already exists in this pipeline: choose another name.`, { component: name });
    }
    if (name === '_debug') {
      throw new PipelineValidationError(`${where}: '_debug' is a reserved name for debug output. Choose another name.`, { component: name });
    }
    if (name.includes('.')) {
      throw new PipelineValidationError(`${where}: ${name} is an invalid component name, cannot contain '.' (dot) characters.`, { component: name });
    }
    if (!isComponent(instance)) {
      throw new PipelineValidationError(
        `${where}: '${describe(instance)}' doesn't seem to be a component. Extend Component or use defineComponent() to declare one.`,
        { component: name },
      );
    }
    assertValidComponent(instance, where);
    const owner = owners.get(instance);
    if (owner !== undefined) {
      const message =
        owner === (this as unknown)
          ? `${where}: Component has already been added to this Pipeline under the name '${this.getComponentName(instance)}'. Create a new instance instead.`
          : `${where}: Component has already been added in another Pipeline. Components can't be shared between Pipelines. Create a new instance instead.`;
      throw new PipelineError(message, { component: name });
    }
    const classExecutor = resolveExecutor((instance.constructor as { executor?: unknown }).executor, where, `the static executor of ${describe(instance)}`);
    const spec = (chosen ?? classExecutor ?? this.#executor) === 'worker' ? describeForWorker(instance, name, where) : undefined;
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
    this.#graph.addNode(name, { instance, inputs, outputs });
    owners.set(instance, this as unknown as PipelineBase<ComponentMap>);
    if (spec !== undefined) bindToWorker(instance, { spec, pool: this.#workers });
    if (resilience !== undefined) bindComponentPolicy(instance, new ComponentPolicy(resilience));
    this.#changed();
    return this as never;
  }

  /**
   * Removes a component and its connections, and returns it (it may then join another pipeline).
   * Neighbours forget it (Haystack 3.x), and a list socket left with one sender stops being auto-variadic.
   */
  removeComponent(name: string): AnyComponent {
    const where = `${this.constructor.name}.removeComponent`;
    const node = this.#node(name, where);
    for (const edge of this.#graph.edges(name)) {
      const data = this.#graph.getEdgeAttributes(edge);
      if (data.sender !== name) {
        const out = this.#graph.getNodeAttributes(data.sender).outputs.get(data.fromSocket)!;
        removeAll(out.receivers, name);
      }
      if (data.receiver !== name) {
        const socket = this.#graph.getNodeAttributes(data.receiver).inputs.get(data.toSocket)!;
        removeAll(socket.senders, name);
        if (!socket.wrapInputInList && new Set(socket.senders).size <= 1) {
          socket.variadic = undefined;
          socket.wrapInputInList = true;
        }
      }
    }
    this.#graph.dropNode(name);
    for (const s of node.inputs.values()) s.senders.length = 0;
    for (const s of node.outputs.values()) s.receivers.length = 0;
    owners.delete(node.instance);
    unbindFromWorker(node.instance);
    unbindComponentPolicy(node.instance);
    this.#changed();
    return node.instance;
  }

  /**
   * The component named `name`.
   * @throws PipelineValidationError when there is none
   */
  getComponent<N extends keyof C & string>(name: N): C[N];
  getComponent(name: string): AnyComponent;
  getComponent(name: string): AnyComponent {
    return this.#node(name, `${this.constructor.name}.getComponent`).instance;
  }

  /** The name of `instance` in this pipeline, or `''`. */
  getComponentName(instance: AnyComponent): string {
    if (owners.get(instance) !== (this as unknown)) return '';
    for (const { node: name, attributes: data } of this.#graph.nodeEntries()) if (data.instance === instance) return name;
    return '';
  }

  /** `[name, component]` pairs in insertion order. */
  *walk(): IterableIterator<[string, AnyComponent]> {
    for (const { node, attributes } of this.#graph.nodeEntries()) yield [node, attributes.instance];
  }

  /** Every connection as `{ sender: 'a.x', receiver: 'b.y' }`, in Haystack's graph-edge order. */
  connections(): PipelineConnection[] {
    return this.#orderedEdges().map((e) => ({ sender: `${e.sender}.${e.fromSocket}`, receiver: `${e.receiver}.${e.toSocket}` }));
  }

  /**
   * Connects an output socket to an input socket. Either side may name only the component: the
   * pair is then resolved as in Haystack (type-compatible pairs, strict ones before those needing a
   * conversion, then equal socket names). A list input that gets a second sender becomes
   * auto-variadic. Connecting an already-connected pair does nothing.
   *
   * @example pipeline.connect('retriever.documents', 'joiner.documents').connect('joiner', 'ranker')
   * @throws PipelineConnectError naming the components and sockets and listing the candidates
   */
  connect(sender: SenderAddress<C>, receiver: ReceiverAddress<C>): this {
    const where = `${this.constructor.name}.connect`;
    if (typeof sender !== 'string' || typeof receiver !== 'string') {
      throw new PipelineConnectError(`${where}: expected two 'component' or 'component.socket' strings, got ${describe(sender)} and ${describe(receiver)}.`);
    }
    const [senderName, senderSocketName] = splitAddress(sender);
    const [receiverName, receiverSocketName] = splitAddress(receiver);
    if (senderName === receiverName) {
      throw new PipelineConnectError(`${where}: Connecting a Component to itself is not supported ('${sender}' -> '${receiver}').`, { component: senderName });
    }
    const senderNode = this.#nodeFor(senderName, where);
    const receiverNode = this.#nodeFor(receiverName, where);
    if (senderNode.outputs.size === 0) {
      throw new PipelineConnectError(
        `${where}: '${senderName}' does not have any output connections. Please check that the output sockets of '${senderName}' are declared (the 'outputs' of its component).`,
        { component: senderName },
      );
    }
    let senderSocket: OutputSocketState | undefined;
    if (senderSocketName !== undefined) {
      senderSocket = senderNode.outputs.get(senderSocketName);
      if (!senderSocket) {
        throw new PipelineConnectError(
          `${where}: '${sender}' does not exist. Output connections of ${senderName} are: ` +
            [...senderNode.outputs.values()].map((s) => `${s.name} (type ${typeName(s.schema)})`).join(', '),
          { component: senderName, socket: senderSocketName },
        );
      }
    }
    let receiverSocket: InputSocketState | undefined;
    if (receiverSocketName !== undefined) {
      receiverSocket = receiverNode.inputs.get(receiverSocketName);
      if (!receiverSocket) {
        throw new PipelineConnectError(
          `${where}: '${receiver}' does not exist. Input connections of ${receiverName} are: ` +
            [...receiverNode.inputs.values()].map((s) => `${s.name} (type ${typeName(s.schema)})`).join(', '),
          { component: receiverName, socket: receiverSocketName },
        );
      }
    }
    const senderCandidates = senderSocket ? [senderSocket] : [...senderNode.outputs.values()];
    const receiverCandidates = receiverSocket ? [receiverSocket] : [...receiverNode.inputs.values()];
    type Pair = [OutputSocketState, InputSocketState, ConversionStrategy | undefined];
    let pairs: Pair[] = [];
    for (const out of senderCandidates) {
      for (const input of receiverCandidates) {
        if (!this.connectionTypeValidation) {
          pairs.push([out, input, undefined]);
          continue;
        }
        const compatibility = typesAreCompatible(out.schema, input.schema);
        if (compatibility.compatible) pairs.push([out, input, compatibility.conversion]);
      }
    }
    if (pairs.length > 1 && this.connectionTypeValidation) {
      const strict = pairs.filter((p) => p[2] === undefined);
      if (strict.length > 0) pairs = strict;
    }
    const status = () => connectionStatus(senderName, senderCandidates, receiverName, receiverCandidates);
    let chosen: Pair;
    if (pairs.length === 0) {
      const message =
        senderCandidates.length === 1 && receiverCandidates.length === 1
          ? `${where}: Cannot connect '${senderName}.${senderCandidates[0]!.name}' with '${receiverName}.${receiverCandidates[0]!.name}': their declared input and output types do not match.\n${status()}`
          : `${where}: Cannot connect '${senderName}' with '${receiverName}': no matching connections available.\n${status()}`;
      throw new PipelineConnectError(message, { component: receiverName, socket: receiverSocketName });
    } else if (pairs.length === 1) {
      chosen = pairs[0]!;
    } else {
      const byName = pairs.filter(([out, input]) => out.name === input.name);
      if (byName.length !== 1) {
        throw new PipelineConnectError(
          `${where}: Cannot connect '${senderName}' with '${receiverName}': more than one connection is possible between these components. ` +
            `Please specify the connection name, like: pipeline.connect('${senderName}.${pairs[0]![0].name}', '${receiverName}.${pairs[0]![1].name}').\n${status()}`,
          { component: receiverName },
        );
      }
      chosen = byName[0]!;
    }
    const [out, input, conversion] = chosen;
    // Haystack's coarse check: this output already feeds the receiver and this input is already fed by the sender.
    if (out.receivers.includes(receiverName) && input.senders.includes(senderName)) return this;
    if (input.senders.length > 0) makeAutoVariadic(receiverName, input, PipelineConnectError, where);
    out.receivers.push(receiverName);
    input.senders.push(senderName);
    const existing = this.#graph.edges(senderName, receiverName);
    const seq = this.#edgeSeq++;
    const pairSeq = existing.length > 0 ? this.#graph.getEdgeAttributes(existing[0]!).pairSeq : seq;
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
    this.#graph.addDirectedEdgeWithKey(JSON.stringify([senderName, out.name, receiverName, input.name]), senderName, receiverName, data);
    this.#changed();
    return this;
  }

  /**
   * The pipeline's inputs (Haystack's `inputs()`): per component, the input sockets nobody feeds
   * plus the variadic ones (all sockets when `includeComponentsWithConnectedInputs`).
   */
  inputs(includeComponentsWithConnectedInputs = false): Record<string, Record<string, PipelineInputDescription>> {
    const result: Record<string, Record<string, PipelineInputDescription>> = {};
    for (const { node: name, attributes: data } of this.#graph.nodeEntries()) {
      const sockets: Record<string, PipelineInputDescription> = {};
      let any = false;
      for (const s of data.inputs.values()) {
        if (!includeComponentsWithConnectedInputs && s.senders.length > 0 && s.variadic === undefined) continue;
        sockets[s.name] = s.isMandatory
          ? { type: s.schema, isMandatory: s.senders.length === 0 }
          : { type: s.schema, isMandatory: false, defaultValue: s.defaultValue };
        any = true;
      }
      if (any) result[name] = sockets;
    }
    return result;
  }

  /**
   * The pipeline's outputs (Haystack's `outputs()`): per component, the output sockets with no
   * receiver (all sockets when `includeComponentsWithConnectedOutputs`).
   */
  outputs(includeComponentsWithConnectedOutputs = false): Record<string, Record<string, PipelineOutputDescription>> {
    const result: Record<string, Record<string, PipelineOutputDescription>> = {};
    for (const { node: name, attributes: data } of this.#graph.nodeEntries()) {
      const sockets: Record<string, PipelineOutputDescription> = {};
      let any = false;
      for (const s of data.outputs.values()) {
        if (!includeComponentsWithConnectedOutputs && s.receivers.length > 0) continue;
        sockets[s.name] = { type: s.schema };
        any = true;
      }
      if (any) result[name] = sockets;
    }
    return result;
  }

  /**
   * Calls `warmUp()` of every component that has one, in insertion order, one at a time. A
   * component running in workers is rebuilt and warmed up in one worker instead (once; every
   * other worker does so before its first run of it), never on the caller's thread.
   *
   * @throws PipelineWarmUpError naming the first component whose `warmUp()` failed, with what it
   *   threw as `cause` (one from a nested pipeline passes through unchanged)
   * @throws WorkerReconstructionError when a worker cannot rebuild a component
   */
  async warmUp(): Promise<void> {
    const where = `${this.constructor.name}.warmUp`;
    this.#closer.reopen();
    for (const [name, instance] of this.walk()) {
      const worker = workerBindingOf(instance);
      if (worker === undefined && typeof instance.warmUp !== 'function') continue;
      try {
        if (worker !== undefined) await worker.pool.warm(worker.spec, where);
        else await instance.warmUp?.();
      } catch (error) {
        if (isErrorNamed(error, PipelineWarmUpError) || isErrorNamed(error, WorkerReconstructionError)) throw error;
        throw new PipelineWarmUpError(
          `${where}: The component '${name}' (type: '${instance.className}') failed to warm up: ${describeThrown(error)}\n` +
            `Fix what its warmUp() reports (a missing model or file, a bad option), then run again.`,
          { component: name, componentType: instance.className, cause: error },
        );
      }
    }
  }

  /**
   * Whether a run must call {@link PipelineBase.warmUp}: some component has a `warmUp()` or runs in workers
   * (or a subclass overrides `warmUp`). When none does, a run skips the call and its walk of the graph.
   */
  protected needsWarmUp(): boolean {
    if (this.warmUp !== PipelineBase.prototype.warmUp) return true;
    for (const node of this.compiled().nodes) {
      const { instance } = node;
      if (typeof instance.warmUp === 'function' || workerBindingOf(instance) !== undefined) return true;
      // warmUp also marks closable components as in use again, so that the next close() closes them.
      if (typeof instance.close === 'function' || typeof instance.closeAsync === 'function') return true;
    }
    return false;
  }

  /**
   * Releases what the pipeline holds (Haystack 3.x's `close()`): calls every component's `close()`
   * once, in insertion order, and terminates the pipeline's worker threads, if any were started, so
   * nothing keeps the process alive. Idempotent. The pipeline stays usable: a later run warms the
   * components up again and starts new workers, and the next close releases them again.
   *
   * @throws PipelineError naming the component whose close failed (the others and the workers are still closed)
   */
  close(): Promise<void> {
    return this.#release(false, `${this.constructor.name}.close`);
  }

  /** As {@link PipelineBase.close}, calling a component's `closeAsync()` where it has one (Haystack's `close_async`). */
  closeAsync(): Promise<void> {
    return this.#release(true, `${this.constructor.name}.closeAsync`);
  }

  /** `await using pipeline = new AsyncPipeline()` closes it (`closeAsync`) at the end of the scope. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.closeAsync();
  }

  async #release(preferAsync: boolean, where: string): Promise<void> {
    try {
      await this.#closer.close(this.walk(), preferAsync, where);
    } finally {
      await this.#workers.close();
    }
  }

  /**
   * Checks run data by component (Haystack's `validate_input`): known components and sockets,
   * every unconnected mandatory socket given. A value given to a connected list socket makes it
   * auto-variadic, permanently, as in Haystack.
   *
   * @param where the API location that prefixes error messages (the run method that validates)
   * @throws PipelineValidationError naming the component and socket
   */
  validateInput(
    data: Readonly<Record<string, Readonly<Record<string, unknown>>>>,
    where = `${this.constructor.name}.validateInput`,
  ): void {
    for (const [componentName, values] of Object.entries(data)) {
      if (!this.#graph.hasNode(componentName)) {
        throw new PipelineValidationError(`${where}: Component named '${componentName}' not found in the pipeline.`, { component: componentName });
      }
      const node = this.#graph.getNodeAttributes(componentName);
      for (const inputName of Object.keys(values)) {
        if (!node.inputs.has(inputName)) {
          throw new PipelineValidationError(
            `${where}: Input '${inputName}' not found in component '${componentName}'. Its inputs are: ${[...node.inputs.keys()].join(', ') || '(none)'}.`,
            { component: componentName, socket: inputName },
          );
        }
      }
    }
    for (const { node: componentName, attributes: node } of this.#graph.nodeEntries()) {
      const values = data[componentName];
      for (const socket of node.inputs.values()) {
        const given = values !== undefined && values[socket.name] !== undefined;
        if (socket.senders.length === 0 && socket.isMandatory && !given) {
          throw new PipelineValidationError(`${where}: Missing mandatory input '${socket.name}' for component '${componentName}'.`, {
            component: componentName,
            socket: socket.name,
          });
        }
        if (socket.senders.length > 0 && given && makeAutoVariadic(componentName, socket, PipelineValidationError, where)) this.#changed();
      }
    }
  }

  /**
   * Turns run data into the by-component form (Haystack's `_prepare_component_input_data`): data is
   * by component when every value is a plain object; otherwise each key goes to every component
   * with an input of that name among `inputs()`, and keys matching none are reported.
   */
  protected prepareInputData(data: unknown, where: string): Record<string, Record<string, unknown>> {
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      throw new PipelineValidationError(`${where}: expected the run data to be an object (by component or by socket name), got ${describe(data)}.`);
    }
    const record = data as Record<string, unknown>;
    const keys = Object.keys(record);
    if (keys.every((k) => isPlainObject(record[k]))) return record as Record<string, Record<string, unknown>>;
    const nested: Record<string, Record<string, unknown>> = {};
    const matched = new Set<string>();
    for (const [componentName, sockets] of Object.entries(this.inputs())) {
      for (const socketName of Object.keys(sockets)) {
        if (!Object.prototype.hasOwnProperty.call(record, socketName)) continue;
        (nested[componentName] ??= {})[socketName] = record[socketName];
        matched.add(socketName);
      }
    }
    const unmatched = keys.filter((k) => !matched.has(k));
    if (unmatched.length > 0) {
      this.logger.warn(`${where}: Inputs ${JSON.stringify(unmatched)} were not matched to any component inputs, please check your run parameters.`, {
        keys: unmatched,
      });
    }
    return nested;
  }

  /**
   * Everything a run needs: the compiled graph (after validation, which may promote sockets) and
   * the initial input state holding the caller's values.
   */
  protected prepareRun(data: unknown, where: string): { graph: CompiledGraph; state: ComponentInputs[] } {
    const nested = this.prepareInputData(data, where);
    // The full validation walks the building-time graph; valid data that needs no promotion is told by the compiled one.
    if (this.validateInput !== PipelineBase.prototype.validateInput || !acceptsRunData(this.compiled(), nested)) this.validateInput(nested, where);
    const graph = this.compiled();
    const state: ComponentInputs[] = graph.nodes.map((n) => new Array<Entry[] | undefined>(n.inputs.length));
    for (const [componentName, values] of Object.entries(nested)) {
      const node = graph.byName.get(componentName)!;
      const inputs = state[node.index]!;
      for (const [socketName, value] of Object.entries(values)) {
        if (value === undefined) continue;
        inputs[node.inputByName.get(socketName)!.index] = [{ sender: USER, value, shared: CALLER }];
      }
    }
    return { graph, state };
  }

  /** The run-time view of the current graph. */
  protected compiled(): CompiledGraph {
    if (this.#compiled?.version !== this.#version) {
      const nodes = new Map<string, NodeData>();
      for (const { node, attributes } of this.#graph.nodeEntries()) nodes.set(node, attributes);
      this.#compiled = { version: this.#version, graph: compileGraph(nodes, this.#orderedEdges()) };
    }
    return this.#compiled.graph;
  }

  /** Haystack's text summary: metadata, components, connections with their types. */
  toString(): string {
    let text = `<${this.constructor.name}>\n`;
    const metadata = Object.entries(this.metadata);
    if (metadata.length > 0) {
      text += '🧱 Metadata\n';
      for (const [k, v] of metadata) text += `  - ${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}\n`;
    }
    text += '🚅 Components\n';
    for (const [name, instance] of this.walk()) text += `  - ${name}: ${instance.className}\n`;
    text += '🛤️ Connections\n';
    for (const e of this.#orderedEdges()) text += `  - ${e.sender}.${e.fromSocket} -> ${e.receiver}.${e.toSocket} (${e.connType})\n`;
    return text;
  }

  /** The Mermaid text of the pipeline graph, as Haystack's `show()`/`draw()` send it to mermaid.ink. */
  toMermaid(options: { theme?: 'default' | 'neutral' | 'dark' | 'forest' } = {}): string {
    const nodes = new Map<string, NodeData>();
    for (const { node, attributes } of this.#graph.nodeEntries()) nodes.set(node, attributes);
    return renderMermaid(nodes, this.#orderedEdges(), options.theme ?? 'neutral');
  }

  /**
   * Writes the Mermaid text to a file (`path`), or to stdout when no path is given. No network is
   * used: paste the text into any Mermaid renderer, or a Markdown ```mermaid block.
   */
  async show(options: ShowOptions = {}): Promise<void> {
    await showMermaid(this.toMermaid(options.theme === undefined ? {} : { theme: options.theme }), options);
  }

  #changed(): void {
    this.#version++;
  }

  #node(name: string, where: string): NodeData {
    if (!this.#graph.hasNode(name)) {
      throw new PipelineValidationError(`${where}: Component named '${name}' not found in the pipeline. The components are: ${[...this.#graph.nodes()].join(', ') || '(none)'}.`, {
        component: name,
      });
    }
    return this.#graph.getNodeAttributes(name);
  }

  #nodeFor(name: string, where: string): NodeData {
    if (!this.#graph.hasNode(name)) {
      throw new PipelineConnectError(`${where}: Component named '${name}' not found in the pipeline. Add it with addComponent() first.`, { component: name });
    }
    return this.#graph.getNodeAttributes(name);
  }

  /** Edges in networkx order: senders by insertion, then receivers by first connection, then creation. */
  #orderedEdges(): EdgeData[] {
    const rank = new Map<string, number>();
    let i = 0;
    for (const node of this.#graph.nodes()) rank.set(node, i++);
    const edges: EdgeData[] = [];
    this.#graph.forEachEdge((_edge, attributes) => void edges.push(attributes));
    return edges.sort((a, b) => rank.get(a.sender)! - rank.get(b.sender)! || a.pairSeq - b.pairSeq || a.seq - b.seq);
  }
}

function splitAddress(address: string): [string, string | undefined] {
  const dot = address.indexOf('.');
  return dot < 0 ? [address, undefined] : [address.slice(0, dot), address.slice(dot + 1)];
}

/** Haystack's `_make_socket_auto_variadic`; returns true when the socket was promoted now. */
function makeAutoVariadic(
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

function connectionStatus(
  senderName: string,
  senderSockets: readonly OutputSocketState[],
  receiverName: string,
  receiverSockets: readonly InputSocketState[],
): string {
  const senders = senderSockets.map((s) => ` - ${s.name}: ${typeName(s.schema)}`).join('\n');
  const receivers = receiverSockets
    .map((s) => ` - ${s.name}: ${typeName(s.schema)} (${s.senders.length > 0 ? `sent by ${s.senders.join(',')}` : 'available'})`)
    .join('\n');
  return `'${senderName}':\n${senders}\n'${receiverName}':\n${receivers}`;
}

function removeAll(list: string[], value: string): void {
  for (let i = list.length - 1; i >= 0; i--) if (list[i] === value) list.splice(i, 1);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
