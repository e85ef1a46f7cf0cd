import { createRequire } from 'node:module';
import { pythonEquals } from '../../python/equals.js';
import { PyStrEnum, pythonStr } from './python-format.js';
import { installPythonCompiler, type PyCompiler } from './py-compiler.js';
import { pyParse } from './py-parser.js';
import { safeMemberLookup } from './sandbox.js';

/**
 * Jinja2 semantics that nunjucks lacks and that Haystack templates rely on: value equality
 * (`{{ replies == ['Rome'] }}` compares lists by value in Python, by identity in JS; the one
 * `pythonEquals` of `src/python/`), `in` by equality, and the keyword forms of `join`, `map`, `unique`, `min`, `max`.
 */

const require = createRequire(import.meta.url);

interface CompareNode {
  readonly expr: unknown;
  readonly ops: readonly { readonly type: string; readonly expr: unknown }[];
}
export interface NunjucksCompiler {
  compile(node: unknown, frame?: unknown): void;
  getCode(): string;
  _emit(code: string): void;
  compileCompare?: (node: CompareNode, frame: unknown) => void;
}
/**
 * The security checks around compilation (`compile-guard.ts`): harden the compiler's text
 * emission, validate the syntax tree before compiling, verify the generated code before it runs.
 */
export interface CompileGuard {
  harden(compiler: NunjucksCompiler): void;
  checkAst(ast: unknown): void;
  checkCode(code: string): void;
}
interface CompilerModule {
  Compiler: new (name: string | undefined, throwOnUndefined: boolean) => NunjucksCompiler;
}
interface TransformerModule {
  transform(ast: unknown, asyncFilters: unknown[], name: string | undefined): unknown;
}

// nunjucks' own compiler pieces (CommonJS, no types): compiling through them with one method
// replaced keeps every other nunjucks user in the process untouched.
const { Compiler } = require('nunjucks/src/compiler.js') as CompilerModule;
const transformer = require('nunjucks/src/transformer.js') as TransformerModule;

/**
 * Compiles a template to nunjucks' code object, with `==`/`!=` as Python's value comparison
 * (`runtime.pyCompare`) and chained comparisons as Python's `a < b and b < c`.
 */
export function compileWithPythonComparisons(
  source: string,
  extensions: readonly { preprocess?: (s: string) => string }[],
  options: { readonly throwOnUndefined?: boolean },
  guard: CompileGuard,
): Record<string, unknown> {
  const compiler = new Compiler(undefined, options.throwOnUndefined === true);
  guard.harden(compiler);
  installPythonCompiler(compiler as unknown as PyCompiler);
  compiler.compileCompare = function compileCompare(node, frame) {
    if (node.ops.length > 1) this._emit('(');
    let left = node.expr;
    node.ops.forEach((op, index) => {
      if (index > 0) this._emit(' && ');
      this._emit('runtime.pyCompare(');
      this.compile(left, frame);
      this._emit(`, ${JSON.stringify(op.type)}, `);
      this.compile(op.expr, frame);
      this._emit(')');
      left = op.expr;
    });
    if (node.ops.length > 1) this._emit(')');
  };
  const processed = extensions.reduce((s, ext) => (ext.preprocess ? ext.preprocess(s) : s), source);
  const ast = transformer.transform(pyParse(processed, extensions, options), [], undefined);
  guard.checkAst(ast);
  compiler.compile(ast);
  const code = compiler.getCode();
  guard.checkCode(code);
  // Same as nunjucks' Template#_compile: the generated code returns the template's functions.
  // Only code that passed both checks of `guard` (see docs/llm.md, Security) gets here.
  return new Function(code)() as Record<string, unknown>;
}

/** The runtime side of {@link compileWithPythonComparisons}. */
export function pyCompare(left: unknown, op: string, right: unknown): boolean {
  switch (op) {
    case '==':
    case '===':
      return pythonEquals(left, right);
    case '!=':
    case '!==':
      return !pythonEquals(left, right);
    case '<':
      return (left as number) < (right as number);
    case '>':
      return (left as number) > (right as number);
    case '<=':
      return (left as number) <= (right as number);
    case '>=':
      return (left as number) >= (right as number);
    default:
      throw new Error(`Template: unknown comparison operator '${op}'.`);
  }
}

/** Python's `in`: membership by equality in lists, substring in strings, own keys in dicts. */
export function pyIn(rawKey: unknown, rawContainer: unknown): boolean {
  const text = (v: unknown): unknown => (v instanceof PyStrEnum ? v.value : v instanceof String ? String(v) : v);
  const key = text(rawKey);
  const container = text(rawContainer);
  if (Array.isArray(container)) return container.some((item) => pythonEquals(item, key));
  if (typeof container === 'string') return typeof key === 'string' && container.includes(key);
  if (container instanceof Map || container instanceof Set) return container.has(key);
  if (typeof container === 'object' && container !== null) return typeof key === 'string' && Object.hasOwn(container, key);
  throw new Error('Template: cannot use "in" operator to search in an unexpected type.');
}

type Filter = (value: unknown, ...args: unknown[]) => unknown;

/** Splits nunjucks' trailing keyword-argument object (`{ __keywords: true, ... }`) from positional args. */
function splitKeywords(args: readonly unknown[]): { positional: unknown[]; keywords: Record<string, unknown> } {
  const last = args[args.length - 1];
  if (typeof last === 'object' && last !== null && (last as { __keywords?: unknown }).__keywords === true) {
    const { __keywords: _ignored, ...keywords } = last as Record<string, unknown>;
    return { positional: args.slice(0, -1), keywords };
  }
  return { positional: [...args], keywords: {} };
}

/** Reads `attribute` (dotted path, integer parts index lists) through the sandbox's member lookup. */
function attributeOf(item: unknown, attribute: unknown): unknown {
  if (attribute === undefined || attribute === null) return item;
  return String(attribute)
    .split('.')
    .reduce<unknown>((value, part) => safeMemberLookup(value, /^\d+$/.test(part) ? Number(part) : part), item);
}

function toList(value: unknown): unknown[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return [...value];
  if (value instanceof Map) return [...value.keys()];
  if (value instanceof Set) return [...value];
  if (typeof value === 'object') return Object.keys(value);
  return [value];
}

/**
 * Jinja2's `join`, `map`, `unique`, `min` and `max` with their keyword arguments. `lookupFilter`
 * resolves the filter named by `map('upper')`.
 */
export function pythonFilters(lookupFilter: (name: string) => Filter | undefined): Record<string, Filter> {
  return {
    join(value, ...args) {
      const { positional, keywords } = splitKeywords(args);
      const separator = positional[0] ?? keywords['d'] ?? '';
      const attribute = positional[1] ?? keywords['attribute'];
      return toList(value)
        .map((item) => pythonStr(attributeOf(item, attribute)))
        .join(String(separator));
    },
    map(value, ...args) {
      const { positional, keywords } = splitKeywords(args);
      const items = toList(value);
      if (keywords['attribute'] !== undefined) {
        const fallback = keywords['default'];
        return items.map((item) => {
          const found = attributeOf(item, keywords['attribute']);
          return found === undefined ? fallback : found;
        });
      }
      const [name, ...rest] = positional;
      if (typeof name !== 'string') throw new Error("Template: map() expects a filter name or attribute='...'.");
      const filter = lookupFilter(name);
      if (filter === undefined) throw new Error(`Template: map() got an unknown filter '${name}'.`);
      return items.map((item) => filter(item, ...rest));
    },
    unique(value, ...args) {
      const { positional, keywords } = splitKeywords(args);
      const attribute = positional[1] ?? keywords['attribute'];
      const seen: unknown[] = [];
      const out: unknown[] = [];
      for (const item of toList(value)) {
        const key = attributeOf(item, attribute);
        if (!seen.some((s) => pythonEquals(s, key))) {
          seen.push(key);
          out.push(item);
        }
      }
      return out;
    },
    min(value, ...args) {
      return extreme(value, args, -1);
    },
    max(value, ...args) {
      return extreme(value, args, 1);
    },
  };
}

function extreme(value: unknown, args: readonly unknown[], sign: 1 | -1): unknown {
  const { positional, keywords } = splitKeywords(args);
  const attribute = positional[1] ?? keywords['attribute'];
  let best: unknown;
  let bestKey: unknown;
  for (const item of toList(value)) {
    const key = attributeOf(item, attribute);
    if (best === undefined || (sign > 0 ? (key as number) > (bestKey as number) : (key as number) < (bestKey as number))) {
      best = item;
      bestKey = key;
    }
  }
  return best;
}
