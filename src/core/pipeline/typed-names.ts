import type { InputsOf, OutputsOf } from '../component/component.js';
import type { ComponentMap, IsLoose } from './pipeline-base.js';

/**
 * Names a chained pipeline checks at compile time: `connect` addresses and `includeOutputsFrom`
 * components (issue 14.3). A pipeline built statement by statement is loose and takes any string;
 * a component whose sockets are known only at run time (a builder with a non-literal template, a
 * router) accepts any socket name after its own, never a misspelt component name.
 */

export type SocketNames<S> = string extends keyof S ? string : keyof S & string;

/** `'component'` or `'component.outputSocket'` of pipeline `C`. */
export type SenderAddress<C extends ComponentMap> =
  IsLoose<C> extends true ? string : { [K in keyof C & string]: K | `${K}.${SocketNames<OutputsOf<C[K]>>}` }[keyof C & string];

/** `'component'` or `'component.inputSocket'` of pipeline `C`. */
export type ReceiverAddress<C extends ComponentMap> =
  IsLoose<C> extends true ? string : { [K in keyof C & string]: K | `${K}.${SocketNames<InputsOf<C[K]>>}` }[keyof C & string];

/** The component names of pipeline `C`, as `includeOutputsFrom` takes them. */
export type ComponentName<C extends ComponentMap> = IsLoose<C> extends true ? string : keyof C & string;

/** Run options whose `includeOutputsFrom` is checked against the pipeline's component names. */
export type RunOptionsFor<C extends ComponentMap, O extends { readonly includeOutputsFrom?: Iterable<string> }> =
  IsLoose<C> extends true ? O : Omit<O, 'includeOutputsFrom'> & { readonly includeOutputsFrom?: Iterable<ComponentName<C>> };
