/**
 * ChatPromptBuilder (Haystack's `haystack/components/builders/chat_prompt_builder.py`): renders a
 * list of chat messages from a template whose variables are input sockets.
 */
import { z } from 'zod';
import { Component, type ComponentDict, type RunContext } from '../../core/component/component.js';
import { DeserializationError, HaystackError, PipelineValidationError } from '../../errors.js';
import { defaultToDict, initParametersOf, type FromDictContext } from '../../core/serialization/component-dict.js';
import { snakeToCamel } from '../../core/serialization/casing.js';
import { ChatMessage } from '../../dataclasses/chat-message.js';
import type { CompiledTemplate, SandboxedEnvironment } from '../../utils/templating/index.js';
import { createChatTemplateEnvironment, parseRenderedMessages } from './chat-message-extension.js';
import { validateChatPromptBuilderOptions, type ChatPromptBuilderOptions } from './chat-prompt-builder-options.js';
import {
  assertRequiredPresent,
  checkTemplateVariables,
  resolveVariables,
  variableSockets,
  warnIfRequiredUnset,
} from './prompt-variables.js';
import { compileCached } from './template-cache.js';
import { assertKnownOptions } from '../../core/component/known-options.js';
import { CHAT_PROMPT_BUILDER_OPTIONS } from './chat-prompt-builder-options.js';
import type { BuilderVariables } from './template-variables-type.js';

export const outputs = { prompt: z.array(z.instanceof(ChatMessage)) };
export const fixedInputs = {
  template: z.union([z.array(z.instanceof(ChatMessage)), z.string()]).optional(),
  templateVariables: z.record(z.string(), z.any()).optional(),
};

/**
 * The input sockets: one `any` socket per variable `V` plus the optional `template` and
 * `templateVariables`. `V` is `string` when the variables are known only at run time.
 */
export type ChatPromptBuilderInputs<V extends string = string> = { readonly [K in V]: z.ZodType } & ChatPromptBuilderFixedInputs;
/** The sockets every {@link ChatPromptBuilder} has beside its template variables. */
export type ChatPromptBuilderFixedInputs = typeof fixedInputs;
/** The output sockets of {@link ChatPromptBuilder}. */
export type ChatPromptBuilderOutputs = typeof outputs;

const FILTER_NOT_ALLOWED =
  'the templatize_part filter cannot be used with a template containing a list of ChatMessage objects. ' +
  'Use a string template or remove the templatize_part filter from the template.';

let chatEnvironment: SandboxedEnvironment | undefined;
function environment(): SandboxedEnvironment {
  chatEnvironment ??= createChatTemplateEnvironment();
  return chatEnvironment;
}

/**
 * Renders chat messages. With a list template, each user/system message's text is rendered and
 * the message re-emitted with that single text part (assistant and tool messages pass through
 * untouched); with a string template, `{% message %}` blocks produce the messages.
 *
 * @example
 * const builder = new ChatPromptBuilder({
 *   template: [ChatMessage.fromSystem('You are {{ persona }}.'), ChatMessage.fromUser('{{ query }}')],
 *   requiredVariables: '*',
 * });
 * builder.run({ persona: 'terse', query: 'Hi' }).prompt; // [system 'You are terse.', user 'Hi']
 */
export class ChatPromptBuilder<const O extends ChatPromptBuilderOptions = ChatPromptBuilderOptions> extends Component<ChatPromptBuilderInputs<BuilderVariables<O>>, ChatPromptBuilderOutputs> {
  static override readonly typeName = 'haystack.components.builders.chat_prompt_builder.ChatPromptBuilder';

  readonly template: readonly ChatMessage[] | string | undefined;
  /** The variables that became input sockets. */
  readonly variables: readonly string[];
  /** The variables that must be given (`'*'` expanded). */
  readonly requiredVariables: readonly string[];
  readonly #requiredOption: readonly string[] | '*' | null | undefined;
  readonly #options: ChatPromptBuilderOptions;

  constructor(options: O = {} as O) {
    assertKnownOptions(options, CHAT_PROMPT_BUILDER_OPTIONS, 'ChatPromptBuilder');
    const valid = validateChatPromptBuilderOptions(options);
    const template = valid.template ?? undefined;
    let inferred: string[] = [];
    let counted = 0;
    if (template !== undefined && (valid.variables === undefined || valid.variables === null)) {
      if (typeof template === 'string') {
        inferred = [...environment().compile(template).variables];
        counted = inferred.length;
      } else {
        for (const message of template) {
          if (message.role !== 'user' && message.role !== 'system') continue;
          const vars = environment().compile(checkedText(message)).variables;
          counted += vars.length;
          inferred.push(...vars);
        }
      }
    }
    const { variables, required } = resolveVariables('ChatPromptBuilder', inferred, valid.variables, valid.requiredVariables);
    super({
      inputs: { ...variableSockets(variables, required), ...fixedInputs } as ChatPromptBuilderInputs<BuilderVariables<O>>,
      outputs,
      initParameters: {
        template: template ?? null,
        variables: valid.variables ?? null,
        requiredVariables: valid.requiredVariables ?? null,
      },
    });
    this.template = template;
    this.variables = Object.freeze(variables);
    this.requiredVariables = Object.freeze(required);
    this.#requiredOption = valid.requiredVariables;
    this.#options = valid;
    // Haystack counts list-template variables per message, duplicates included.
    warnIfRequiredUnset('ChatPromptBuilder', valid.variables && valid.variables.length > 0 ? variables.length : counted, valid.requiredVariables);
  }

  run(
    input: Record<string, unknown> & {
      template?: readonly ChatMessage[] | string | undefined;
      templateVariables?: Record<string, unknown> | undefined;
    },
    context?: RunContext,
  ): { prompt: ChatMessage[] } {
    const { template: runtimeTemplate, templateVariables, ...kwargs } = input;
    const template = runtimeTemplate ?? this.template;
    if (template === undefined || template === null || (Array.isArray(template) && template.length === 0)) {
      throw new PipelineValidationError(
        'ChatPromptBuilder: requires a non-empty list of ChatMessage instances (or a string template). ' +
          'Pass `template` at construction or at run time.',
        { component: context?.componentName, socket: 'template' },
      );
    }
    const values: Record<string, unknown> = {};
    for (const name of this.variables) {
      if (kwargs[name] !== undefined) values[name] = kwargs[name];
      else if (!this.requiredVariables.includes(name)) values[name] = '';
    }
    const renderVars = { ...values, ...checkTemplateVariables('ChatPromptBuilder.run', templateVariables) };
    assertRequiredPresent('ChatPromptBuilder', this.requiredVariables, this.#requiredOption, renderVars, context?.componentName);

    if (typeof template === 'string') {
      return { prompt: parseRenderedMessages(this.#compile(template).render(renderVars)) };
    }
    if (!Array.isArray(template) || !template.every((m) => m instanceof ChatMessage)) {
      throw new PipelineValidationError('ChatPromptBuilder: expects a list containing only ChatMessage instances.', {
        component: context?.componentName,
        socket: 'template',
      });
    }
    const prompt = (template as readonly ChatMessage[]).map((message) => {
      if (message.role !== 'user' && message.role !== 'system') return message;
      const rendered = this.#compile(checkedText(message)).render(renderVars);
      return message.with({ content: [{ type: 'text', text: rendered }] });
    });
    return { prompt };
  }

  #compile(source: string): CompiledTemplate {
    return compileCached(environment(), source);
  }

  /** Serializes a list template as `ChatMessage.toDict()`s, a string template as is. */
  toDict(): ComponentDict {
    return defaultToDict(ChatPromptBuilder.typeName, {
      template: Array.isArray(this.template) ? this.template.map((m: ChatMessage) => m.toDict()) : (this.template ?? null),
      variables: this.#options.variables ?? null,
      requiredVariables: this.#options.requiredVariables ?? null,
    });
  }

  /** Rebuilds the builder, turning a list template back into ChatMessages. */
  static fromDict(data: Readonly<Record<string, unknown>>, context?: FromDictContext): ChatPromptBuilder {
    const params = context
      ? initParametersOf(data, context)
      : ((data['init_parameters'] ?? {}) as Record<string, unknown>);
    const options: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(params)) options[snakeToCamel(key)] = value;
    const template = options['template'];
    if (Array.isArray(template)) {
      try {
        options['template'] = template.map((m) => ChatMessage.fromDict(m));
      } catch (error) {
        throw new DeserializationError(
          `ChatPromptBuilder.fromDict: cannot read the template messages: ${error instanceof Error ? error.message : String(error)}`,
          { cause: error, component: context?.componentName },
        );
      }
    }
    return new ChatPromptBuilder(options as ChatPromptBuilderOptions);
  }
}

function checkedText(message: ChatMessage): string {
  const text = message.text;
  if (text === undefined) {
    throw new HaystackError(
      `ChatPromptBuilder: ChatMessages from ${message.role} role must contain text. Received ChatMessage with no text: ${message.toString()}`,
    );
  }
  if (text.includes('templatize_part')) throw new HaystackError(`ChatPromptBuilder: ${FILTER_NOT_ALLOWED}`);
  return text;
}
