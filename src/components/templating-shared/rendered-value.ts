import type { z } from 'zod';
import { defOf, resolve } from '../../core/types/schema-view.js';
import type { CompiledTemplate } from '../../utils/templating/index.js';
import { tryParsePythonLiteral } from '../../python/literal.js';

/**
 * How a rendered template becomes the value a router or adapter emits (Haystack: render, then
 * `ast.literal_eval`, keeping the text when it is not a literal), with the fixes Haystack made
 * after 2.31 for text outputs:
 *
 * - the output type is a string schema → the text is kept as is (`'1,000'` stays `'1,000'`,
 *   Haystack PR #12322);
 * - the output type accepts the text but not the parsed value (`str | None` with `'123'`) → the
 *   text is kept (Haystack #12617);
 * - otherwise the parsed literal, or the text when it is not a literal.
 */
export function renderedToValue(rendered: string, outputType: z.ZodType | undefined): unknown {
  if (outputType !== undefined && defOf(resolve(outputType)).type === 'string') return rendered;
  const parsed = tryParsePythonLiteral(rendered);
  if (!parsed.ok) return rendered;
  if (outputType !== undefined && !outputType.safeParse(parsed.value).success && outputType.safeParse(rendered).success) {
    return rendered;
  }
  return parsed.value;
}

/**
 * Unsafe (native) mode, like Jinja's NativeEnvironment: a single `{{ expression }}` yields its value
 * itself; text that results from rendering is still parsed as a literal, as Jinja does.
 */
export function renderNative(template: CompiledTemplate, variables: Readonly<Record<string, unknown>>, outputType?: z.ZodType): unknown {
  const value = template.renderNative(variables);
  return typeof value === 'string' ? renderedToValue(value, outputType) : value;
}
