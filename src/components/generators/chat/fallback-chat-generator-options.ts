import { ComponentError } from '../../../errors.js';
import { isComponent, type AnyComponent } from '../../../core/component/component.js';
import { assertKnownOptions } from '../../../core/component/known-options.js';

/** Options of {@link FallbackChatGenerator} (Haystack's `FallbackChatGenerator.__init__`). */
export interface FallbackChatGeneratorOptions {
  /**
   * The chat generators to try, in order: each must take `messages` and return `replies`. The first
   * that succeeds answers; the next is tried when one throws.
   * @example { chatGenerators: [new OpenAIChatGenerator({ model: 'gpt-4o' }), new OpenAIChatGenerator({ model: 'gpt-4o-mini' })] }
   */
  readonly chatGenerators: readonly AnyComponent[];
}

/**
 * Checks the options once: a non-empty list of chat generator components.
 * @throws ComponentError with "expected X, got Y"
 */
export function validateFallbackChatGeneratorOptions(options: unknown): FallbackChatGeneratorOptions {
  const where = 'FallbackChatGenerator';
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ComponentError(`${where}: expected an options object { chatGenerators: [...] }, got ${show(options)}.`);
  }
  assertKnownOptions(options as FallbackChatGeneratorOptions, { chatGenerators: true }, where);
  const list = (options as { chatGenerators?: unknown }).chatGenerators;
  if (!Array.isArray(list) || list.length === 0) {
    throw new ComponentError(`${where}: expected 'chatGenerators' to be a non-empty list of chat generators, got ${Array.isArray(list) ? 'an empty list' : show(list)}.`);
  }
  list.forEach((generator: unknown, index) => {
    if (!isComponent(generator)) {
      throw new ComponentError(`${where}: expected chatGenerators[${index}] to be a chat generator component, got ${show(generator)}.`);
    }
    const missing = [
      Object.hasOwn(generator.inputSchemas, 'messages') ? undefined : "a 'messages' input",
      Object.hasOwn(generator.outputSchemas, 'replies') ? undefined : "a 'replies' output",
    ].filter((m) => m !== undefined);
    if (missing.length > 0) {
      throw new ComponentError(`${where}: expected chatGenerators[${index}] (${generator.className}) to be a chat generator, but it has no ${missing.join(' and no ')}.`);
    }
  });
  if (new Set(list).size !== list.length) {
    throw new ComponentError(`${where}: expected distinct chat generator instances in 'chatGenerators', got the same instance twice.`);
  }
  return { chatGenerators: [...(list as AnyComponent[])] };
}

function show(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'object';
  return typeof value;
}
