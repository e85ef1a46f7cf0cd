import type { Filters } from '../utils/filters.js';
import { isEmptyFilter } from '../utils/filters.js';
import { FilterPolicy } from './types.js';

type Node = Readonly<Record<string, unknown>>;

function isComparison(filter: Node): boolean {
  return 'field' in filter && 'operator' in filter && 'value' in filter;
}

function isLogical(filter: Node): boolean {
  return 'operator' in filter && 'conditions' in filter;
}

function conditionsOf(filter: Node): Node[] {
  const conditions = filter['conditions'];
  return Array.isArray(conditions) ? [...(conditions as Node[])] : [];
}

/**
 * Combines a retriever's init filters with run-time filters (Haystack 3.x `apply_filter_policy`).
 *
 * `replace`: the run-time filters when given (an empty object counts as not given), else the init
 * filters. `merge` with both present: two comparisons on different fields are AND-ed (same field:
 * the run-time one wins); a comparison joins an AND of the other side (replacing a same-field
 * condition when it comes at run time); two logical filters with the same operator concatenate
 * their conditions, otherwise the run-time filter wins. Inputs are never mutated.
 *
 * @example
 * applyFilterPolicy('merge', { field: 'meta.lang', operator: '==', value: 'en' },
 *   { field: 'meta.year', operator: '>', value: 2020 });
 * // { operator: 'AND', conditions: [lang == en, year > 2020] }
 */
export function applyFilterPolicy(
  policy: FilterPolicy,
  initFilters: Filters | null | undefined,
  runtimeFilters: Filters | null | undefined,
  defaultLogicalOperator: 'AND' | 'OR' | 'NOT' = 'AND',
): Filters | undefined {
  const init = isEmptyFilter(initFilters) ? undefined : (initFilters as Node);
  const runtime = isEmptyFilter(runtimeFilters) ? undefined : (runtimeFilters as Node);
  if (policy === FilterPolicy.MERGE && init && runtime) {
    if (isComparison(init) && isComparison(runtime)) {
      if (init['field'] === runtime['field']) return runtime;
      return { operator: defaultLogicalOperator, conditions: [init, runtime] } as Filters;
    }
    if (isComparison(init) && isLogical(runtime)) {
      if (runtime['operator'] !== defaultLogicalOperator) return runtime;
      const conditions = conditionsOf(runtime);
      if (!conditions.some((c) => c['field'] === init['field'])) conditions.push(init);
      return { operator: runtime['operator'], conditions } as Filters;
    }
    if (isLogical(init) && isComparison(runtime)) {
      if (init['operator'] !== defaultLogicalOperator) return runtime;
      const conditions = conditionsOf(init).filter((c) => c['field'] !== runtime['field']);
      conditions.push(runtime);
      return { operator: init['operator'], conditions } as Filters;
    }
    if (isLogical(init) && isLogical(runtime)) {
      if (init['operator'] !== runtime['operator']) return runtime;
      return { operator: init['operator'], conditions: [...conditionsOf(init), ...conditionsOf(runtime)] } as Filters;
    }
  }
  return runtime ?? init;
}
