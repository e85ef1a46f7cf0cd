import type { z } from 'zod';
import { Component, type ComponentDict } from '../../core/component/component.js';
import { GreedyVariadic, type RunInput, type RunResult, type VariadicSchema } from '../../core/component/sockets.js';
import { ComponentError } from '../../errors.js';
import { initParametersOf, type FromDictContext } from '../../core/serialization/component-dict.js';
import { schemaToTypeName, typeNameToSchema } from '../../core/serialization/type-names.js';
import { validateBranchJoinerOptions, type BranchJoinerOptions } from './branch-joiner-options.js';
import { assertKnownOptions } from '../../core/component/known-options.js';

export type BranchJoinerInputs<T extends z.ZodType> = { value: VariadicSchema<T, 'greedy'> };
export type BranchJoinerOutputs<T extends z.ZodType> = { value: T };

const TYPE_NAME = 'haystack.components.joiners.branch.BranchJoiner';

/**
 * Joins branches of a pipeline into one stream: a typed pass-through whose `value` input is
 * greedy variadic, so it runs as soon as any one sender produced a value. It is the entry point of
 * loops (the user's first value and every looped-back value arrive on the same socket) and the
 * merge point after a router.
 *
 * @example
 * const joiner = new BranchJoiner({ type: z.array(z.instanceof(ChatMessage)) });
 * pipeline.addComponent('joiner', joiner).connect('validator.invalid', 'joiner');
 */
export class BranchJoiner<T extends z.ZodType = z.ZodType> extends Component<BranchJoinerInputs<T>, BranchJoinerOutputs<T>> {
  static override readonly typeName = TYPE_NAME;
  /** The schema of the value that passes through. */
  readonly type: T;

  constructor(options: BranchJoinerOptions<T>) {
    assertKnownOptions<BranchJoinerOptions<T>>(options, { type: true }, 'BranchJoiner');
    validateBranchJoinerOptions(options);
    super({ inputs: { value: GreedyVariadic(options.type) }, outputs: { value: options.type }, initParameters: { type: options.type } });
    this.type = options.type;
  }

  /** Forwards the one value received. */
  run({ value }: RunInput<BranchJoinerInputs<T>>): RunResult<BranchJoinerOutputs<T>> {
    if (value.length !== 1) {
      throw new ComponentError(
        `BranchJoiner: expects only one input, but ${value.length} were received. Connect the branches so that one value arrives per run.`,
        { socket: 'value' },
      );
    }
    return { value: value[0] } as RunResult<BranchJoinerOutputs<T>>;
  }

  /** Haystack's layout: `{ type_: '<type name>' }`. */
  toDict(): ComponentDict {
    return { type: TYPE_NAME, init_parameters: { type_: schemaToTypeName(this.type) } };
  }

  static fromDict(data: Readonly<Record<string, unknown>>, context: FromDictContext): BranchJoiner {
    const params = initParametersOf(data, context);
    return new BranchJoiner({ type: typeNameToSchema(params['type_'] as string, context.registry.types) });
  }
}
