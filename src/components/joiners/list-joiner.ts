import { z } from 'zod';
import { Component, type ComponentDict } from '../../core/component/component.js';
import { Variadic, type RunInput, type RunResult, type VariadicSchema } from '../../core/component/sockets.js';
import { initParametersOf, type FromDictContext } from '../../core/serialization/component-dict.js';
import { schemaToTypeName, typeNameToSchema } from '../../core/serialization/type-names.js';
import { validateListJoinerOptions, type ListJoinerOptions } from './list-joiner-options.js';
import { assertKnownOptions } from '../../core/component/known-options.js';

export const ANY_LIST = z.array(z.any());
/** The item schema of {@link ListJoiner}'s input when no `listType` is given: a list of anything. */
export type ListJoinerAnyList = typeof ANY_LIST;
export type ListJoinerInputs = { values: VariadicSchema<ListJoinerAnyList, 'lazy'> };
export type ListJoinerOutputs<L extends z.ZodType> = { values: L };

const TYPE_NAME = 'haystack.components.joiners.list_joiner.ListJoiner';

/**
 * Concatenates lists from several senders into one flat list. Its input is lazy variadic: it waits
 * for every sender that can still run, then joins the lists in the order they arrived.
 *
 * @example
 * const joiner = new ListJoiner({ listType: z.array(z.instanceof(ChatMessage)) });
 * joiner.run({ values: [[a], [b, c]] }); // { values: [a, b, c] }
 */
export class ListJoiner<L extends z.ZodType = ListJoinerAnyList> extends Component<ListJoinerInputs, ListJoinerOutputs<L>> {
  static override readonly typeName = TYPE_NAME;
  /** The declared output list type, or undefined for `list[Any]`. */
  readonly listType: L | undefined;

  constructor(options: ListJoinerOptions<L> = {}) {
    assertKnownOptions<ListJoinerOptions<L>>(options, { listType: true }, 'ListJoiner');
    validateListJoinerOptions(options);
    const output = (options.listType ?? ANY_LIST) as L;
    super({ inputs: { values: Variadic(ANY_LIST) }, outputs: { values: output }, initParameters: { listType: options.listType } });
    this.listType = options.listType;
  }

  run({ values }: RunInput<ListJoinerInputs>): RunResult<ListJoinerOutputs<L>> {
    return { values: values.flat(1) } as RunResult<ListJoinerOutputs<L>>;
  }

  /** Haystack's layout: `{ list_type_: '<type name>' | null }`. */
  toDict(): ComponentDict {
    return {
      type: TYPE_NAME,
      init_parameters: { list_type_: this.listType === undefined ? null : schemaToTypeName(this.listType) },
    };
  }

  static fromDict(data: Readonly<Record<string, unknown>>, context: FromDictContext): ListJoiner<z.ZodType> {
    const name = initParametersOf(data, context)['list_type_'];
    if (name === null || name === undefined) return new ListJoiner();
    return new ListJoiner({ listType: typeNameToSchema(name as string, context.registry.types) });
  }
}
