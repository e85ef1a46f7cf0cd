/**
 * The sandboxed nunjucks environment every haystack-ts template renders in (prompt builders,
 * ConditionalRouter, OutputAdapter). Jinja2-compatible where it matters for Haystack templates:
 * Python value printing, one trailing newline dropped, `True`/`False`/`None`, Python string and
 * dict methods, `tojson`. See docs/llm.md for the syntax differences that remain.
 */
import nunjucks from 'nunjucks';
import { HaystackError } from '../../errors.js';
import { TemplateError, TemplateLimitError, TemplateSecurityError } from './errors.js';
import { COMPILE_GUARD } from './compile-guard.js';
import { resolveTemplateLimits, templateLimits, validateTemplateLimits, type ResolvedTemplateLimits, type TemplateLimits } from './limits-options.js';
import { RenderBudget, checkProjectedLength, checkValue, currentBudget, withBudget } from './render-budget.js';
import {
  isBlockedName,
  isForbiddenValue,
  makeSuppressValue,
  safeCallWrap,
  safeContextOrFrameLookup,
  safeMemberLookup,
} from './sandbox.js';
import { analyzeTemplate, type TemplateAnalysis } from './variables.js';
import { FILTER_PRECHECKS, striptags } from './filter-limits.js';
import { PyStrEnum, pythonJson, pythonRepr, pythonStr } from './python-format.js';
import { pyFilters, pyTests } from './py-filters.js';
import { PY_RUNTIME, pyNamespace } from './py-runtime.js';
import { compileWithPythonComparisons, pyCompare, pyIn, pythonFilters } from './python-semantics.js';

/** Jinja2's sandbox caps `range()`; so do we, so a template cannot exhaust memory. */
export const MAX_RANGE = 100_000;

/** A filter: the piped value first, then the filter's arguments. */
export type TemplateFilter = (value: unknown, ...args: unknown[]) => unknown;

/**
 * A nunjucks extension (a custom tag): nunjucks' own `Extension` shape, declared here so that the
 * public declarations do not need `@types/nunjucks`.
 */
export interface TemplateExtension {
  readonly tags: string[];
  parse(parser: unknown, nodes: unknown, lexer: unknown): unknown;
}

/** Options of `createSandboxedEnvironment` (from `haystack-ts/templating`). */
export interface SandboxedEnvironmentOptions {
  /** Extra filters (`{{ x | name(arg) }}`), added to nunjucks' built-ins. */
  readonly filters?: Readonly<Record<string, TemplateFilter>> | undefined;
  /** Extra globals (names every template can read). Functions among them can be called. */
  readonly globals?: Readonly<Record<string, unknown>> | undefined;
  /**
   * Print non-string values as Python's `str()` does (`None`, `True`, `['a', 1]`), as Haystack's
   * Jinja2 templates do. Set to false for nunjucks' JavaScript printing (`''`, `true`, `a,1`).
   * @default true
   */
  readonly pythonOutput?: boolean | undefined;
  /**
   * Post-processes every printed `{{ }}` value (Jinja's `finalize`): receives the text about to be
   * printed and the raw value. The chat prompt builder uses it to neutralise injected sentinel tags.
   */
  readonly finalize?: ((text: string, value: unknown) => string) | undefined;
  /** nunjucks extensions (custom tags), by name. Their `run` methods execute outside the sandbox: keep them small. */
  readonly extensions?: Readonly<Record<string, TemplateExtension>> | undefined;
  /**
   * Bounds of every render in this environment (output size, value size, loop iterations, time,
   * template length). Fields left out follow the process defaults (`configureTemplateLimits`).
   * @default undefined (the process defaults, see DEFAULT_TEMPLATE_LIMITS)
   * @example { maxOutputLength: 20_000_000, timeoutMs: 30_000 }
   */
  readonly limits?: TemplateLimits | undefined;
}

interface NunjucksRuntime {
  memberLookup: (obj: unknown, key: unknown) => unknown;
  callWrap: (fn: unknown, name: string, context: unknown, args: unknown[]) => unknown;
  contextOrFrameLookup: (...args: never[]) => unknown;
  suppressValue: (val: unknown, autoescape: boolean) => unknown;
}

type RootRenderFunc = (env: unknown, context: unknown, frame: unknown, runtime: unknown, cb: unknown) => void;
interface TemplateInternals {
  rootRenderFunc: RootRenderFunc;
}

const runtime = (nunjucks as unknown as { runtime: NunjucksRuntime }).runtime;

/** A compiled template: render it many times; its variables are known up front. */
export interface CompiledTemplate {
  /** The template source as given. */
  readonly source: string;
  /** Undeclared variables in first-appearance order (Haystack's `find_undeclared_variables` minus `{% set %}` targets). */
  readonly variables: readonly string[];
  /** Names assigned with `{% set %}` anywhere in the template. */
  readonly assignedVariables: readonly string[];
  /** Renders with the given variables. Throws TemplateError / TemplateSecurityError. */
  render(variables?: Readonly<Record<string, unknown>>): string;
  /**
   * Renders and returns the raw value when the template is one `{{ expression }}` (Jinja's
   * NativeEnvironment behaviour: `{{ docs }}` yields the array itself), otherwise the rendered string.
   */
  renderNative(variables?: Readonly<Record<string, unknown>>): unknown;
}

/**
 * A nunjucks environment whose templates cannot reach `constructor`, prototypes, `Function`,
 * `process` or `globalThis`, and which has no loader (no `include`/`import`/`extends` of files).
 *
 * @example
 * const env = createSandboxedEnvironment();
 * env.render('Hello {{ name }}!', { name: 'Ada' }); // 'Hello Ada!'
 * env.compile('{{ a }} {{ b }}').variables;          // ['a', 'b']
 */
export class SandboxedEnvironment {
  readonly #env: nunjucks.Environment;
  readonly #runtime: NunjucksRuntime;
  readonly #nativeRuntime: NunjucksRuntime & { captured: unknown[] };
  readonly #globalNames: Set<string>;
  readonly #limits: TemplateLimits | undefined;

  constructor(options: SandboxedEnvironmentOptions = {}) {
    this.#limits = options.limits === undefined ? undefined : validateTemplateLimits('SandboxedEnvironment', options.limits);
    // dev: true keeps the original error as `cause` instead of flattening it to a message.
    this.#env = new nunjucks.Environment([], {
      autoescape: false,
      throwOnUndefined: false,
      trimBlocks: false,
      lstripBlocks: false,
      dev: true,
    });
    const internals = this.#env as unknown as {
      globals: Record<string, unknown>;
      filters: Record<string, unknown>;
      tests: Record<string, unknown>;
    };
    // Null prototypes: `{{ x | constructor }}` or `{{ constructor }}` must not find Object.prototype members.
    Object.setPrototypeOf(internals.globals, null);
    Object.setPrototypeOf(internals.filters, null);
    Object.setPrototypeOf(internals.tests, null);

    const range = internals.globals['range'] as (a: number, b?: number, c?: number) => number[];
    internals.globals['range'] = (start: number, stop?: number, step?: number): number[] => {
      const [from, to, by] = stop === undefined ? [0, start, 1] : [start, stop, step || 1];
      const count = Math.max(0, Math.ceil((Number(to) - Number(from)) / Number(by)));
      if (!Number.isFinite(count) || count > MAX_RANGE) {
        throw new TemplateSecurityError(`Template sandbox: range() is limited to ${MAX_RANGE} items.`);
      }
      return range(start, stop as number, step as number);
    };
    for (const [name, value] of Object.entries({ True: true, False: false, None: null })) internals.globals[name] = value;
    internals.globals['namespace'] = pyNamespace;
    const tests = internals.tests;
    tests['none'] = (v: unknown) => v === null || v === undefined;
    tests['true'] = (v: unknown) => v === true;
    tests['false'] = (v: unknown) => v === false;
    tests['boolean'] = (v: unknown) => typeof v === 'boolean';
    tests['mapping'] = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
    tests['sequence'] = (v: unknown) => Array.isArray(v) || typeof v === 'string';
    tests['iterable'] = (v: unknown) => Array.isArray(v) || typeof v === 'string' || v instanceof Map || v instanceof Set;
    Object.assign(tests, pyTests());

    const extraFilters: Record<string, TemplateFilter> = {
      tojson: (value, indentArg) => {
        // `tojson(2)` or `tojson(indent=2)`.
        const indent = isKeywords(indentArg) ? indentArg['indent'] : indentArg;
        return pythonJson(value, typeof indent === 'number' ? indent : undefined);
      },
      repr: (value) => pythonRepr(value),
      items: (value) => (typeof value === 'object' && value !== null ? Object.entries(value) : []),
      // nunjucks' version is a regex that backtracks quadratically on `<a<a<a...`.
      striptags,
      ...pythonFilters((name) => internals.filters[name] as TemplateFilter | undefined),
      ...pyFilters((name) => internals.tests[name] as TemplateFilter | undefined),
      ...options.filters,
    };
    for (const [name, filter] of Object.entries(extraFilters)) this.addFilter(name, filter);
    for (const [name, extension] of Object.entries(options.extensions ?? {})) this.#env.addExtension(name, extension);
    for (const [name, value] of Object.entries(options.globals ?? {})) this.addGlobal(name, value);
    this.#guardFilters();

    const pythonOutput = options.pythonOutput ?? true;
    this.#runtime = Object.assign(Object.create(runtime) as NunjucksRuntime, {
      memberLookup: safeMemberLookup,
      callWrap: safeCallWrap,
      // Python semantics for `==`, `!=` (emitted by compileWithPythonComparisons) and `in`.
      pyCompare,
      // Operators, truthiness, slices, tuples, namespaces and loops (emitted by py-compiler.ts).
      ...PY_RUNTIME,
      inOperator: pyIn,
      contextOrFrameLookup: safeContextOrFrameLookup,
      suppressValue: makeSuppressValue(runtime.suppressValue.bind(runtime), pythonOutput, options.finalize),
      // The render budget's checkpoints, emitted by the hardened compiler (safe-emit.ts).
      guardText: (text: string): string => {
        currentBudget()?.addOutput(text.length);
        return text;
      },
      // Jinja2's `~` joins `str()` of both sides (`None`, `True`); undefined is ''.
      guardConcat: (left: unknown, right: unknown): string => {
        const text = (v: unknown): string => (v === undefined ? '' : v instanceof String && !(v instanceof PyStrEnum) ? String(v) : pythonStr(v));
        const l = text(left);
        const r = text(right);
        checkProjectedLength(l.length + r.length, "'~'");
        return checkValue(l + r, "'~'");
      },
      guardStep: (): void => currentBudget()?.addIterations(1),
    });
    const captured: unknown[] = [];
    const printing = this.#runtime.suppressValue;
    this.#nativeRuntime = Object.assign(Object.create(this.#runtime) as NunjucksRuntime, {
      captured,
      suppressValue: (val: unknown, autoescape: boolean): unknown => {
        captured.push(val);
        return printing(val, autoescape);
      },
    });
    this.#globalNames = new Set(Object.keys(internals.globals));
  }

  /** Adds (or replaces) a filter. */
  addFilter(name: string, filter: TemplateFilter): this {
    if (isBlockedName(name)) throw new HaystackError(`SandboxedEnvironment.addFilter: '${name}' cannot be a filter name.`);
    if (typeof filter !== 'function') {
      throw new HaystackError(`SandboxedEnvironment.addFilter: expected filter '${name}' to be a function, got ${typeof filter}.`);
    }
    this.#env.addFilter(name, guardFilter(name, filter));
    return this;
  }

  /** Adds (or replaces) a global. */
  addGlobal(name: string, value: unknown): this {
    if (isBlockedName(name) || isForbiddenValue(value)) {
      throw new TemplateSecurityError(`SandboxedEnvironment.addGlobal: '${name}' cannot be exposed to templates.`);
    }
    this.#env.addGlobal(name, value);
    this.#globalNames?.add(name);
    return this;
  }

  /** The limits renders of this environment run under (its own, over the process defaults). */
  get limits(): ResolvedTemplateLimits {
    return resolveTemplateLimits(templateLimits(), this.#limits);
  }

  /** Names every template can read without declaring them (`range`, `cycler`, `joiner`, `True`, ...). */
  get globalNames(): readonly string[] {
    return [...this.#globalNames];
  }

  /** Compiles `source` once; syntax errors and sandbox violations visible in the source throw here. */
  compile(source: string): CompiledTemplate {
    if (typeof source !== 'string') {
      throw new TemplateError(`Template: expected the template to be a string, got ${source === null ? 'null' : typeof source}.`);
    }
    const { maxTemplateLength } = this.limits;
    if (source.length > maxTemplateLength) {
      throw new TemplateLimitError(
        `Template: limit 'maxTemplateLength' reached: the template has ${source.length} characters, more than ${maxTemplateLength}. ` +
          "Raise it with the environment's 'limits' option or configureTemplateLimits() if the template is trusted.",
        { limit: 'maxTemplateLength', value: maxTemplateLength },
      );
    }
    const analysis = this.analyze(source);
    // Jinja2 (keep_trailing_newline=False) drops one trailing newline of the source.
    const body = source.endsWith('\r\n') ? source.slice(0, -2) : source.endsWith('\n') ? source.slice(0, -1) : source;
    let template: nunjucks.Template;
    try {
      const env = this.#env as unknown as { extensionsList: []; opts: { throwOnUndefined?: boolean } };
      const code = compileWithPythonComparisons(body, env.extensionsList, env.opts, COMPILE_GUARD);
      template = new nunjucks.Template({ type: 'code', obj: code } as unknown as string, this.#env, undefined, true);
    } catch (error) {
      throw toTemplateError(error, 'syntax error');
    }
    const internals = template as unknown as TemplateInternals;
    const root = internals.rootRenderFunc;
    const render = (vars: Readonly<Record<string, unknown>>, rt: NunjucksRuntime): string => {
      internals.rootRenderFunc = (env, context, frame, _stockRuntime, cb) => root(env, context, frame, rt, cb);
      try {
        const budget = new RenderBudget(this.limits);
        return withBudget(budget, () => template.render(copyVariables(vars)));
      } catch (error) {
        throw toTemplateError(error, 'render error');
      } finally {
        internals.rootRenderFunc = root;
      }
    };
    const nativeRuntime = this.#nativeRuntime;
    return {
      source,
      variables: analysis.variables.filter((v) => !this.#globalNames.has(v)),
      assignedVariables: analysis.assigned,
      render: (vars = {}) => render(vars, this.#runtime),
      renderNative: (vars = {}) => {
        nativeRuntime.captured.length = 0;
        const text = render(vars, nativeRuntime);
        const values = [...nativeRuntime.captured];
        nativeRuntime.captured.length = 0;
        if (!analysis.singleExpression || values.length !== 1) return text;
        // A ChatRole member leaves the template as the role string the rest of the library uses.
        return values[0] instanceof PyStrEnum ? values[0].value : values[0];
      },
    };
  }

  /** Renders a template string once. */
  render(source: string, variables: Readonly<Record<string, unknown>> = {}): string {
    return this.compile(source).render(variables);
  }

  /** Parses `source` and reports its variables; throws TemplateError on syntax errors. */
  analyze(source: string): TemplateAnalysis {
    return analyzeTemplate(source, (this.#env as unknown as { extensionsList: unknown[] }).extensionsList);
  }

  #guardFilters(): void {
    const filters = (this.#env as unknown as { filters: Record<string, TemplateFilter> }).filters;
    for (const [name, filter] of Object.entries(filters)) {
      if (!(filter as { __sandboxed?: true }).__sandboxed) filters[name] = guardFilter(name, filter);
    }
  }
}

/**
 * Filters such as `sort(attribute=...)`, `groupby`, `sum`, `selectattr` read members by name
 * without going through the runtime; refuse blocked names (and dotted paths through them) there.
 */
function guardFilter(name: string, filter: TemplateFilter): TemplateFilter {
  const guarded = function (this: unknown, value: unknown, ...args: unknown[]): unknown {
    if (isForbiddenValue(value)) throw new TemplateSecurityError(`Template sandbox: filter '${name}' cannot take a host object.`);
    const flat = args.flatMap((arg) =>
      typeof arg === 'object' && arg !== null && (arg as { __keywords?: unknown }).__keywords === true ? Object.values(arg) : [arg],
    );
    for (const arg of flat) {
      if (typeof arg === 'string' && arg.split('.').some(isBlockedName)) {
        throw new TemplateSecurityError(`Template sandbox: filter '${name}' cannot read '${arg}'.`);
      }
      if (isForbiddenValue(arg)) throw new TemplateSecurityError(`Template sandbox: filter '${name}' cannot take a host object.`);
    }
    if (Object.hasOwn(FILTER_PRECHECKS, name)) FILTER_PRECHECKS[name]?.(value, args);
    const result = filter.call(this, value, ...args);
    if (isForbiddenValue(result)) throw new TemplateSecurityError(`Template sandbox: filter '${name}' returned a host object.`);
    return checkValue(result, `filter '${name}'`);
  };
  Object.defineProperty(guarded, '__sandboxed', { value: true });
  return guarded;
}

function isKeywords(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && (value as { __keywords?: unknown }).__keywords === true;
}

function copyVariables(vars: Readonly<Record<string, unknown>>): Record<string, unknown> {
  if (typeof vars !== 'object' || vars === null) {
    throw new TemplateError(`Template: expected the variables to be an object, got ${vars === null ? 'null' : typeof vars}.`);
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(vars)) {
    if (isBlockedName(k)) continue;
    out[k] = v;
  }
  return out;
}

/** Unwraps nunjucks' error wrapper so our own errors (and their classes) reach the caller. */
function toTemplateError(error: unknown, phase: string): TemplateError {
  const located = error as { lineno?: number; colno?: number; cause?: unknown; message?: string };
  // nunjucks reports render positions 0-based.
  const line = typeof located.lineno === 'number' ? located.lineno + 1 : undefined;
  const column = typeof located.colno === 'number' ? located.colno + 1 : undefined;
  const where = line === undefined ? '' : ` (line ${line}${column === undefined ? '' : `, column ${column}`})`;
  for (let e: unknown = error; e instanceof Error; e = (e as { cause?: unknown }).cause) {
    if (e instanceof TemplateLimitError) {
      return new TemplateLimitError(`${e.message}${where}`, { limit: e.limit, value: e.value, line, column, cause: e.cause });
    }
    if (e instanceof RangeError && /Invalid (string|array|typed array) length/.test(e.message)) {
      // V8's own ceiling on one string or array, reached through a path without a finer check.
      return new TemplateLimitError(`Template: limit 'maxValueLength' reached${where}: a value grew beyond what JavaScript can hold.`, {
        limit: 'maxValueLength',
        value: currentLimitsForError().maxValueLength,
        line,
        column,
        cause: e,
      });
    }
    if (e instanceof TemplateError) {
      const Ctor = e.constructor as typeof TemplateError;
      return new Ctor(`${e.message}${where}`, { line, column, cause: e.cause });
    }
    if (e instanceof HaystackError) {
      return new TemplateError(`Template: ${phase}${where}: ${e.message}`, { line, column, cause: e });
    }
  }
  const message = String(located.message ?? error)
    .replace(/^Template render error: \(unknown path\)( \[Line \d+, Column \d+\])?\s*/, '')
    .trim();
  return new TemplateError(`Template: ${phase}${where}: ${message}`, { line, column, cause: error });
}

function currentLimitsForError(): ResolvedTemplateLimits {
  return currentBudget()?.limits ?? templateLimits();
}

let shared: SandboxedEnvironment | undefined;

/** A new sandboxed environment (give it your own filters/globals). */
export function createSandboxedEnvironment(options: SandboxedEnvironmentOptions = {}): SandboxedEnvironment {
  return new SandboxedEnvironment(options);
}

/** The default environment shared by the library's components (no extra filters or globals). */
export function defaultEnvironment(): SandboxedEnvironment {
  shared ??= new SandboxedEnvironment();
  return shared;
}

/** Renders `template` with `variables` in the default sandboxed environment. */
export function renderTemplate(template: string, variables: Readonly<Record<string, unknown>> = {}): string {
  return defaultEnvironment().render(template, variables);
}

/** The undeclared variables of `template`, in first-appearance order (Haystack's inferred template variables). */
export function templateVariables(template: string): string[] {
  return [...defaultEnvironment().compile(template).variables];
}
