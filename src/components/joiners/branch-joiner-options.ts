import type { z } from 'zod';
import { ComponentError } from '../../errors.js';
import { describeValue } from '../../describe.js';

/** Options of {@link BranchJoiner}. */
export interface BranchJoinerOptions<T extends z.ZodType> {
  /**
   * The type of the value that passes through, as a zod schema (Haystack's `type_`). It types the
   * `value` input (greedy variadic of `T`) and the `value` output (`T`). Serialized as a Haystack
   * type name (`list[haystack.dataclasses.document.Document]`), see `schemaToTypeName`.
   *
   * @example
   * new BranchJoiner({ type: z.array(z.instanceof(Document)) })
   */
  readonly type: T;
}

/** True for a zod 4 schema. */
export function isZodSchema(value: unknown): value is z.ZodType {
  return typeof value === 'object' && value !== null && typeof (value as { _zod?: unknown })._zod === 'object';
}

/** Checks the options once, in the constructor. */
export function validateBranchJoinerOptions<T extends z.ZodType>(options: BranchJoinerOptions<T>): void {
  if (typeof options !== 'object' || options === null || !isZodSchema(options.type)) {
    const got = typeof options === 'object' && options !== null ? describeValue(options.type) : describeValue(options);
    throw new ComponentError(`BranchJoiner: expected 'type' to be a zod schema (e.g. z.array(z.string())), got ${got}.`);
  }
}

