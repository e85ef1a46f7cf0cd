import type { z } from 'zod';
import type { AnyComponent } from '../component/component.js';
import type { VariadicKind } from '../component/sockets.js';
import type { ConversionStrategy } from '../types/conversion.js';

/**
 * The building-time model of a pipeline: what Haystack keeps on its networkx nodes and on the
 * components' socket objects (`senders`, `receivers`, auto-variadic flags). Here it lives in the
 * pipeline, not on the component, so a component instance carries no pipeline state.
 */

/** One input socket of a component in a pipeline. */
export interface InputSocketState {
  readonly name: string;
  /** For variadic sockets, the schema of one item. */
  readonly schema: z.ZodType;
  /** 'lazy' also for a list socket promoted to auto-variadic. */
  variadic: VariadicKind | undefined;
  readonly isMandatory: boolean;
  readonly defaultValue: unknown;
  /** Sender component names, in connect order (duplicates when one sender connects two outputs). */
  readonly senders: string[];
  /** False only for auto-variadic list sockets, whose values are flattened one level. */
  wrapInputInList: boolean;
}

/** One output socket of a component in a pipeline. */
export interface OutputSocketState {
  readonly name: string;
  readonly schema: z.ZodType;
  /** Receiver component names, in connect order. */
  readonly receivers: string[];
}

/** What a graph node carries. */
export interface NodeData {
  readonly instance: AnyComponent;
  readonly inputs: Map<string, InputSocketState>;
  readonly outputs: Map<string, OutputSocketState>;
}

/** What a graph edge carries (Haystack's edge data). */
export interface EdgeData {
  readonly sender: string;
  readonly receiver: string;
  readonly fromSocket: string;
  readonly toSocket: string;
  /** The sender socket's type name, as printed by `toString()` and `toMermaid()`. */
  readonly connType: string;
  /** Whether the receiver socket was mandatory when connected. */
  readonly mandatory: boolean;
  readonly conversion: ConversionStrategy | undefined;
  /** Creation order of this edge. */
  readonly seq: number;
  /** Creation order of the first edge between the same two components (networkx adjacency order). */
  readonly pairSeq: number;
}
