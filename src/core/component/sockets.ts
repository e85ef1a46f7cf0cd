import type { z } from 'zod';

/**
 * Socket declarations and their metadata.
 *
 * A component declares its sockets as zod schemas. An input socket is optional when its schema
 * accepts `undefined` (`.optional()` or `.default(v)`), mirroring a Python default; the engine fills
 * the default before calling `run`. Variadic inputs wrap the schema of one item.
 */

/** How a variadic input collects values; see {@link (Variadic:1) | Variadic} and {@link (GreedyVariadic:1) | GreedyVariadic}. */
export type VariadicKind = 'lazy' | 'greedy';

const VARIADIC = Symbol.for('haystack-ts.variadic');

/** A variadic input declaration: the schema of one item, and how items are collected. */
export interface VariadicSchema<
  T extends z.ZodType = z.ZodType,
  K extends VariadicKind = VariadicKind,
  D extends boolean = boolean,
> {
  readonly [VARIADIC]: true;
  readonly kind: K;
  readonly item: T;
  /** True when the socket is optional: it then receives `[defaultValue]` when nothing arrived. */
  readonly hasDefault: D;
  readonly defaultValue: unknown;
}

/** Options of {@link (Variadic:1) | Variadic} and {@link (GreedyVariadic:1) | GreedyVariadic}. */
export interface VariadicOptions<T extends z.ZodType> {
  /**
   * Makes the socket optional: when no value arrived, the component receives `[default]`, as with
   * Haystack's `set_input_type(name, Variadic[T], default=...)`.
   */
  readonly default: z.output<T>;
}

function variadic<T extends z.ZodType, K extends VariadicKind>(
  kind: K,
  item: T,
  options: VariadicOptions<T> | undefined,
): VariadicSchema<T, K, boolean> {
  const hasDefault = options !== undefined && 'default' in options;
  return Object.freeze({ [VARIADIC]: true as const, kind, item, hasDefault, defaultValue: hasDefault ? options.default : undefined });
}

/**
 * A lazy variadic input (Haystack's `Variadic[T]`): the component waits until every sender has run
 * and receives a list of all values, user value first, then in write order.
 *
 * @example
 * inputs: { values: Variadic(z.number()) } // run({ values }) receives number[]
 */
export function Variadic<T extends z.ZodType>(item: T): VariadicSchema<T, 'lazy', false>;
export function Variadic<T extends z.ZodType>(item: T, options: VariadicOptions<T>): VariadicSchema<T, 'lazy', true>;
export function Variadic<T extends z.ZodType>(item: T, options?: VariadicOptions<T>): VariadicSchema<T, 'lazy'> {
  return variadic('lazy', item, options);
}

/**
 * A greedy variadic input (Haystack's `GreedyVariadic[T]`): the component runs as soon as one value
 * is present and receives a one-element list with the last value written. `BranchJoiner` uses it.
 */
export function GreedyVariadic<T extends z.ZodType>(item: T): VariadicSchema<T, 'greedy', false>;
export function GreedyVariadic<T extends z.ZodType>(item: T, options: VariadicOptions<T>): VariadicSchema<T, 'greedy', true>;
export function GreedyVariadic<T extends z.ZodType>(item: T, options?: VariadicOptions<T>): VariadicSchema<T, 'greedy'> {
  return variadic('greedy', item, options);
}

/** True if `value` is a {@link (Variadic:1) | Variadic} or {@link (GreedyVariadic:1) | GreedyVariadic} declaration. */
export function isVariadicSchema(value: unknown): value is VariadicSchema {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[VARIADIC] === true;
}

/** One input socket declaration: a zod schema, or a variadic wrapper of one. */
export type InputSchema = z.ZodType | VariadicSchema;
/** A component's input sockets by name. */
export type InputSchemas = Readonly<Record<string, InputSchema>>;
/** A component's output sockets by name. */
export type OutputSchemas = Readonly<Record<string, z.ZodType>>;

/** The value a component receives on one input socket. */
export type SocketValue<S> =
  S extends VariadicSchema<infer T, VariadicKind, boolean> ? z.output<T>[] : S extends z.ZodType ? z.output<S> : never;

export type OptionalKeys<I extends InputSchemas> = {
  [K in keyof I]: I[K] extends z.ZodType
    ? undefined extends z.input<I[K]>
      ? K
      : never
    : I[K] extends VariadicSchema<z.ZodType, VariadicKind, true>
      ? K
      : never;
}[keyof I];
export type MandatoryKeys<I extends InputSchemas> = Exclude<keyof I, OptionalKeys<I>>;
export type Simplify<T> = { [K in keyof T]: T[K] } & {};

/**
 * The argument of `run`/`runAsync`: mandatory sockets are required keys, optional sockets are
 * optional keys. Inside a pipeline the engine always passes optional sockets (filled with their
 * defaults); a direct call may leave them out.
 */
export type RunInput<I extends InputSchemas> = Simplify<
  { [K in MandatoryKeys<I>]: SocketValue<I[K]> } & { [K in OptionalKeys<I>]?: SocketValue<I[K]> }
>;

/**
 * What `run`/`runAsync` returns: any subset of the output sockets (a router emits only the route it
 * took). Keys that are not declared are allowed at run time: they warn, are never delivered to
 * receivers, but appear in the pipeline's outputs, as in Haystack.
 */
export type RunOutput<O extends OutputSchemas> = Simplify<{ [K in keyof O]?: z.output<O[K]> }>;

/**
 * What `run` returns for a component that produces every output socket on every call (a retriever,
 * an embedder, a builder): each socket is a required key, so `(await embedder.run(x)).embedding` is
 * `number[]`. Components that emit only some sockets (routers) return {@link RunOutput} instead.
 */
export type RunResult<O extends OutputSchemas> = Simplify<{ [K in keyof O]: z.output<O[K]> }>;

/** Metadata of one input socket, as the pipeline sees it. */
export interface InputSocketInfo {
  readonly name: string;
  /** The schema of the value (for variadic sockets, of one item). */
  readonly schema: z.ZodType;
  /** `undefined` for plain sockets. */
  readonly variadic: VariadicKind | undefined;
  /** True when the socket has no default. */
  readonly isMandatory: boolean;
  /** The default value, filled in when nothing arrived (`undefined` for `.optional()`). */
  readonly defaultValue: unknown;
}

/** Metadata of one output socket. */
export interface OutputSocketInfo {
  readonly name: string;
  readonly schema: z.ZodType;
}

interface ZodInternals {
  _zod: { optin?: string; def: { type: string; defaultValue?: unknown } };
}

/** Reads the metadata of every input socket, in declaration order. */
export function describeInputs(inputs: InputSchemas): InputSocketInfo[] {
  return Object.entries(inputs).map(([name, declared]) => {
    if (isVariadicSchema(declared)) {
      return { name, schema: declared.item, variadic: declared.kind, isMandatory: !declared.hasDefault, defaultValue: declared.defaultValue };
    }
    const internals = (declared as unknown as ZodInternals)._zod;
    const isMandatory = internals.optin === undefined;
    // `.default(v)` keeps the value on the schema; a getter in zod 4, so read it each time it is described.
    const defaultValue = internals.def.type === 'default' ? internals.def.defaultValue : undefined;
    return { name, schema: declared, variadic: undefined, isMandatory, defaultValue };
  });
}

/** Reads the metadata of every output socket, in declaration order. */
export function describeOutputs(outputs: OutputSchemas): OutputSocketInfo[] {
  return Object.entries(outputs).map(([name, schema]) => ({ name, schema }));
}
