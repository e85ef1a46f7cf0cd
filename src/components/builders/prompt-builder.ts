/**
 * PromptBuilder (Haystack's `haystack/components/builders/prompt_builder.py`): renders a string
 * prompt from a template whose variables are input sockets.
 */
import { z } from 'zod';
import { Component, type RunContext } from '../../core/component/component.js';
import { defaultEnvironment, type CompiledTemplate } from '../../utils/templating/index.js';
import { validatePromptBuilderOptions, type PromptBuilderOptions } from './prompt-builder-options.js';
import {
  assertRequiredPresent,
  checkTemplateVariables,
  resolveVariables,
  variableSockets,
  warnIfRequiredUnset,
} from './prompt-variables.js';
import { compileCached } from './template-cache.js';
import { assertKnownOptions } from '../../core/component/known-options.js';
import { PROMPT_BUILDER_OPTIONS } from './prompt-builder-options.js';
import type { BuilderVariables } from './template-variables-type.js';

export const outputs = { prompt: z.string() };
export const fixedInputs = {
  template: z.string().optional(),
  templateVariables: z.record(z.string(), z.any()).optional(),
};

/**
 * The input sockets: one `any` socket per variable `V` plus the optional `template` and
 * `templateVariables`. `V` is `string` when the variables are known only at run time.
 */
export type PromptBuilderInputs<V extends string = string> = { readonly [K in V]: z.ZodType } & PromptBuilderFixedInputs;
/** The sockets every {@link PromptBuilder} has beside its template variables. */
export type PromptBuilderFixedInputs = typeof fixedInputs;
/** The output sockets of {@link PromptBuilder}. */
export type PromptBuilderOutputs = typeof outputs;

/**
 * Renders a prompt string. Each template variable is an input socket (optional with default `''`
 * unless listed in `requiredVariables`); `template` and `templateVariables` may replace the
 * template or override values at run time.
 *
 * @example
 * const builder = new PromptBuilder({ template: 'Q: {{ query }}', requiredVariables: ['query'] });
 * builder.run({ query: 'Why?' }); // { prompt: 'Q: Why?' }
 */
export class PromptBuilder<const O extends PromptBuilderOptions = PromptBuilderOptions> extends Component<PromptBuilderInputs<BuilderVariables<O>>, PromptBuilderOutputs> {
  static override readonly typeName = 'haystack.components.builders.prompt_builder.PromptBuilder';

  readonly template: string;
  /** The variables that became input sockets. */
  readonly variables: readonly string[];
  /** The variables that must be given (`'*'` expanded). */
  readonly requiredVariables: readonly string[];
  readonly #compiled: CompiledTemplate;
  readonly #requiredOption: readonly string[] | '*' | null | undefined;

  constructor(options: O) {
    assertKnownOptions(options, PROMPT_BUILDER_OPTIONS, 'PromptBuilder');
    const valid = validatePromptBuilderOptions(options);
    const compiled = defaultEnvironment().compile(valid.template);
    const { variables, required } = resolveVariables('PromptBuilder', compiled.variables, valid.variables, valid.requiredVariables);
    super({
      inputs: { ...variableSockets(variables, required), ...fixedInputs } as PromptBuilderInputs<BuilderVariables<O>>,
      outputs,
      initParameters: { template: valid.template, variables: valid.variables ?? null, requiredVariables: valid.requiredVariables ?? null },
    });
    this.template = valid.template;
    this.variables = Object.freeze(variables);
    this.requiredVariables = Object.freeze(required);
    this.#compiled = compiled;
    this.#requiredOption = valid.requiredVariables;
    warnIfRequiredUnset('PromptBuilder', variables.length, valid.requiredVariables);
  }

  run(input: Record<string, unknown> & { template?: string | undefined; templateVariables?: Record<string, unknown> | undefined }, context?: RunContext): { prompt: string } {
    const { template, templateVariables, ...kwargs } = input;
    const values: Record<string, unknown> = {};
    for (const name of this.variables) {
      if (kwargs[name] !== undefined) values[name] = kwargs[name];
      else if (!this.requiredVariables.includes(name)) values[name] = '';
    }
    const renderVars = { ...values, ...checkTemplateVariables('PromptBuilder.run', templateVariables) };
    assertRequiredPresent('PromptBuilder', this.requiredVariables, this.#requiredOption, renderVars, context?.componentName);
    const compiled = template === undefined || template === null ? this.#compiled : compileCached(defaultEnvironment(), template);
    return { prompt: compiled.render(renderVars) };
  }
}
