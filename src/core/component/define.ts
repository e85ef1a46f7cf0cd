import { Component, type RunContext } from './component.js';
import type { InputSchemas, OutputSchemas, RunInput, RunOutput } from './sockets.js';

/** The light, function form of a component; see {@link defineComponent}. */
export interface ComponentDefinition<I extends InputSchemas, O extends OutputSchemas> {
  /** The class name, used in messages and as the serialized `type`. */
  readonly name: string;
  readonly inputs: I;
  readonly outputs: O;
  readonly run: (input: RunInput<I>, context?: RunContext) => RunOutput<O> | Promise<RunOutput<O>>;
  readonly runAsync?: (input: RunInput<I>, context?: RunContext) => Promise<RunOutput<O>>;
  readonly warmUp?: () => void | Promise<void>;
  /** Releases what the component holds; see {@link Component.close}. */
  readonly close?: () => void | Promise<void>;
}

/** A class made by {@link defineComponent}: `new Double()`. */
export interface DefinedComponentClass<I extends InputSchemas, O extends OutputSchemas> {
  new (): Component<I, O>;
  readonly typeName: string;
}

/**
 * Declares a component from functions, when a class would be ceremony. TypeScript infers the types
 * of `run`'s argument and result from the socket schemas.
 *
 * @example
 * const Double = defineComponent({
 *   name: 'Double',
 *   inputs: { value: z.number() },
 *   outputs: { value: z.number() },
 *   run: ({ value }) => ({ value: value * 2 }),
 * });
 * pipeline.addComponent('double', new Double());
 */
export function defineComponent<I extends InputSchemas, O extends OutputSchemas>(
  definition: ComponentDefinition<I, O>,
): DefinedComponentClass<I, O> {
  const { name, inputs, outputs, run, runAsync, warmUp, close } = definition;
  const Defined = class extends Component<I, O> {
    static override readonly typeName: string = name;
    constructor() {
      super({ inputs, outputs });
      if (runAsync) this.runAsync = runAsync;
      if (warmUp) this.warmUp = warmUp;
      if (close) this.close = close;
    }
    run(input: RunInput<I>, context?: RunContext): RunOutput<O> | Promise<RunOutput<O>> {
      return run(input, context);
    }
  };
  Object.defineProperty(Defined, 'name', { value: name });
  return Defined as DefinedComponentClass<I, O>;
}
