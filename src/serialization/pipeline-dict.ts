import type { AnyComponent, ComponentDict } from '../core/component/component.js';
import { DeserializationError, SerializationError } from '../errors.js';
import { describeKind, maskDataValues } from '../core/serialization/redact.js';
import { Pipeline } from '../core/pipeline/pipeline.js';
import { createDefaultRegistry } from './builtins.js';
import { camelToSnake, snakeToCamel } from '../core/serialization/casing.js';
import { componentFromDict, componentToDict, findUnsupportedValue, type ComponentFromDictOptions } from '../core/serialization/component-dict.js';
import type { ComponentRegistry } from '../core/serialization/registry.js';
import { assertSafeData, FORBIDDEN_KEYS } from '../core/serialization/safety.js';

/** Haystack's serialized layout of a pipeline (`Pipeline.to_dict()`). */
export interface PipelineDict {
  metadata: Record<string, unknown>;
  max_runs_per_component: number;
  components: Record<string, ComponentDict>;
  connections: Array<{ sender: string; receiver: string }>;
  connection_type_validation: boolean;
}

/** What serialization reads from a pipeline: only the public accessors of the Pipeline API. */
export interface SerializablePipeline {
  walk(): Iterable<readonly [string, AnyComponent]>;
  connections(): ReadonlyArray<{ readonly sender: string; readonly receiver: string }>;
  readonly maxRunsPerComponent: number;
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly connectionTypeValidation: boolean;
}

/** What deserialization calls on a new pipeline. */
export interface BuildablePipeline {
  addComponent(name: string, instance: AnyComponent): unknown;
  connect(sender: string, receiver: string): unknown;
  getComponent(name: string): AnyComponent;
  /** Used to release the components again when building fails (so they can join another pipeline). */
  removeComponent?(name: string): unknown;
}

/** The constructor options of `Pipeline`/`AsyncPipeline` that serialization sets. */
export interface SerializedPipelineOptions {
  maxRunsPerComponent: number;
  metadata: Record<string, unknown>;
  connectionTypeValidation: boolean;
}

/** `Pipeline`, `AsyncPipeline`, or any class with their constructor and building methods. */
export type PipelineClass<P extends BuildablePipeline> = new (options: SerializedPipelineOptions) => P;

/** Options of {@link pipelineToDict} and `dumps`. */
export interface PipelineToDictOptions {
  /** Resolves the names of custom template filters (`registry.registerCallable`). */
  readonly registry?: ComponentRegistry | undefined;
}

/**
 * Serializes a pipeline in Haystack's layout: components in insertion order, connections in the
 * pipeline's edge order, socket names snake_cased (`top_k`) as Haystack writes them.
 *
 * @throws SerializationError naming the component whose parameters cannot be written.
 * @example
 * const data = pipelineToDict(pipeline);
 * const copy = pipelineFromDict(data); // a Pipeline; pass { pipelineClass: AsyncPipeline } for the other engine
 */
export function pipelineToDict(pipeline: SerializablePipeline, options: PipelineToDictOptions = {}): PipelineDict {
  const components: Record<string, ComponentDict> = {};
  const instances = new Map<string, AnyComponent>();
  for (const [name, component] of pipeline.walk()) {
    components[name] = componentToDict(component, name, options.registry);
    instances.set(name, component);
  }
  const metadata = structuredCloneChecked(pipeline.metadata);
  const connections = pipeline.connections().map(({ sender, receiver }) => ({
    sender: writeSocket(sender),
    receiver: writeSocket(receiver),
  }));
  return {
    metadata,
    max_runs_per_component: pipeline.maxRunsPerComponent,
    components,
    connections,
    connection_type_validation: pipeline.connectionTypeValidation,
  };
}

function structuredCloneChecked(metadata: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const problem = findUnsupportedValue(metadata);
  if (problem !== undefined) {
    throw new SerializationError(
      `pipelineToDict: the pipeline's metadata has an unsupported value of type '${problem.type}' under key '${problem.path}'; ` +
        'metadata must be plain data (strings, numbers, booleans, null, arrays, plain objects).',
    );
  }
  return structuredClone({ ...metadata });
}

/** `component.socketName` → `component.socket_name`, unless the name would not read back the same. */
function writeSocket(address: string): string {
  const dot = address.indexOf('.');
  if (dot === -1) return address;
  const socket = address.slice(dot + 1);
  const snake = camelToSnake(socket);
  return snakeToCamel(snake) === socket ? `${address.slice(0, dot)}.${snake}` : address;
}

/** Options of {@link (pipelineFromDict:1) | pipelineFromDict} and `loads`. */
export interface PipelineFromDictOptions<P extends BuildablePipeline = Pipeline> {
  /** The class to build: `Pipeline` or `AsyncPipeline`. @default Pipeline */
  readonly pipelineClass?: PipelineClass<P> | undefined;
  /** Where component types resolve. @default createDefaultRegistry() (the library's components) */
  readonly registry?: ComponentRegistry | undefined;
  /** Instances to reuse instead of building them, by component name (Haystack's `components` kwarg). */
  readonly components?: Readonly<Record<string, AnyComponent>> | undefined;
  /** Called before each component is built with its snake_case init parameters; may edit them. */
  readonly componentPreInit?: ComponentFromDictOptions['componentPreInit'];
}

/**
 * Rebuilds a pipeline from Haystack's layout (Haystack's `Pipeline.from_dict`): components are
 * built through the registry only, then added and connected in data order, so every connect rule
 * applies. Untrusted data is checked first (see `assertSafeData`).
 *
 * @throws DeserializationError naming the component for unknown types, hostile keys, plain-text
 * secrets and constructor failures; `PipelineConnectError` for connections that do not fit.
 */
export function pipelineFromDict(data: unknown, options?: PipelineFromDictOptions<Pipeline> & { readonly pipelineClass?: undefined }): Pipeline;
export function pipelineFromDict<P extends BuildablePipeline>(data: unknown, options: PipelineFromDictOptions<P> & { readonly pipelineClass: PipelineClass<P> }): P;
export function pipelineFromDict<P extends BuildablePipeline>(data: unknown, options: PipelineFromDictOptions<P> = {}): P {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new DeserializationError(`pipelineFromDict: expected a mapping with 'components' and 'connections', got ${describe(data)}.`);
  }
  const record = data as Record<string, unknown>;
  const rawComponents = record['components'] ?? {};
  if (typeof rawComponents !== 'object' || rawComponents === null || Array.isArray(rawComponents)) {
    throw new DeserializationError(`pipelineFromDict: 'components' must be a mapping of name to component, got ${describe(rawComponents)}.`);
  }
  const { components: _components, ...rest } = record;
  assertSafeData(rest, { path: '' });
  for (const name of Reflect.ownKeys(rawComponents)) {
    if (typeof name !== 'string') continue;
    if (FORBIDDEN_KEYS.has(name)) {
      throw new DeserializationError(`pipelineFromDict: refusing the component name '${name}': it could modify object prototypes.`, {
        component: name,
      });
    }
    assertSafeData((rawComponents as Record<string, unknown>)[name], { component: name, path: `components.${name}` });
  }

  const metadata = record['metadata'] ?? {};
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
    throw new DeserializationError(`pipelineFromDict: 'metadata' must be a mapping, got ${describe(metadata)}.`);
  }
  const maxRuns = record['max_runs_per_component'] ?? 100;
  if (typeof maxRuns !== 'number' || !Number.isInteger(maxRuns) || maxRuns < 1) {
    throw new DeserializationError(`pipelineFromDict: 'max_runs_per_component' must be a positive integer, got ${describe(maxRuns)}.`);
  }
  const validation = record['connection_type_validation'] ?? true;
  if (typeof validation !== 'boolean') {
    throw new DeserializationError(`pipelineFromDict: 'connection_type_validation' must be a boolean, got ${describe(validation)}.`);
  }
  const connections = record['connections'] ?? [];
  if (!Array.isArray(connections)) {
    throw new DeserializationError(`pipelineFromDict: 'connections' must be a list of { sender, receiver }, got ${describe(connections)}.`);
  }

  const PipelineCtor = (options.pipelineClass ?? Pipeline) as unknown as PipelineClass<P>;
  const pipeline = new PipelineCtor({
    metadata: structuredClone(metadata as Record<string, unknown>),
    maxRunsPerComponent: maxRuns,
    connectionTypeValidation: validation,
  });
  const registry = options.registry ?? createDefaultRegistry();
  const added: string[] = [];
  try {
    for (const [name, componentData] of Object.entries(rawComponents as Record<string, unknown>)) {
      const reused = options.components?.[name];
      const instance =
        reused ?? componentFromDict(componentData, { registry, name, componentPreInit: options.componentPreInit });
      pipeline.addComponent(name, instance);
      added.push(name);
    }
    connectAll(pipeline, connections);
  } catch (error) {
    // No half-built pipeline keeps hold of the components (a reused one could join no other).
    for (const name of added.reverse()) pipeline.removeComponent?.(name);
    throw error;
  }
  return pipeline;
}

function connectAll(pipeline: BuildablePipeline, connections: unknown[]): void {
  for (const connection of connections) {
    if (typeof connection !== 'object' || connection === null) {
      throw new DeserializationError(`pipelineFromDict: each connection must be a mapping with 'sender' and 'receiver', got ${describe(connection)}.`);
    }
    const { sender, receiver } = connection as Record<string, unknown>;
    if (typeof sender !== 'string') throw new DeserializationError(`pipelineFromDict: missing sender in connection ${describeConnection(connection)}.`);
    if (typeof receiver !== 'string') {
      throw new DeserializationError(`pipelineFromDict: missing receiver in connection ${describeConnection(connection)}.`);
    }
    pipeline.connect(readSocket(pipeline, sender, 'output'), readSocket(pipeline, receiver, 'input'));
  }
}

/** Accepts Haystack's snake_case socket names for our camelCase sockets (`top_k` → `topK`). */
function readSocket(pipeline: BuildablePipeline, address: string, side: 'input' | 'output'): string {
  const dot = address.indexOf('.');
  if (dot === -1) return address;
  const name = address.slice(0, dot);
  const socket = address.slice(dot + 1);
  let component: AnyComponent;
  try {
    component = pipeline.getComponent(name);
  } catch {
    return address; // connect() reports the unknown component with its own message
  }
  const sockets = side === 'input' ? component.inputSchemas : component.outputSchemas;
  if (Object.hasOwn(sockets, socket)) return address;
  const camel = snakeToCamel(socket);
  return Object.hasOwn(sockets, camel) ? `${name}.${camel}` : address;
}

// Loaded values are described by kind, never quoted: they may hold a token.
function describe(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${String(value)}`;
  return describeKind(value);
}

function describeConnection(connection: object): string {
  const { sender, receiver } = connection as Record<string, unknown>;
  const end = (v: unknown): string => (typeof v === 'string' ? maskDataValues(`'${v}'`, v) : describeKind(v));
  return `(sender ${end(sender)}, receiver ${end(receiver)})`;
}
