import type { z } from 'zod';
import type { AnyComponent, InputsOf } from '../component/component.js';
import type { VariadicKind, VariadicSchema } from '../component/sockets.js';
import type { PipelineResultEntry } from './pipeline-result.js';

/**
 * The types a pipeline is written against: the component map a chained `addComponent` builds, the
 * run data and result typed from it, and what `connections()`, `inputs()` and `outputs()` list.
 */

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
