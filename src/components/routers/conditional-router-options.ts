import type { z } from 'zod';
import { ComponentError } from '../../errors.js';
import type { TemplateFilter } from '../../utils/templating/index.js';
import type { TypeNameTable } from '../../core/serialization/type-names.js';
import { describeValue } from '../../describe.js';

/**
 * An output type: a zod schema, or a Haystack type name from the table of `typeNameToSchema`
 * (`'str'`, `'list[int]'`, `'typing.Optional[list[haystack.dataclasses.document.Document]]'`).
 */
export type RouteOutputType = z.ZodType | string;

/**
 * One route of a {@link ConditionalRouter} (Haystack's `Route`, keys camelCased).
 *
 * @example
 * { condition: '{{ streams|length > 2 }}', output: '{{ streams }}', outputName: 'enough_streams', outputType: z.array(z.int()) }
 */
export interface Route {
  /** A template whose rendered value decides (Python truthiness) whether the route fires. */
  readonly condition: string;
  /** The template(s) of the emitted value(s); with `outputPassthrough`, variable names instead. */
  readonly output: string | readonly string[];
  /** The output socket(s) the value(s) are emitted on. */
  readonly outputName: string | readonly string[];
  /** The type(s) of the output socket(s). */
  readonly outputType: RouteOutputType | readonly RouteOutputType[];
  /**
   * Emit the named input variable itself, skipping templating: objects (Documents, class
   * instances) keep their identity instead of becoming their printed form.
   * @default false
   */
  readonly outputPassthrough?: boolean | undefined;
}

/** Options of {@link ConditionalRouter}. */
export interface ConditionalRouterOptions<R extends readonly Route[] = readonly Route[]> {
  /** The routes, tried in order; the first whose condition holds fires. */
  readonly routes: R;
  /**
   * Extra template filters (`{{ x | my_filter }}`). To save a router that has some, register each
   * function with `registry.registerCallable(name, fn)` and pass the registry to `dumps`.
   * @default {}
   */
  readonly customFilters?: Readonly<Record<string, TemplateFilter>> | undefined;
  /**
   * Render outputs as native values instead of text: a template that is a single `{{ expression }}`
   * yields the value itself (Jinja's NativeEnvironment). Templates stay sandboxed either way.
   * @default false
   */
  readonly unsafe?: boolean | undefined;
  /** Check each emitted value against its output type (throws on mismatch). @default false */
  readonly validateOutputType?: boolean | undefined;
  /**
   * Variables that may be absent: they become optional inputs defaulting to `null` (Python `None`),
   * so a fallback route can fire when a branch did not produce them.
   * @default []
   */
  readonly optionalVariables?: readonly string[] | undefined;
  /**
   * Your own type names for string output types (`'my.Money'` → a schema), beside Haystack's
   * built-in ones; `fromDict` passes the registry's table (`registry.registerType`).
   * @default none: the built-in names only
   * @example new Map([['my.Money', z.object({ cents: z.int() })]])
   */
  readonly types?: TypeNameTable | undefined;
}

/** A route with every field as a list, checked. */
export interface NormalizedRoute {
  readonly condition: string;
  readonly outputs: readonly string[];
  readonly outputNames: readonly string[];
  readonly outputTypes: readonly RouteOutputType[];
  readonly passthrough: boolean;
  /** The route as the user gave it, for messages and serialization. */
  readonly original: Route;
}

const asList = <T>(value: T | readonly T[]): readonly T[] => (Array.isArray(value) ? (value as readonly T[]) : [value as T]);

/** Checks every route's shape (not its templates: those are compiled by the router). */
export function normalizeRoutes(routes: unknown): NormalizedRoute[] {
  if (!Array.isArray(routes) || routes.length === 0) {
    throw new ComponentError(`ConditionalRouter: expected 'routes' to be a non-empty array of routes, got ${describeValue(routes)}.`);
  }
  return routes.map((route: unknown, index) => {
    if (typeof route !== 'object' || route === null || Array.isArray(route)) {
      throw new ComponentError(`ConditionalRouter: route ${index} must be an object, got ${describeValue(route)}.`);
    }
    const r = route as Record<string, unknown>;
    const missing = ['condition', 'output', 'outputName', 'outputType'].filter((k) => r[k] === undefined);
    if (missing.length > 0) {
      throw new ComponentError(
        `ConditionalRouter: route ${index} must contain 'condition', 'output', 'outputType' and 'outputName' fields; missing ${missing.join(', ')}.`,
      );
    }
    const typed = route as Route;
    const outputs = asList(typed.output);
    const outputNames = asList(typed.outputName);
    const outputTypes = asList(typed.outputType);
    if (outputs.length !== outputNames.length || outputs.length !== outputTypes.length) {
      throw new ComponentError(
        `ConditionalRouter: route ${index}: output, outputType and outputName must have the same length ` +
          `(got ${outputs.length}, ${outputTypes.length}, ${outputNames.length}).`,
      );
    }
    if (typeof typed.condition !== 'string') {
      throw new ComponentError(
        `ConditionalRouter: route ${index}: invalid template for condition: expected a template string such as '{{ ${String(typed.condition)} }}', ` +
          `got ${describeValue(typed.condition)}.`,
      );
    }
    const passthrough = typed.outputPassthrough ?? false;
    if (typeof passthrough !== 'boolean') {
      throw new ComponentError(`ConditionalRouter: route ${index}: expected 'outputPassthrough' to be a boolean, got ${describeValue(passthrough)}.`);
    }
    for (const output of outputs) {
      if (typeof output !== 'string') {
        throw new ComponentError(
          `ConditionalRouter: route ${index}: invalid template for output: expected a template string (or a variable name with outputPassthrough), got ${describeValue(output)}.`,
        );
      }
    }
    for (const name of outputNames) {
      if (typeof name !== 'string' || name === '') {
        throw new ComponentError(`ConditionalRouter: route ${index}: expected every outputName to be a non-empty string, got ${describeValue(name)}.`);
      }
    }
    return { condition: typed.condition, outputs, outputNames, outputTypes, passthrough, original: typed };
  });
}

