import { ComponentError } from '../../errors.js';
import type { InputSchemas, OutputSchemas, RunInput, RunOutput } from './sockets.js';
import { describeValue } from '../../describe.js';

/** What the engine passes as the second argument of `run`/`runAsync`. */
export interface RunContext {
  /** Aborted when the run is cancelled (caller's signal, a failed sibling, an abandoned generator). */
  readonly signal: AbortSignal;
  /** The component's name in the pipeline that runs it. */
  readonly componentName: string;
}

/** Haystack's serialized form of a component: `{ type, init_parameters }`. */
export interface ComponentDict {
  readonly type: string;
  readonly init_parameters: Record<string, unknown>;
}

/** The socket declarations (and init parameters, for serialization) a component is built with. */
export interface ComponentSpec<I extends InputSchemas, O extends OutputSchemas> {
  readonly inputs: I;
  readonly outputs: O;
  /**
   * The values the component was constructed with, camelCased, as `toDict()` should write them.
   * Components that need more control override `toDict()` instead.
   */
  readonly initParameters?: Readonly<Record<string, unknown>>;
}

/**
 * Base class of every component.
 *
 * Sockets are given per instance to the constructor, so components whose sockets depend on init
 * parameters (prompt builders, routers) compute them before calling `super`, as Haystack's
 * `set_input_types` does. `run` and the optional `runAsync` share those sockets by construction.
 *
 * @example
 * const inputs = { value: z.number(), add: z.number().optional() };
 * const outputs = { result: z.number() };
 * class AddFixedValue extends Component<typeof inputs, typeof outputs> {
 *   constructor(readonly add = 1) { super({ inputs, outputs, initParameters: { add } }); }
 *   run({ value, add = this.add }: RunInput<typeof inputs>) { return { result: value + add }; }
 * }
 */
export abstract class Component<I extends InputSchemas = InputSchemas, O extends OutputSchemas = OutputSchemas> {
  /**
   * The name under which `toDict()` writes this class and a registry resolves it. Library components
   * use Haystack's import path so that Haystack YAML loads; user components default to the class name.
   */
  static readonly typeName: string | undefined = undefined;

  readonly inputSchemas: I;
  readonly outputSchemas: O;
  readonly initParameters: Readonly<Record<string, unknown>>;

  constructor(spec: ComponentSpec<I, O>) {
    this.inputSchemas = spec.inputs;
    this.outputSchemas = spec.outputs;
    this.initParameters = spec.initParameters ?? {};
  }

  /** Runs the component. May return a promise; the sequential engine awaits it. */
  abstract run(input: RunInput<I>, context?: RunContext): RunOutput<O> | Promise<RunOutput<O>>;

  /** Optional async variant with the same sockets; the async engine prefers it over `run`. */
  runAsync?(input: RunInput<I>, context?: RunContext): Promise<RunOutput<O>>;

  /** Optional one-time preparation (loading a model). Must be idempotent: every run calls it. */
  warmUp?(): void | Promise<void>;

  /**
   * Optional release of what the component holds (an HTTP client, a database pool), as Haystack
   * 3.x's `close()`. Must be idempotent, and a later `warmUp()` or run may acquire it again.
   * `pipeline.close()` calls it; so does `await using` on the component itself.
   */
  close?(): void | Promise<void>;

  /** Optional async variant of `close` (Haystack's `close_async`); `pipeline.closeAsync()` prefers it. */
  closeAsync?(): Promise<void>;

  /** `await using llm = new OpenAIChatGenerator()` releases it at the end of the scope (`closeAsync`, else `close`). */
  async [Symbol.asyncDispose](): Promise<void> {
    if (typeof this.closeAsync === 'function') await this.closeAsync();
    else if (typeof this.close === 'function') await this.close();
  }

  /** The serialized type name: the class's static `typeName`, else its class name. */
  get typeName(): string {
    const ctor = this.constructor as typeof Component;
    return ctor.typeName ?? ctor.name;
  }

  /**
   * The bare class name, used where Haystack prints `type(instance).__name__`: error messages
   * (`Component type: 'X'`), `toString()` and Mermaid labels. Library components' `typeName` is a
   * Haystack import path, which is right for serialization but noisy in messages. Its last
   * segment is the class name, and unlike `constructor.name` it survives minification.
   */
  get className(): string {
    const typeName = (this.constructor as typeof Component).typeName;
    return typeName === undefined ? this.constructor.name : typeName.slice(typeName.lastIndexOf('.') + 1);
  }
}

/** Any component, whatever its sockets. */
export type AnyComponent = Component<InputSchemas, OutputSchemas>;
/** The input sockets of a component type. */
export type InputsOf<C> = C extends Component<infer I, OutputSchemas> ? I : never;
/** The output sockets of a component type. */
export type OutputsOf<C> = C extends Component<InputSchemas, infer O> ? O : never;
/** The argument `run` of a component type takes. */
export type RunInputOf<C> = RunInput<InputsOf<C>>;
/** What `run` of a component type returns. */
export type RunOutputOf<C> = RunOutput<OutputsOf<C>>;

/** True for component instances, including those of another copy of this package. */
export function isComponent(value: unknown): value is AnyComponent {
  if (value instanceof Component) return true;
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { run?: unknown }).run === 'function' &&
    typeof (value as { inputSchemas?: unknown }).inputSchemas === 'object' &&
    typeof (value as { outputSchemas?: unknown }).outputSchemas === 'object'
  );
}

/**
 * Checks what TypeScript cannot: that a component built from plain JavaScript has a `run`, that a
 * `runAsync` is a function. Called by `addComponent`.
 */
export function assertValidComponent(value: unknown, where: string): asserts value is AnyComponent {
  if (!isComponent(value)) {
    throw new ComponentError(
      `${where}: expected a component (an instance of Component with inputSchemas, outputSchemas and run()), got ${describeValue(value)}.`,
    );
  }
  const runAsync = (value as { runAsync?: unknown }).runAsync;
  if (runAsync !== undefined && typeof runAsync !== 'function') {
    throw new ComponentError(`${where}: 'runAsync' of component '${value.typeName}' must be a function, got ${describeValue(runAsync)}.`);
  }
}

