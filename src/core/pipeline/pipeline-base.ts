import { MultiDirectedGraph } from 'graphology';
import { assertValidComponent, isComponent, type AnyComponent } from '../component/component.js';
import { PipelineConnectError, PipelineError, PipelineValidationError, PipelineWarmUpError, WorkerReconstructionError, isErrorNamed, named } from '../../errors.js';
import { getLogger, type Logger } from '../logger.js';
import { describeThrown } from '../thrown-value.js';
import { acceptsRunData, compileGraph, type CompiledGraph, type ComponentInputs } from './compiled-graph.js';
import { drawImage, type DrawOptions } from './draw-image.js';
import { renderMermaid, showMermaid, type ShowOptions } from './draw.js';
import type { ReceiverAddress, SenderAddress } from './typed-names.js';
import type { NodeData } from './graph-model.js';
import { addConnection, detachNode, makeAutoVariadic, nodeDataFor, nodeMap, orderedEdges, type PipelineGraph } from './graph-building.js';
import { resolveConnection, splitAddress } from './connect-resolution.js';
import { validateRunData } from './validate-input.js';
import { initialInputState, nestRunData } from './prepare-run.js';
import { pipelineText } from './pipeline-text.js';
import type { ComponentMap, PipelineConnection, PipelineInputDescription, PipelineOutputDescription, WithComponent } from './pipeline-types.js';
import { resolvePipelineOptions, type PipelineOptions } from './pipeline-options.js';
import { resolveAddComponentOptions, resolveExecutor, type AddComponentOptions, type Executor } from '../workers/executor-options.js';
import { bindToWorker, describeForWorker, unbindFromWorker, workerBindingOf } from '../workers/worker-binding.js';
import { ComponentWorkerPool } from '../workers/worker-pool.js';
import { ComponentCloser } from './close-components.js';
import { ComponentPolicy, bindComponentPolicy, unbindComponentPolicy } from './resilience.js';
import { resolveResilienceOptions } from './resilience-options.js';
import { describeValue } from '../../describe.js';

// The pipeline's types live in pipeline-types.ts; importers of this module keep finding them here.
export type { ComponentMap, FlatPipelineData, IsLoose, KnownKeys, NestedPipelineData, PipelineConnection, PipelineData } from './pipeline-types.js';
export type { PipelineInputDescription, PipelineOutputDescription, PipelineResult, PipelineSocketValue, Simplify, WithComponent } from './pipeline-types.js';

/** Which pipeline each component instance belongs to: a component can be in one pipeline only. */
const owners = new WeakMap<AnyComponent, PipelineBase<ComponentMap>>();

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

  readonly #graph: PipelineGraph = new MultiDirectedGraph({ allowSelfLoops: false });
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
    if (typeof name !== 'string') throw new PipelineValidationError(`${where}: expected the name to be a string, got ${describeValue(name)}.`);
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
        `${where}: ${describeValue(instance)} doesn't seem to be a component. Extend Component or use defineComponent() to declare one.`,
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
    const classExecutor = resolveExecutor((instance.constructor as { executor?: unknown }).executor, where, `the static executor of ${describeValue(instance.constructor)}`);
    const spec = (chosen ?? classExecutor ?? this.#executor) === 'worker' ? describeForWorker(instance, name, where) : undefined;
    this.#graph.addNode(name, nodeDataFor(instance));
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
    this.#node(name, where);
    const node = detachNode(this.#graph, name);
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
    return orderedEdges(this.#graph).map((e) => ({ sender: `${e.sender}.${e.fromSocket}`, receiver: `${e.receiver}.${e.toSocket}` }));
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
      throw new PipelineConnectError(`${where}: expected two 'component' or 'component.socket' strings, got ${describeValue(sender)} and ${describeValue(receiver)}.`);
    }
    const [senderName, senderSocketName] = splitAddress(sender);
    const [receiverName, receiverSocketName] = splitAddress(receiver);
    if (senderName === receiverName) {
      throw new PipelineConnectError(`${where}: Connecting a Component to itself is not supported ('${sender}' -> '${receiver}').`, { component: senderName });
    }
    const { out, input, conversion } = resolveConnection(
      { name: senderName, node: this.#nodeFor(senderName, where), socket: senderSocketName },
      { name: receiverName, node: this.#nodeFor(receiverName, where), socket: receiverSocketName },
      this.connectionTypeValidation,
      where,
    );
    // Haystack's coarse check: this output already feeds the receiver and this input is already fed by the sender.
    if (out.receivers.includes(receiverName) && input.senders.includes(senderName)) return this;
    if (input.senders.length > 0) makeAutoVariadic(receiverName, input, PipelineConnectError, where);
    addConnection(this.#graph, senderName, out, receiverName, input, conversion, this.#edgeSeq++);
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
    validateRunData(this.#graph, data, where, () => this.#changed());
  }

  /**
   * Turns run data into the by-component form (Haystack's `_prepare_component_input_data`): data is
   * by component when every value is a plain object; otherwise each key goes to every component
   * with an input of that name among `inputs()`, and keys matching none are reported.
   */
  protected prepareInputData(data: unknown, where: string): Record<string, Record<string, unknown>> {
    return nestRunData(data, this, this.logger, where);
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
    return { graph, state: initialInputState(graph, nested) };
  }

  /** The run-time view of the current graph. */
  protected compiled(): CompiledGraph {
    if (this.#compiled?.version !== this.#version) {
      this.#compiled = { version: this.#version, graph: compileGraph(nodeMap(this.#graph), orderedEdges(this.#graph)) };
    }
    return this.#compiled.graph;
  }

  /** Haystack's text summary: metadata, components, connections with their types. */
  toString(): string {
    return pipelineText(this.constructor.name, this.metadata, this.walk(), orderedEdges(this.#graph));
  }

  /** The Mermaid text of the pipeline graph, as Haystack's `show()`/`draw()` send it to mermaid.ink. */
  toMermaid(options: { theme?: 'default' | 'neutral' | 'dark' | 'forest' } = {}): string {
    return renderMermaid(nodeMap(this.#graph), orderedEdges(this.#graph), options.theme ?? 'neutral');
  }

  /**
   * Writes the Mermaid text to a file (`path`), or to stdout when no path is given. No network is
   * used: paste the text into any Mermaid renderer, or a Markdown ```mermaid block.
   */
  async show(options: ShowOptions = {}): Promise<void> {
    await showMermaid(this.toMermaid(options.theme === undefined ? {} : { theme: options.theme }), options);
  }

  /**
   * Renders the drawing to an SVG, PNG or PDF file offline, with `@mermaid-js/mermaid-cli` and a
   * local Chromium (Haystack's `draw()` sends the text to mermaid.ink instead).
   * @throws PipelineValidationError for invalid options
   * @throws PipelineDrawingError when the renderer or browser is missing, or rendering or writing fails (see its `reason`)
   */
  async draw(options: DrawOptions): Promise<void> {
    await drawImage((theme) => this.toMermaid({ theme }), options, `${this.constructor.name}.draw`);
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
}
