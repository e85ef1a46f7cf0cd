import { z } from 'zod';
import { Component, type ComponentDict } from '../../core/component/component.js';
import type { RunInput, RunOutput } from '../../core/component/sockets.js';
import { ComponentError, DeserializationError } from '../../errors.js';
import { getLogger } from '../../core/logger.js';
import { initParametersOf, type FromDictContext, type ToDictContext } from '../../core/serialization/component-dict.js';
import { schemaToTypeName, typeNameToSchema, type TypeNameTable } from '../../core/serialization/type-names.js';
import { createSandboxedEnvironment, defaultEnvironment, type CompiledTemplate, type TemplateFilter } from '../../utils/templating/index.js';
import { normalizeRoutes, type ConditionalRouterOptions, type NormalizedRoute, type Route, type RouteOutputType } from './conditional-router-options.js';
import { NoRouteSelectedException, RouteConditionException } from './no-route-selected-exception.js';
import { pythonTruthy, tryParsePythonLiteral } from '../../python/literal.js';
import { renderNative, renderedToValue } from '../templating-shared/rendered-value.js';
import { deserializeFilters, serializeFilters } from '../templating-shared/custom-filters.js';
import { outputTypeToSchema } from '../templating-shared/output-type.js';
import { assertKnownOptions } from '../../core/component/known-options.js';
import { describeValue } from '../../describe.js';

const TYPE_NAME = 'haystack.components.routers.conditional_router.ConditionalRouter';

export type SchemaOf<T> = T extends z.ZodType ? T : z.ZodType;
export type AnySockets = Record<string, z.ZodType>;
// Literal output names give typed sockets; names only known at run time (`string`) give a record.
export type NamedSockets<N, T> = N extends string
  ? string extends N
    ? AnySockets
    : { [K in N]: SchemaOf<T> }
  : N extends readonly (infer M extends string)[]
    ? string extends M
      ? AnySockets
      : { [K in M]: z.ZodType }
    : AnySockets;
export type RouteSockets<E> = E extends { readonly outputName: infer N; readonly outputType: infer T } ? NamedSockets<N, T> : AnySockets;
export type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

export type Merged<R extends readonly Route[]> = UnionToIntersection<RouteSockets<R[number]>>;
/** The output sockets of a router with routes `R`: one per `outputName`, typed by its `outputType` schema. */
export type RouterOutputs<R extends readonly Route[]> = {
  [K in keyof Merged<R> & string]: Merged<R>[K] extends z.ZodType ? Merged<R>[K] : z.ZodType;
};
/** The inputs of a router: every template variable, values of any type. */
export type RouterInputs = Record<string, z.ZodType<unknown>>;

interface CompiledRoute extends NormalizedRoute {
  readonly conditionTemplate: CompiledTemplate;
  readonly outputTemplates: readonly (CompiledTemplate | undefined)[];
  readonly schemas: readonly z.ZodType[];
}

/**
 * Routes data by conditions: each route has a condition template, output template(s), output
 * socket name(s) and type(s). Routes are tried in order and the first whose condition renders to a
 * true value emits its outputs; the others emit nothing, so their branches do not run. When no
 * route fires it throws {@link NoRouteSelectedException}.
 *
 * Inputs are the variables of all templates (plus the variable names of passthrough outputs), all
 * required except `optionalVariables`, which default to `null`. Rendered text becomes a value as
 * Python's `ast.literal_eval` would make it (see `parsePythonLiteral` and `renderedToValue`).
 *
 * @example
 * const router = new ConditionalRouter({
 *   routes: [
 *     { condition: '{{ streams|length > 2 }}', output: '{{ streams }}', outputName: 'enough_streams', outputType: z.array(z.int()) },
 *     { condition: '{{ streams|length <= 2 }}', output: '{{ streams }}', outputName: 'insufficient_streams', outputType: 'list[int]' },
 *   ],
 * });
 * router.run({ streams: [1, 2, 3] }); // { enough_streams: [1, 2, 3] }
 */
export class ConditionalRouter<const R extends readonly Route[] = readonly Route[]> extends Component<RouterInputs, RouterOutputs<R>> {
  static override readonly typeName = TYPE_NAME;
  readonly routes: R;
  readonly customFilters: Readonly<Record<string, TemplateFilter>>;
  readonly unsafe: boolean;
  readonly validateOutputType: boolean;
  readonly optionalVariables: readonly string[];
  readonly #routes: readonly CompiledRoute[];

  constructor(options: ConditionalRouterOptions<R>) {
    assertKnownOptions<ConditionalRouterOptions<R>>(
      options,
      { routes: true, customFilters: true, unsafe: true, validateOutputType: true, optionalVariables: true, types: true },
      'ConditionalRouter',
    );
    if (typeof options !== 'object' || options === null) {
      throw new ComponentError(`ConditionalRouter: expected an options object with 'routes', got ${describeValue(options)}.`);
    }
    const normalized = normalizeRoutes(options.routes);
    const customFilters = options.customFilters ?? {};
    const unsafe = checkBoolean(options.unsafe, 'unsafe');
    const validateOutputType = checkBoolean(options.validateOutputType, 'validateOutputType');
    const optionalVariables = options.optionalVariables ?? [];
    if (!Array.isArray(optionalVariables) || !optionalVariables.every((v) => typeof v === 'string')) {
      throw new ComponentError(`ConditionalRouter: expected 'optionalVariables' to be an array of strings, got ${describeValue(optionalVariables)}.`);
    }
    const env = Object.keys(customFilters).length > 0 ? createSandboxedEnvironment({ filters: customFilters }) : defaultEnvironment();

    const variables: string[] = [];
    const addVariable = (name: string) => {
      if (!variables.includes(name)) variables.push(name);
    };
    const compiled = normalized.map((route, index): CompiledRoute => {
      const conditionTemplate = compileTemplate(env, route.condition, index, 'condition');
      conditionTemplate.variables.forEach(addVariable);
      const outputTemplates = route.outputs.map((output) => {
        if (route.passthrough) {
          addVariable(output);
          return undefined;
        }
        const template = compileTemplate(env, output, index, 'output');
        template.variables.forEach(addVariable);
        return template;
      });
      const schemas = route.outputTypes.map((t) => toSchema(t, index, options.types));
      return { ...route, conditionTemplate, outputTemplates, schemas };
    });

    const inputs: Record<string, z.ZodType<unknown>> = {};
    for (const name of variables) if (!optionalVariables.includes(name)) inputs[name] = z.unknown();
    for (const name of optionalVariables) inputs[name] = z.unknown().default(null);
    const unused = optionalVariables.filter((v) => !variables.includes(v));
    if (unused.length > 0) {
      getLogger().warn(
        `ConditionalRouter: the following optional variables are specified but not used in any route: ${unused.join(', ')}. Check if there's a typo in variable names.`,
        { unusedOptionalVariables: unused },
      );
    }
    const outputs: Record<string, z.ZodType> = {};
    for (const route of compiled) route.outputNames.forEach((name, i) => (outputs[name] = route.schemas[i] as z.ZodType));

    super({
      inputs,
      outputs: outputs as RouterOutputs<R>,
      initParameters: { routes: options.routes, customFilters, unsafe, validateOutputType, optionalVariables },
    });
    this.routes = options.routes;
    this.customFilters = customFilters;
    this.unsafe = unsafe;
    this.validateOutputType = validateOutputType;
    this.optionalVariables = [...optionalVariables];
    this.#routes = compiled;
  }

  /** Emits the outputs of the first route whose condition holds. */
  run(input: RunInput<RouterInputs>): RunOutput<RouterOutputs<R>> {
    const variables = input as Record<string, unknown>;
    for (const route of this.#routes) {
      if (!this.#conditionHolds(route, variables)) continue;
      const result: Record<string, unknown> = {};
      route.outputNames.forEach((name, i) => {
        const value = this.#outputValue(route, i, variables);
        const schema = route.schemas[i] as z.ZodType;
        if (this.validateOutputType && !schema.safeParse(value).success) {
          throw new ComponentError(
            `ConditionalRouter: route '${name}' type doesn't match expected type '${typeNameForMessage(schema)}'; got ${describeValue(value)}.`,
            { socket: name },
          );
        }
        result[name] = value;
      });
      return result as RunOutput<RouterOutputs<R>>;
    }
    throw new NoRouteSelectedException(
      `ConditionalRouter: no route fired. Routes: ${this.#routes.map((r) => `'${r.condition}' → ${r.outputNames.join(', ')}`).join('; ')}. ` +
        "Add a fallback route with condition '{{ True }}' if every input should be routed.",
    );
  }

  #conditionHolds(route: CompiledRoute, variables: Record<string, unknown>): boolean {
    let value: unknown;
    try {
      if (this.unsafe) {
        value = route.conditionTemplate.renderNative(variables);
        if (typeof value === 'string') {
          const parsed = tryParsePythonLiteral(value);
          if (parsed.ok) value = parsed.value;
        }
      } else {
        const rendered = route.conditionTemplate.render(variables);
        const parsed = tryParsePythonLiteral(rendered);
        if (!parsed.ok) {
          throw new RouteConditionException(
            `ConditionalRouter: the condition '${route.condition}' rendered to '${rendered}', which is not a Python literal ` +
              "(conditions must render to True/False or another literal; compare strings inside the template: '{{ x == \"a\" }}').",
            { cause: parsed.error },
          );
        }
        value = parsed.value;
      }
    } catch (error) {
      if (error instanceof RouteConditionException) throw error;
      throw new RouteConditionException(
        `ConditionalRouter: error evaluating condition for route '${route.condition}': ${(error as Error).message}`,
        { cause: error },
      );
    }
    return pythonTruthy(value);
  }

  #outputValue(route: CompiledRoute, i: number, variables: Record<string, unknown>): unknown {
    const output = route.outputs[i] as string;
    const name = route.outputNames[i] as string;
    if (route.passthrough) {
      if (!Object.hasOwn(variables, output) || variables[output] === undefined) {
        throw new ComponentError(
          `ConditionalRouter: variable '${output}' not found in inputs for passthrough route '${name}'. Ensure '${output}' is passed as an input to the router.`,
          { socket: output },
        );
      }
      return variables[output];
    }
    const template = route.outputTemplates[i] as CompiledTemplate;
    const schema = route.schemas[i];
    try {
      return this.unsafe ? renderNative(template, variables, schema) : renderedToValue(template.render(variables), schema);
    } catch (error) {
      throw new RouteConditionException(`ConditionalRouter: error rendering output '${output}' of route '${name}': ${(error as Error).message}`, {
        cause: error,
        socket: name,
      });
    }
  }

  /** Haystack's layout: routes with snake_case keys and output types as type names. */
  toDict(context?: ToDictContext): ComponentDict {
    const routes = this.#routes.map((route) => {
      const o = route.original;
      const serialized: Record<string, unknown> = {
        condition: o.condition,
        output: Array.isArray(o.output) ? [...(o.output as string[])] : o.output,
        output_name: Array.isArray(o.outputName) ? [...(o.outputName as string[])] : o.outputName,
        output_type: Array.isArray(o.outputType) ? route.schemas.map(schemaToTypeName) : schemaToTypeName(route.schemas[0] as z.ZodType),
      };
      if (o.outputPassthrough !== undefined) serialized['output_passthrough'] = o.outputPassthrough;
      return serialized;
    });
    return {
      type: TYPE_NAME,
      init_parameters: {
        routes,
        custom_filters: serializeFilters(this.customFilters, 'ConditionalRouter', context),
        unsafe: this.unsafe,
        validate_output_type: this.validateOutputType,
        optional_variables: [...this.optionalVariables],
      },
    };
  }

  static fromDict(data: Readonly<Record<string, unknown>>, context: FromDictContext): ConditionalRouter {
    const params = initParametersOf(data, context);
    const routes = params['routes'];
    if (!Array.isArray(routes)) {
      throw new DeserializationError(`ConditionalRouter.fromDict: 'routes' of component '${context.componentName}' must be a list.`, {
        component: context.componentName,
      });
    }
    const camelRoutes = routes.map((route: unknown): Route => {
      if (typeof route !== 'object' || route === null) return route as Route;
      const r = route as Record<string, unknown>;
      const outputType = r['output_type'];
      const toType = (t: unknown): RouteOutputType => (typeof t === 'string' ? typeNameToSchema(t, context.registry.types) : (t as RouteOutputType));
      const camel: Record<string, unknown> = {
        condition: r['condition'],
        output: r['output'],
        outputName: r['output_name'],
        outputType: Array.isArray(outputType) ? outputType.map(toType) : toType(outputType),
      };
      if (r['output_passthrough'] !== undefined) camel['outputPassthrough'] = r['output_passthrough'];
      return camel as unknown as Route;
    });
    return new ConditionalRouter(
      {
        routes: camelRoutes,
        customFilters: deserializeFilters(params['custom_filters'], 'ConditionalRouter', context),
        unsafe: (params['unsafe'] as boolean | undefined) ?? false,
        validateOutputType: (params['validate_output_type'] as boolean | undefined) ?? false,
        optionalVariables: (params['optional_variables'] as string[] | null | undefined) ?? [],
        types: context.registry.types,
      },
    );
  }
}

function checkBoolean(value: unknown, name: string): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') throw new ComponentError(`ConditionalRouter: expected '${name}' to be a boolean, got ${describeValue(value)}.`);
  return value;
}

function compileTemplate(env: ReturnType<typeof defaultEnvironment>, source: string, index: number, what: string): CompiledTemplate {
  try {
    return env.compile(source);
  } catch (error) {
    throw new ComponentError(`ConditionalRouter: route ${index}: invalid template for ${what}: ${source} (${(error as Error).message})`, {
      cause: error,
    });
  }
}

function toSchema(type: RouteOutputType, index: number, types: TypeNameTable | undefined): z.ZodType {
  return outputTypeToSchema(type, types, `ConditionalRouter: route ${index}`, 'outputType');
}

function typeNameForMessage(schema: z.ZodType): string {
  try {
    return schemaToTypeName(schema);
  } catch {
    return 'the declared schema';
  }
}
