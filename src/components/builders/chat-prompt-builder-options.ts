import { ComponentError } from '../../errors.js';
import { ChatMessage } from '../../dataclasses/chat-message.js';
import type { KnownOptions } from '../../core/component/known-options.js';

/** Options of {@link ChatPromptBuilder} (Haystack's `ChatPromptBuilder.__init__`). */
export interface ChatPromptBuilderOptions {
  /**
   * The default template: a list of messages (only user and system messages are rendered), or a
   * string of `{% message role="..." %}...{% endmessage %}` blocks.
   * @default undefined (then every run must pass `template`)
   * @example [ChatMessage.fromSystem('Be brief.'), ChatMessage.fromUser('Q: {{ query }}')]
   */
  readonly template?: readonly ChatMessage[] | string | null | undefined;
  /**
   * Variables that must be given; `'*'` makes all of them required. Others default to `''`.
   * @default undefined (all optional, with a warning when the template has variables, as Haystack 2.31)
   * @example '*'
   */
  readonly requiredVariables?: readonly string[] | '*' | null | undefined;
  /**
   * Replaces the variables inferred from the template.
   * @default undefined (inferred from `template`)
   * @example ['query', 'documents']
   */
  readonly variables?: readonly string[] | null | undefined;
}

/** Every option ChatPromptBuilder knows: anything else is rejected. */
export const CHAT_PROMPT_BUILDER_OPTIONS: KnownOptions<ChatPromptBuilderOptions> = { template: true, requiredVariables: true, variables: true };

/** Validates the options once. */
export function validateChatPromptBuilderOptions(options: unknown): ChatPromptBuilderOptions {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null) {
    throw new ComponentError(`ChatPromptBuilder: expected an options object, got ${options === null ? 'null' : typeof options}.`);
  }
  const template = (options as { template?: unknown }).template;
  if (template !== undefined && template !== null && typeof template !== 'string') {
    if (!Array.isArray(template) || !template.every((m) => m instanceof ChatMessage)) {
      throw new ComponentError(
        `ChatPromptBuilder: expected 'template' to be a list of ChatMessage or a string, got ${Array.isArray(template) ? 'a list with other items' : typeof template}.`,
      );
    }
  }
  return options as ChatPromptBuilderOptions;
}
