import { FilterError } from '../../errors.js';
import { pythonRepr } from '../../dataclasses/document-id.js';
import { pythonTypeName, type Filters } from '../../utils/filters.js';

/**
 * Haystack's filter language translated to a parameterised SQL condition over the store's table
 * (`id`, `content`, `meta` JSONB). Every value and every meta key travels as a bind parameter;
 * the SQL text holds only fixed operators and `$n` placeholders, so nothing a filter contains can
 * become SQL.
 *
 * Values compare as JSON (`jsonb`), which gives the in-memory store's semantics for `==`, `!=`,
 * `in`, `not in` (numbers by value, lists and objects deeply, a missing key equal to `null`);
 * ordering operators compare numbers with numbers and ISO dates with ISO dates, and a document
 * whose value has another type does not match. Each comparison is made two-valued (never SQL
 * NULL), so `NOT` and `OR` behave as in memory.
 */

/** Collects bind parameters and hands out their `$n` placeholders. */
export class SqlParameters {
  readonly values: unknown[] = [];

  /** Adds `value` and returns its placeholder. */
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

type Node = Readonly<Record<string, unknown>>;

const COMPARISON_OPERATORS = ['!=', '<', '<=', '==', '>', '>=', 'in', 'not in'];
const LOGICAL_OPERATORS = ['AND', 'NOT', 'OR'];
// Columns a filter may name, and the document fields that have no column to filter on.
const COLUMNS: Readonly<Record<string, string>> = { id: 'id', content: 'content' };
const UNFILTERABLE = new Set(['blob', 'score', 'embedding', 'sparse_embedding', 'sparseEmbedding']);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const MAX_KEY_LENGTH = 255;

function isPlainObject(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function show(node: unknown): string {
  try {
    return pythonRepr(node);
  } catch {
    return String(node);
  }
}

/**
 * The SQL condition for `filters`, its values added to `params`.
 *
 * @example
 * const params = new SqlParameters();
 * filtersToSql({ field: 'meta.year', operator: '>=', value: 2020 }, params);
 * // "COALESCE((CASE WHEN jsonb_typeof(("meta" #> $1::text[])) = 'number' THEN ... END) >= $2::float8, false)"
 */
export function filtersToSql(filters: Filters, params: SqlParameters): string {
  if (!isPlainObject(filters)) throw new FilterError(`expected a filter object, got ${show(filters)}.`);
  return 'field' in filters ? comparison(filters, params) : logical(filters, params);
}

function logical(node: Node, params: SqlParameters): string {
  if (!('operator' in node)) throw new FilterError(`'operator' key missing in ${show(node)}`);
  if (!('conditions' in node)) throw new FilterError(`'conditions' key missing in ${show(node)}`);
  const operator = node['operator'];
  if (typeof operator !== 'string' || !LOGICAL_OPERATORS.includes(operator)) {
    throw new FilterError(`Unknown logical operator '${String(operator)}'. Valid operators are: ['AND', 'NOT', 'OR']`);
  }
  const conditions = node['conditions'];
  if (!Array.isArray(conditions)) {
    throw new FilterError(`'conditions' must be a list of filters, got ${show(conditions)} in ${show(node)}`);
  }
  const parts = conditions.map((condition: unknown) => {
    if (!isPlainObject(condition)) throw new FilterError(`Each condition must be a filter object, got ${show(condition)} in ${show(node)}`);
    return 'field' in condition ? comparison(condition, params) : logical(condition, params);
  });
  if (operator === 'OR') return parts.length === 0 ? 'false' : `(${parts.join(' OR ')})`;
  const all = parts.length === 0 ? 'true' : `(${parts.join(' AND ')})`;
  // Haystack's NOT negates the AND of its conditions.
  return operator === 'NOT' ? `(NOT ${all})` : all;
}

/**
 * The JSONB expression a field reads: a column as JSON, or a path into `meta` (keys as a
 * parameter). The field is checked at once; the parameter is added only when the SQL uses the
 * expression (a comparison with a constant outcome does not, and Postgres rejects unused parameters).
 */
function fieldExpression(field: string, params: SqlParameters): () => string {
  const column = COLUMNS[field];
  if (column !== undefined) return () => `to_jsonb("${column}")`;
  let path: string[];
  if (field.startsWith('meta.')) path = field.slice('meta.'.length).split('.');
  else if (field.includes('.') || UNFILTERABLE.has(field) || field === 'meta') {
    const head = field.split('.')[0] ?? field;
    throw new FilterError(
      UNFILTERABLE.has(head) || head === 'meta'
        ? `PgvectorDocumentStore cannot filter on '${field}'; filter on 'id', 'content' or 'meta.<key>'.`
        : `Unknown document field '${head}' in filter field '${field}'. Use 'meta.<key>' for metadata.`,
    );
  } else path = [field]; // Haystack's legacy form: a bare name that is not a Document field means `meta.<name>`.
  for (const key of path) {
    if (key === '' || key.length > MAX_KEY_LENGTH || key.includes('\u0000')) {
      throw new FilterError(
        `Invalid metadata key in filter field ${JSON.stringify(field)}: keys must be 1 to ${MAX_KEY_LENGTH} characters without NUL.`,
      );
    }
  }
  let sql: string | undefined;
  return () => (sql ??= `("meta" #> ${params.add(path)}::text[])`);
}

function jsonValue(value: unknown, params: SqlParameters): string {
  return `${params.add(JSON.stringify(value instanceof Date ? value.toISOString() : value))}::jsonb`;
}

/** True when the field is missing or JSON null (the in-memory store's `None`). */
function isNull(expression: string): string {
  return `(${expression} IS NULL OR jsonb_typeof(${expression}) = 'null')`;
}

function equals(field: () => string, value: unknown, params: SqlParameters): string {
  if (value === null || value === undefined) return isNull(field());
  return `COALESCE(${field()} = ${jsonValue(value, params)}, false)`;
}

function isIn(field: () => string, value: unknown, params: SqlParameters): string {
  if (!Array.isArray(value)) {
    throw new FilterError(`Filter value must be a \`list\` when using operator 'in' or 'not in', received type '${pythonTypeName(value)}'`);
  }
  const present = value.filter((item) => item !== null && item !== undefined);
  const parts: string[] = [];
  if (present.length > 0) {
    parts.push(`COALESCE(${field()} IN (SELECT jsonb_array_elements(${jsonValue(present, params)})), false)`);
  }
  if (present.length < value.length) parts.push(isNull(field()));
  return parts.length === 0 ? 'false' : `(${parts.join(' OR ')})`;
}

function ordered(operator: string, field: () => string, value: unknown, params: SqlParameters): string {
  if (value === null || value === undefined) return 'false';
  if (Array.isArray(value)) throw new FilterError("Filter value can't be of type <class 'list'> using operators '>', '>=', '<', '<='");
  if (typeof value === 'string' || value instanceof Date) {
    const text = value instanceof Date ? value.toISOString() : value;
    if (!ISO_DATE.test(text.trim()) || Number.isNaN(Date.parse(text.trim().replace(' ', 'T')))) {
      throw new FilterError(
        "Can't compare strings using operators '>', '>=', '<', '<='. Strings are only comparable if they are ISO formatted dates.",
      );
    }
    const expression = field();
    // The regular expression in the CASE keeps non-date strings away from the cast.
    const left =
      `(CASE WHEN jsonb_typeof(${expression}) = 'string' AND (${expression} #>> '{}') ~ '^\\d{4}-\\d{2}-\\d{2}' ` +
      `THEN (${expression} #>> '{}')::timestamptz END)`;
    return `COALESCE(${left} ${operator} ${params.add(text)}::timestamptz, false)`;
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    const expression = field();
    const left = `(CASE WHEN jsonb_typeof(${expression}) = 'number' THEN (${expression} #>> '{}')::float8 END)`;
    return `COALESCE(${left} ${operator} ${params.add(Number(value))}::float8, false)`;
  }
  throw new FilterError(`Can't compare ${pythonTypeName(value)} using operator '${operator}'.`);
}

function comparison(node: Node, params: SqlParameters): string {
  const field = node['field'];
  if (!('operator' in node)) throw new FilterError(`'operator' key missing in ${show(node)}`);
  if (!('value' in node)) throw new FilterError(`'value' key missing in ${show(node)}`);
  if (typeof field !== 'string') throw new FilterError(`'field' must be a string, got ${show(field)} in ${show(node)}`);
  const operator = node['operator'];
  if (typeof operator !== 'string' || !COMPARISON_OPERATORS.includes(operator)) {
    throw new FilterError(
      `Unknown comparison operator '${String(operator)}'. Valid operators are: [${COMPARISON_OPERATORS.map((o) => `'${o}'`).join(', ')}]`,
    );
  }
  const value = node['value'];
  const expression = fieldExpression(field, params);
  switch (operator) {
    case '==':
      return equals(expression, value, params);
    case '!=':
      return `(NOT ${equals(expression, value, params)})`;
    case 'in':
      return isIn(expression, value, params);
    case 'not in':
      return `(NOT ${isIn(expression, value, params)})`;
    default:
      return ordered(operator, expression, value, params);
  }
}
