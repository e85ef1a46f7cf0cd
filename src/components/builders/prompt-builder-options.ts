import { ComponentError } from '../../errors.js';
import type { KnownOptions } from '../../core/component/known-options.js';

/** Options of {@link PromptBuilder} (Haystack's `PromptBuilder.__init__`). */
export interface PromptBuilderOptions {
  /**
   * The prompt template, in the sandboxed nunjucks dialect (Jinja2-like, see docs/llm.md). Its
   * undeclared variables become input sockets.
   * @example 'Answer {{ query }} using:\n{% for d in documents %}{{ d.content }}\n{% endfor %}'
   */
  readonly template: string;
  /**
   * Variables that must be given; `'*'` makes all of them required. Others default to `''`.
   * @default undefined (all optional, with a warning when the template has variables, as Haystack 2.31)
   * @example ['query', 'documents']
   */
  readonly requiredVariables?: readonly string[] | '*' | null | undefined;
  /**
   * Replaces the variables inferred from the template (useful when a runtime `template` uses others).
   * @default undefined (inferred from `template`)
   * @example ['query', 'documents', 'language']
   */
  readonly variables?: readonly string[] | null | undefined;
}

/** Every option PromptBuilder knows: anything else is rejected. */
export const PROMPT_BUILDER_OPTIONS: KnownOptions<PromptBuilderOptions> = { template: true, requiredVariables: true, variables: true };

/** Validates the options once, with "expected X, got Y" messages. */
export function validatePromptBuilderOptions(options: unknown): PromptBuilderOptions {
  if (typeof options !== 'object' || options === null) {
    throw new ComponentError(`PromptBuilder: expected an options object { template }, got ${options === null ? 'null' : typeof options}.`);
  }
  const template = (options as { template?: unknown }).template;
  if (typeof template !== 'string') {
    throw new ComponentError(`PromptBuilder: expected 'template' to be a string, got ${template === null ? 'null' : typeof template}.`);
  }
  return options as PromptBuilderOptions;
}
