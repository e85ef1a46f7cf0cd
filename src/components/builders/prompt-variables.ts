/**
 * The variable model shared by PromptBuilder and ChatPromptBuilder (Haystack §5.1): template
 * variables become input sockets, `variables` replaces the inferred list, `requiredVariables`
 * (a list or `'*'`) makes sockets mandatory, the others default to `''`.
 */
import { z } from 'zod';
import { ComponentError, PipelineValidationError } from '../../errors.js';
import { getLogger } from '../../core/logger.js';

/** Names that are fixed inputs of both builders and so cannot be template variables. */
export const RESERVED_INPUTS: readonly string[] = ['template', 'templateVariables'];

/** The socket schemas of the variables: `z.any()` when required, `z.any().default('')` otherwise. */
export function variableSockets(variables: readonly string[], required: readonly string[]): Record<string, z.ZodType> {
  const sockets: Record<string, z.ZodType> = {};
  for (const name of variables) sockets[name] = required.includes(name) ? z.any() : z.any().default('');
  return sockets;
}

/** Checks the `variables` and `requiredVariables` options; returns the required list (`'*'` expanded). */
export function resolveVariables(
  where: string,
  inferred: readonly string[],
  variables: readonly string[] | null | undefined,
  requiredVariables: readonly string[] | '*' | null | undefined,
): { variables: string[]; required: string[] } {
  if (variables !== null && variables !== undefined) {
    if (!Array.isArray(variables) || !variables.every((v) => typeof v === 'string')) {
      throw new ComponentError(`${where}: expected 'variables' to be a list of strings, got ${JSON.stringify(variables)}.`);
    }
  }
  if (requiredVariables !== null && requiredVariables !== undefined && requiredVariables !== '*') {
    if (!Array.isArray(requiredVariables) || !requiredVariables.every((v) => typeof v === 'string')) {
      throw new ComponentError(
        `${where}: expected 'requiredVariables' to be a list of strings or '*', got ${JSON.stringify(requiredVariables)}.`,
      );
    }
  }
  // A non-empty `variables` replaces what the template declares, as in Haystack.
  const chosen = [...new Set(variables && variables.length > 0 ? variables : inferred)];
  for (const name of chosen) {
    if (RESERVED_INPUTS.includes(name)) {
      throw new ComponentError(
        `${where}: the template variable '${name}' clashes with the builder's '${name}' input; rename the variable.`,
      );
    }
  }
  const required = requiredVariables === '*' ? [...chosen] : [...(requiredVariables ?? [])];
  return { variables: chosen, required };
}

/** Haystack's warning when variables exist but none is declared required (2.31's default). */
export function warnIfRequiredUnset(
  builder: string,
  count: number,
  requiredVariables: readonly string[] | '*' | null | undefined,
): void {
  if (count > 0 && (requiredVariables === null || requiredVariables === undefined)) {
    getLogger().warn(
      `${builder} has ${count} prompt variables, but \`requiredVariables\` is not set. By default, all prompt variables are ` +
        'treated as optional, which may lead to unintended behavior in multi-branch pipelines. To avoid unexpected execution, ' +
        'ensure that variables intended to be required are explicitly set in `requiredVariables`.',
    );
  }
}

/** Throws when a required variable is absent from the render variables. */
export function assertRequiredPresent(
  builder: string,
  required: readonly string[],
  requiredVariables: readonly string[] | '*' | null | undefined,
  provided: Readonly<Record<string, unknown>>,
  componentName: string | undefined,
): void {
  const missing = required.filter((name) => provided[name] === undefined);
  if (missing.length === 0) return;
  const listed = requiredVariables === '*' ? [...required].sort() : required;
  throw new PipelineValidationError(
    `${builder}: missing required input variables: ${missing.join(', ')}. Required variables: [${listed.join(', ')}]. ` +
      `Provided variables: [${Object.keys(provided)
        .filter((k) => provided[k] !== undefined)
        .join(', ')}]. Connect or pass a value for each missing variable.`,
    { component: componentName, socket: missing[0] },
  );
}

/** Reads the runtime `templateVariables` input. */
export function checkTemplateVariables(where: string, value: unknown): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new PipelineValidationError(`${where}: expected 'templateVariables' to be an object, got ${Array.isArray(value) ? 'an array' : typeof value}.`, {
      socket: 'templateVariables',
    });
  }
  return value as Record<string, unknown>;
}
