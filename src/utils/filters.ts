import { FilterError } from '../errors.js';
import { pythonRepr } from '../dataclasses/document-id.js';
import type { Document } from '../dataclasses/document.js';
import { pythonEquals } from '../python/equals.js';

/**
 * Haystack's metadata filter language (`haystack/utils/filters.py`), evaluated in memory.
 *
 * Two node shapes: a comparison `{ field, operator, value }` and a logical
 * `{ operator: 'AND' | 'OR' | 'NOT', conditions: [...] }`. Values compare with Python's rules
 * (`1 == 1.0 == true`, deep equality of lists and objects), and strings on either side of an
 * ordering operator are compared as ISO-8601 dates, as in Haystack.
 */

/** The comparison operators of Haystack's filter language. */
export type ComparisonOperator = '==' | '!=' | '>' | '>=' | '<' | '<=' | 'in' | 'not in';
/** The logical operators (upper case only, as in Haystack). */
export type LogicalOperator = 'AND' | 'OR' | 'NOT';

/** `{ field: 'meta.year', operator: '>=', value: 2020 }` */
export interface ComparisonFilter {
  readonly field: string;
  readonly operator: ComparisonOperator;
  readonly value: unknown;
}

/** `{ operator: 'AND', conditions: [...] }` */
export interface LogicalFilter {
  readonly operator: LogicalOperator;
  readonly conditions: readonly FilterNode[];
}

/** One node of a filter tree. */
export type FilterNode = ComparisonFilter | LogicalFilter;
/** A filter as accepted by stores and retrievers: a node, or anything JSON-shaped that is checked at run time. */
export type Filters = FilterNode | Readonly<Record<string, unknown>>;

const COMPARISON_OPERATORS: readonly ComparisonOperator[] = ['!=', '<', '<=', '==', '>', '>=', 'in', 'not in'];
const LOGICAL_OPERATORS: readonly LogicalOperator[] = ['AND', 'NOT', 'OR'];
const DOCUMENT_FIELDS: Readonly<Record<string, keyof Document>> = {
  id: 'id',
  content: 'content',
  blob: 'blob',
  meta: 'meta',
  score: 'score',
  embedding: 'embedding',
  sparse_embedding: 'sparseEmbedding',
  sparseEmbedding: 'sparseEmbedding',
};

type Node = Readonly<Record<string, unknown>>;

function isPlainObject(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date) && !ArrayBuffer.isView(value);
}

function show(node: unknown): string {
  try {
    return pythonRepr(node);
  } catch {
    return String(node);
  }
}

/**
 * True if `document` matches `filters` (Haystack's `document_matches_filter`). Throws
 * {@link FilterError} for a malformed filter.
 *
 * @example
 * documentMatchesFilter({ field: 'meta.year', operator: '>=', value: 2020 }, doc);
 */
export function documentMatchesFilter(filters: Filters, document: Document): boolean {
  if (!isPlainObject(filters)) throw new FilterError(`documentMatchesFilter: expected a filter object, got ${show(filters)}.`);
  return 'field' in filters ? comparison(filters, document) : logical(filters, document, 1);
}

/**
 * How deeply logical filters (`AND`/`OR`/`NOT`) may nest. Real filters use a handful of levels;
 * the limit turns a hostile, deeply nested filter into a FilterError instead of a stack overflow.
 */
export const MAX_FILTER_DEPTH = 100;

function tooDeep(where: string): FilterError {
  return new FilterError(
    `${where}Filters nest more than ${MAX_FILTER_DEPTH} logical levels deep (AND/OR/NOT inside one another). Flatten the conditions: ` +
      `AND and OR take any number of them in one list.`,
  );
}

function logical(node: Node, document: Document, depth: number): boolean {
  if (depth > MAX_FILTER_DEPTH) throw tooDeep('');
  if (!('operator' in node)) throw new FilterError(`'operator' key missing in ${show(node)}`);
  if (!('conditions' in node)) throw new FilterError(`'conditions' key missing in ${show(node)}`);
  const operator = node['operator'];
  if (!LOGICAL_OPERATORS.includes(operator as LogicalOperator)) {
    throw new FilterError(`Unknown logical operator '${String(operator)}'. Valid operators are: ['AND', 'NOT', 'OR']`);
  }
  const conditions = node['conditions'];
  if (!Array.isArray(conditions)) {
    throw new FilterError(`'conditions' must be a list of filters, got ${show(conditions)} in ${show(node)}`);
  }
  const matches = (condition: unknown): boolean => {
    if (!isPlainObject(condition)) throw new FilterError(`Each condition must be a filter object, got ${show(condition)} in ${show(node)}`);
    return 'field' in condition ? comparison(condition, document) : logical(condition, document, depth + 1);
  };
  if (operator === 'OR') return conditions.some(matches);
  const all = conditions.every(matches);
  // Haystack's NOT negates the AND of its conditions.
  return operator === 'NOT' ? !all : all;
}

function comparison(node: Node, document: Document): boolean {
  const field = node['field'];
  if (!('operator' in node)) throw new FilterError(`'operator' key missing in ${show(node)}`);
  if (!('value' in node)) throw new FilterError(`'value' key missing in ${show(node)}`);
  if (typeof field !== 'string') throw new FilterError(`'field' must be a string, got ${show(field)} in ${show(node)}`);
  const documentValue = resolveField(field, document);
  const operator = node['operator'] as ComparisonOperator;
  const filterValue = node['value'];
  switch (operator) {
    case '==':
      return pythonEquals(documentValue, filterValue);
    case '!=':
      return !pythonEquals(documentValue, filterValue);
    case 'in':
      return isIn(documentValue, filterValue);
    case 'not in':
      return !isIn(documentValue, filterValue);
    case '>':
    case '>=':
    case '<':
    case '<=':
      return ordered(operator, documentValue, filterValue);
    default:
      throw new FilterError(
        `Unknown comparison operator '${String(operator)}'. Valid operators are: [${COMPARISON_OPERATORS.map((o) => `'${o}'`).join(', ')}]`,
      );
  }
}

function resolveField(field: string, document: Document): unknown {
  if (field.includes('.')) {
    const [head = '', ...rest] = field.split('.');
    const attribute = DOCUMENT_FIELDS[head];
    if (attribute === undefined) {
      throw new FilterError(`Unknown document field '${head}' in filter field '${field}'. Use 'meta.<key>' for metadata.`);
    }
    let value: unknown = document[attribute];
    for (const part of rest) {
      if (!isPlainObject(value) || !Object.hasOwn(value, part)) return undefined;
      value = value[part];
    }
    return value;
  }
  const attribute = DOCUMENT_FIELDS[field];
  // Haystack's legacy form: a bare name that is not a Document field means `meta.<name>`.
  if (attribute === undefined) return Object.hasOwn(document.meta, field) ? document.meta[field] : undefined;
  return document[attribute];
}

function isIn(documentValue: unknown, filterValue: unknown): boolean {
  if (!Array.isArray(filterValue)) {
    throw new FilterError(
      `Filter value must be a \`list\` when using operator 'in' or 'not in', received type '${pythonTypeName(filterValue)}'`,
    );
  }
  return filterValue.some((item) => pythonEquals(item, documentValue));
}

/** Python's `type(value)` as Haystack's filter errors print it. */
export function pythonTypeName(value: unknown): string {
  if (value === null || value === undefined) return "<class 'NoneType'>";
  if (typeof value === 'boolean') return "<class 'bool'>";
  if (typeof value === 'number') return Number.isInteger(value) ? "<class 'int'>" : "<class 'float'>";
  if (typeof value === 'string') return "<class 'str'>";
  if (Array.isArray(value)) return "<class 'list'>";
  if (value instanceof Date) return "<class 'datetime.datetime'>";
  return "<class 'dict'>";
}

function numeric(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'bigint') return Number(value);
  return undefined;
}

/** A parsed date: wall-clock milliseconds as if UTC, plus the UTC offset in minutes when the string had one. */
interface ParsedDate {
  readonly wallMs: number;
  readonly offsetMinutes: number | undefined;
}

const ISO_DATE =
  /^(\d{4})-?(\d{2})(?:-?(\d{2}))?(?:[T ](\d{2})(?::?(\d{2})(?::?(\d{2})(?:[.,](\d{1,9}))?)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2}(?::?\d{2})?)?)?$/i;

function parseDate(text: string): ParsedDate {
  const m = ISO_DATE.exec(text.trim());
  if (m) {
    const [, y, mo, d, h, mi, s, frac, tz] = m;
    const fraction = frac ? Number(`0.${frac}`) * 1000 : 0;
    const wallMs =
      Date.UTC(Number(y), Number(mo) - 1, Number(d ?? '1'), Number(h ?? '0'), Number(mi ?? '0'), Number(s ?? '0')) + fraction;
    const check = new Date(wallMs - fraction);
    if (check.getUTCMonth() === Number(mo) - 1 && check.getUTCDate() === Number(d ?? '1')) {
      return { wallMs, offsetMinutes: tz === undefined ? undefined : parseOffset(tz) };
    }
  } else {
    // Haystack falls back to dateutil's permissive parser; Date.parse is the closest Node has.
    const parsed = Date.parse(text);
    if (!Number.isNaN(parsed) && /\d/.test(text)) {
      const local = new Date(parsed);
      const hasZone = /(?:Z|GMT|UTC|[+-]\d{2}:?\d{2})\s*$/i.test(text.trim());
      if (hasZone) return { wallMs: parsed, offsetMinutes: 0 };
      const wallMs = Date.UTC(
        local.getFullYear(),
        local.getMonth(),
        local.getDate(),
        local.getHours(),
        local.getMinutes(),
        local.getSeconds(),
        local.getMilliseconds(),
      );
      return { wallMs, offsetMinutes: undefined };
    }
  }
  throw new FilterError(
    "Can't compare strings using operators '>', '>=', '<', '<='. Strings are only comparable if they are ISO formatted dates.",
  );
}

function parseOffset(tz: string): number {
  if (tz.toUpperCase() === 'Z') return 0;
  const sign = tz.startsWith('-') ? -1 : 1;
  const digits = tz.slice(1).replaceAll(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0') + Number(digits.slice(4, 6) || '0') / 60);
}

function toDate(value: unknown): ParsedDate {
  if (value instanceof Date) return { wallMs: value.getTime(), offsetMinutes: 0 };
  if (typeof value === 'string') return parseDate(value);
  throw new FilterError(
    "Can't compare strings using operators '>', '>=', '<', '<='. Strings are only comparable if they are ISO formatted dates.",
  );
}

function compareDates(a: ParsedDate, b: ParsedDate): number {
  // A naive date takes the other side's time zone, as Haystack does.
  const offsetA = a.offsetMinutes ?? b.offsetMinutes ?? 0;
  const offsetB = b.offsetMinutes ?? a.offsetMinutes ?? 0;
  return a.wallMs - offsetA * 60_000 - (b.wallMs - offsetB * 60_000);
}

function ordered(operator: '>' | '>=' | '<' | '<=', documentValue: unknown, filterValue: unknown): boolean {
  if (documentValue === null || documentValue === undefined || filterValue === null || filterValue === undefined) return false;
  let left: number;
  let right: number;
  if (typeof documentValue === 'string' || typeof filterValue === 'string') {
    left = compareDates(toDate(documentValue), toDate(filterValue));
    right = 0;
  } else if (Array.isArray(filterValue)) {
    throw new FilterError("Filter value can't be of type <class 'list'> using operators '>', '>=', '<', '<='");
  } else if (documentValue instanceof Date && filterValue instanceof Date) {
    left = documentValue.getTime();
    right = filterValue.getTime();
  } else {
    const a = numeric(documentValue);
    const b = numeric(filterValue);
    if (a === undefined || b === undefined) {
      throw new FilterError(
        `Can't compare ${pythonTypeName(documentValue)} with ${pythonTypeName(filterValue)} using operator '${operator}'.`,
      );
    }
    left = Number(a);
    right = Number(b);
  }
  switch (operator) {
    case '>':
      return left > right;
    case '>=':
      return left >= right;
    case '<':
      return left < right;
    case '<=':
      return left <= right;
  }
}

/**
 * The store-level check Haystack runs before filtering: a non-empty filter needs an `operator` or
 * `conditions` key at its root.
 */
export function validateFilters(filters: Filters | null | undefined, where: string): void {
  if (filters === null || filters === undefined) return;
  if (!isPlainObject(filters)) throw new FilterError(`${where}: expected a filter object, got ${show(filters)}.`);
  if (Object.keys(filters).length > 0 && !('operator' in filters) && !('conditions' in filters)) {
    throw new FilterError(
      `${where}: Invalid filter syntax. See https://docs.haystack.deepset.ai/docs/metadata-filtering for details.`,
    );
  }
  // Checked here too, so an over-deep filter fails even when no document is there to match it.
  if (logicalDepth(filters) > MAX_FILTER_DEPTH) throw tooDeep(`${where}: `);
}

/** The deepest nesting of logical nodes, found without recursion; stops counting past the limit. */
function logicalDepth(root: Node): number {
  let deepest = 0;
  const stack: [Node, number][] = [[root, 1]];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const [node, depth] = item;
    if ('field' in node) continue;
    if (depth > deepest) deepest = depth;
    if (deepest > MAX_FILTER_DEPTH) return deepest;
    const conditions = node['conditions'];
    if (!Array.isArray(conditions)) continue;
    for (const condition of conditions) if (isPlainObject(condition)) stack.push([condition, depth + 1]);
  }
  return deepest;
}

/** True for `undefined`, `null` and `{}`: Haystack treats these as "no filter". */
export function isEmptyFilter(filters: Filters | null | undefined): filters is null | undefined {
  return filters === null || filters === undefined || (isPlainObject(filters) && Object.keys(filters).length === 0);
}
