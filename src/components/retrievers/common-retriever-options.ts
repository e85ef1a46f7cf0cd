import { ComponentError } from '../../errors.js';
import { FilterPolicy, filterPolicyFromString } from '../../document-stores/types.js';
import type { Filters } from '../../utils/filters.js';
import { describeValue } from '../../describe.js';

/** The options every retriever has, whatever its store. */
export interface CommonRetrieverOptions {
  readonly filters?: Filters | null | undefined;
  readonly topK?: number | undefined;
  readonly filterPolicy?: FilterPolicy | Uppercase<FilterPolicy> | string | undefined;
}

/** Checks `filters`, `topK` (> 0, default 10) and `filterPolicy` (default 'replace'); `where` names the class. */
export function resolveCommonRetrieverOptions(
  options: CommonRetrieverOptions,
  where: string,
): { filters: Filters | undefined; topK: number; filterPolicy: FilterPolicy } {
  const { filters, topK = 10, filterPolicy = FilterPolicy.REPLACE } = options;
  if (!Number.isInteger(topK) || topK <= 0) {
    throw new ComponentError(`${where}: expected 'topK' to be an integer greater than 0, got ${describeValue(topK)}.`);
  }
  if (filters !== undefined && filters !== null && (typeof filters !== 'object' || Array.isArray(filters))) {
    throw new ComponentError(`${where}: expected 'filters' to be a filter object, got ${describeValue(filters)}.`);
  }
  let policy: FilterPolicy;
  try {
    policy = filterPolicyFromString(filterPolicy);
  } catch (error) {
    throw new ComponentError(`${where}: expected 'filterPolicy' to be 'replace' or 'merge', got ${describeValue(filterPolicy)}.`, {
      cause: error,
    });
  }
  return { filters: filters ?? undefined, topK, filterPolicy: policy };
}
