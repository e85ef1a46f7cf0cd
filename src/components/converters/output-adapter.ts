import { z } from 'zod';
import { Component, type ComponentDict } from '../../core/component/component.js';
import type { RunInput, RunResult } from '../../core/component/sockets.js';
import { ComponentError } from '../../errors.js';
import { initParametersOf, type FromDictContext, type ToDictContext } from '../../core/serialization/component-dict.js';
import { schemaToTypeName, typeNameToSchema, type TypeNameTable } from '../../core/serialization/type-names.js';
import { createSandboxedEnvironment, defaultEnvironment, pythonRepr, type CompiledTemplate, type TemplateFilter } from '../../utils/templating/index.js';
import { deserializeFilters, serializeFilters } from '../templating-shared/custom-filters.js';
import { outputTypeToSchema } from '../templating-shared/output-type.js';
import { renderNative, renderedToValue } from '../templating-shared/rendered-value.js';
import { OutputAdaptationException } from './output-adaptation-exception.js';
import type { OutputAdapterOptions } from './output-adapter-options.js';
import { assertKnownOptions } from '../../core/component/known-options.js';
import { describeValue } from '../../describe.js';

const TYPE_NAME = 'haystack.components.converters.output_adapter.OutputAdapter';

export type SchemaOf<T> = T extends z.ZodType ? T : z.ZodType;
export type AdapterInputs = Record<string, z.ZodType<unknown>>;
export type AdapterOutputs<T> = { output: SchemaOf<T> };

/**
 * Adapts the output of one component to the input of another with a template, e.g. picks the
 * first document's text or joins replies. The template's variables are the inputs (all required);
 * the rendered text becomes a value as Python's `ast.literal_eval` would make it (see
 * `renderedToValue`), so `{{ a }}` with `[1, 2]` yields `[1, 2]`.
 *
 * @example
 * const adapter = new OutputAdapter({ template: '{{ documents[0].content }}', outputType: z.string() });
 * adapter.run({ documents: [new Document({ content: 'Test content' })] }); // { output: 'Test content' }
 */
export class OutputAdapter<const T extends z.ZodType | string = z.ZodType | string> extends Component<AdapterInputs, AdapterOutputs<T>> {
  static override readonly typeName = TYPE_NAME;
  readonly template: string;
  readonly outputType: SchemaOf<T>;
  readonly customFilters: Readonly<Record<string, TemplateFilter>>;
  readonly unsafe: boolean;
  readonly #compiled: CompiledTemplate;

  constructor(options: OutputAdapterOptions<T>) {
    assertKnownOptions<OutputAdapterOptions<T>>(options, { template: true, outputType: true, customFilters: true, unsafe: true, types: true }, 'OutputAdapter');
    if (typeof options !== 'object' || options === null) {
      throw new ComponentError(`OutputAdapter: expected an options object with 'template' and 'outputType', got ${describeValue(options)}.`);
    }
    const { template } = options;
    if (typeof template !== 'string') throw new ComponentError(`OutputAdapter: expected 'template' to be a string, got ${describeValue(template)}.`);
    const customFilters = options.customFilters ?? {};
    const unsafe = options.unsafe ?? false;
    if (typeof unsafe !== 'boolean') throw new ComponentError(`OutputAdapter: expected 'unsafe' to be a boolean, got ${describeValue(unsafe)}.`);
    const outputType = toSchema(options.outputType, options.types) as SchemaOf<T>;
    const env = Object.keys(customFilters).length > 0 ? createSandboxedEnvironment({ filters: customFilters }) : defaultEnvironment();
    let compiled: CompiledTemplate;
    try {
      compiled = env.compile(template);
    } catch (error) {
      throw new ComponentError(`OutputAdapter: invalid template '${template}': ${(error as Error).message}`, { cause: error });
    }
    const inputs: Record<string, z.ZodType<unknown>> = {};
    for (const name of compiled.variables) inputs[name] = z.unknown();
    super({ inputs, outputs: { output: outputType } as AdapterOutputs<T>, initParameters: { template, outputType, customFilters, unsafe } });
    this.template = template;
    this.outputType = outputType;
    this.customFilters = customFilters;
    this.unsafe = unsafe;
    this.#compiled = compiled;
  }

  run(input: RunInput<AdapterInputs>): RunResult<AdapterOutputs<T>> {
    const variables = input as Record<string, unknown>;
    if (Object.keys(variables).length === 0) {
      throw new ComponentError('OutputAdapter: no input data provided for output adaptation; pass the template variables as inputs.');
    }
    // Jinja's StrictUndefined: a variable the template needs but did not receive is an error, not ''.
    const missing = this.#compiled.variables.filter((v) => variables[v] === undefined);
    let output: unknown;
    try {
      if (missing.length > 0) throw new Error(`'${missing[0]}' is undefined`);
      output = this.unsafe
        ? renderNative(this.#compiled, variables, this.outputType)
        : renderedToValue(this.#compiled.render(variables), this.outputType);
    } catch (error) {
      throw new OutputAdaptationException(
        `OutputAdapter: error adapting ${this.template} with ${pythonRepr(variables)}: ${(error as Error).message}`,
        { cause: error },
      );
    }
    return { output } as RunResult<AdapterOutputs<T>>;
  }

  /** Haystack's layout: template, output type name, custom filter names, unsafe. */
  toDict(context?: ToDictContext): ComponentDict {
    return {
      type: TYPE_NAME,
      init_parameters: {
        template: this.template,
        output_type: schemaToTypeName(this.outputType),
        custom_filters: serializeFilters(this.customFilters, 'OutputAdapter', context),
        unsafe: this.unsafe,
      },
    };
  }

  static fromDict(data: Readonly<Record<string, unknown>>, context: FromDictContext): OutputAdapter {
    const params = initParametersOf(data, context);
    const outputType = params['output_type'];
    return new OutputAdapter(
      {
        template: params['template'] as string,
        outputType: typeof outputType === 'string' ? typeNameToSchema(outputType, context.registry.types) : (outputType as z.ZodType),
        customFilters: deserializeFilters(params['custom_filters'], 'OutputAdapter', context),
        unsafe: (params['unsafe'] as boolean | undefined) ?? false,
        types: context.registry.types,
      },
    );
  }
}

function toSchema(type: z.ZodType | string, types: TypeNameTable | undefined): z.ZodType {
  return outputTypeToSchema(type, types, 'OutputAdapter', "'outputType'");
}
