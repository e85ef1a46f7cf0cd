import type { z } from 'zod';
import { ComponentError } from '../../errors.js';
import { isZodSchema } from './branch-joiner-options.js';
import { describeValue } from '../../describe.js';

/** Options of {@link ListJoiner}. */
export interface ListJoinerOptions<L extends z.ZodType> {
  /**
   * The type of the joined list, as a zod array schema (Haystack's `list_type_`). It types the
   * `values` output; the inputs accept lists of anything, as in Haystack.
   *
   * @default z.array(z.any())
   * @example
   * new ListJoiner({ listType: z.array(z.instanceof(ChatMessage)) })
   */
  readonly listType?: L | undefined;
}

export function validateListJoinerOptions(options: ListJoinerOptions<z.ZodType>): void {
  if (typeof options !== 'object' || options === null) {
    throw new ComponentError(`ListJoiner: expected an options object, got ${describeValue(options)}.`);
  }
  if (options.listType !== undefined && !isZodSchema(options.listType)) {
    throw new ComponentError(`ListJoiner: expected 'listType' to be a zod schema (e.g. z.array(z.string())), got ${describeValue(options.listType)}.`);
  }
}
