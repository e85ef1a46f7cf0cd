import { z } from 'zod';
import type { Filters } from '../../../utils/filters.js';

/** A filter socket: any filter object (checked by the store when used), or null. */
export const filtersSchema = z.custom<Filters>((value) => typeof value === 'object' && value !== null && !Array.isArray(value), {
  message: 'expected a filter object',
});
