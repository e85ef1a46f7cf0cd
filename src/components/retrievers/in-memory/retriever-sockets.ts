import { z } from 'zod';
import type { Filters } from '../../../utils/filters.js';

/**
 * A filter socket. At run time and for connection checks it is Haystack's `dict[str, Any]` (a
 * string-keyed record), so any component that outputs a record can feed it; the store validates
 * the filter's shape when it is used. Statically it is typed as {@link Filters} so callers get the
 * filter language's types.
 */
export const filtersSchema = z.record(z.string(), z.unknown()) as unknown as z.ZodType<Filters>;

/** The run-time sockets both in-memory retrievers have after their query socket, in Haystack's order. */
export const sharedRetrieverInputs = {
  filters: filtersSchema.nullable().optional(),
  topK: z.number().int().nullable().optional(),
  scaleScore: z.boolean().nullable().optional(),
};
