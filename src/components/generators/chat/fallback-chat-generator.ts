/**
 * Haystack's `FallbackChatGenerator`: tries chat generators in order and answers with the first
 * that succeeds, for production pipelines that must survive a provider's outage or rate limit.
 */
import { z } from 'zod';
import { Component, type AnyComponent, type ComponentDict, type RunContext } from '../../../core/component/component.js';
import { DeserializationError } from '../../../errors.js';
import { getLogger } from '../../../core/logger.js';
import { componentFromDict, componentToDict, initParametersOf, type FromDictContext, type ToDictContext } from '../../../core/serialization/component-dict.js';
import { describeThrown } from '../../../core/thrown-value.js';
import { ChatMessage } from '../../../dataclasses/chat-message.js';
import type { StreamingCallback } from '../../../dataclasses/streaming-chunk.js';
import { ChatGeneratorFallbackError } from '../errors.js';
import { validateFallbackChatGeneratorOptions, type FallbackChatGeneratorOptions } from './fallback-chat-generator-options.js';
import type { ToolDefinition } from './openai-chat-generator-options.js';

const chatMessages = z.array(z.instanceof(ChatMessage));
export const inputs = {
  messages: z.union([chatMessages, z.string()]),
  generationKwargs: z.record(z.string(), z.unknown()).optional(),
  tools: z.array(z.custom<ToolDefinition>((v) => typeof v === 'object' && v !== null, 'expected a tool definition')).optional(),
  streamingCallback: z.custom<StreamingCallback>((v) => typeof v === 'function', 'expected a function').optional(),
};
export const outputs = { replies: chatMessages, meta: z.record(z.string(), z.unknown()) };

/** What `run`/`runAsync` take. */
export type FallbackChatGeneratorInput = {
  messages: readonly ChatMessage[] | string;
  generationKwargs?: Record<string, unknown> | undefined;
  tools?: readonly ToolDefinition[] | undefined;
  streamingCallback?: StreamingCallback | undefined;
};

/** What `run`/`runAsync` return: the replies, and `meta` saying which generator gave them. */
export type FallbackChatGeneratorOutput = {
  replies: ChatMessage[];
  /**
   * The successful generator's own `meta` (if it returns one), plus Haystack's keys:
   * `successful_chat_generator_index`, `successful_chat_generator_class`, `total_attempts`,
   * `failed_chat_generators` (class names of those that failed before it).
   */
  meta: Record<string, unknown>;
};

/**
 * Tries each chat generator in order with the same arguments and returns the first success, as
 * Haystack's `FallbackChatGenerator`. Any error falls over to the next generator (rate limits,
 * timeouts, auth and server errors alike); an abort of the run does not, it stops at once. When all
 * fail, a `ChatGeneratorFallbackError` carries every error.
 *
 * Time limits are the generators' own (their `timeout` option), as in Haystack; add `timeout` and
 * `retry` on `addComponent` to bound or repeat the whole chain.
 *
 * @example
 * const llm = new FallbackChatGenerator({
 *   chatGenerators: [new OpenAIChatGenerator({ model: 'gpt-4o' }), new OpenAIChatGenerator({ model: 'gpt-4o-mini', apiBaseUrl: backupUrl })],
 * });
 * const { replies, meta } = await llm.run({ messages: 'Hello!' });
 * meta['successful_chat_generator_index']; // 0, or 1 when the first failed
 */
export class FallbackChatGenerator extends Component<typeof inputs, typeof outputs> {
  static override readonly typeName = 'haystack.components.generators.chat.fallback.FallbackChatGenerator';

  readonly chatGenerators: readonly AnyComponent[];

  constructor(options: FallbackChatGeneratorOptions) {
    const valid = validateFallbackChatGeneratorOptions(options);
    super({ inputs, outputs });
    this.chatGenerators = Object.freeze([...valid.chatGenerators]);
  }

  /** Warms up every generator that has a `warmUp`, in order. */
  override async warmUp(): Promise<void> {
    for (const generator of this.chatGenerators) await generator.warmUp?.();
  }

  /** Releases every generator's resources (their `close`). */
  override async close(): Promise<void> {
    for (const generator of this.chatGenerators) await generator.close?.();
  }

  /** Releases every generator's resources, preferring their `closeAsync`. */
  override async closeAsync(): Promise<void> {
    for (const generator of this.chatGenerators) {
      if (typeof generator.closeAsync === 'function') await generator.closeAsync();
      else await generator.close?.();
    }
  }

  run(input: FallbackChatGeneratorInput, context?: RunContext): Promise<FallbackChatGeneratorOutput> {
    return this.#generate(input, context, false);
  }

  override runAsync(input: FallbackChatGeneratorInput, context?: RunContext): Promise<FallbackChatGeneratorOutput> {
    return this.#generate(input, context, true);
  }

  async #generate(input: FallbackChatGeneratorInput, context: RunContext | undefined, preferAsync: boolean): Promise<FallbackChatGeneratorOutput> {
    await this.warmUp();
    const messages = typeof input.messages === 'string' ? [ChatMessage.fromUser(input.messages)] : input.messages;
    const args: Record<string, unknown> = { messages };
    // Only what was given: a generator's own defaults (its init-time tools, say) apply otherwise.
    if (input.generationKwargs !== undefined) args['generationKwargs'] = input.generationKwargs;
    if (input.tools !== undefined) args['tools'] = input.tools;
    if (input.streamingCallback !== undefined) args['streamingCallback'] = input.streamingCallback;
    const where = context?.componentName ? `FallbackChatGenerator '${context.componentName}'` : 'FallbackChatGenerator';
    const failed: string[] = [];
    const errors: unknown[] = [];
    for (const [index, generator] of this.chatGenerators.entries()) {
      context?.signal.throwIfAborted();
      const name = generator.className;
      try {
        const call = preferAsync && typeof generator.runAsync === 'function' ? generator.runAsync(args as never, context) : generator.run(args as never, context);
        const result = (await call) as Record<string, unknown>;
        const meta = result['meta'];
        return {
          replies: (result['replies'] ?? []) as ChatMessage[],
          meta: {
            ...(typeof meta === 'object' && meta !== null && !Array.isArray(meta) ? meta : {}),
            successful_chat_generator_index: index,
            successful_chat_generator_class: name,
            total_attempts: index + 1,
            failed_chat_generators: [...failed],
          },
        };
      } catch (error) {
        // The run was cancelled: that is not the generator's failure, and no other should be tried.
        if (context?.signal.aborted) throw error;
        getLogger().warn(`${where}: chat generator ${index} (${name}) failed, trying the next one: ${describeThrown(error)}`, {
          component: context?.componentName,
          chatGenerator: name,
          index,
        });
        failed.push(name);
        errors.push(error);
      }
    }
    const last = errors[errors.length - 1];
    const status = typeof last === 'object' && last !== null ? (last as { status?: unknown }).status : undefined;
    throw new ChatGeneratorFallbackError(
      `${where}: all ${this.chatGenerators.length} chat generators failed. Last error: ${describeThrown(last)}. ` +
        `Failed chat generators: [${failed.join(', ')}]. Check each generator's error in 'errors'.`,
      { component: context?.componentName, cause: last, errors, failedChatGenerators: failed, status: typeof status === 'number' ? status : undefined },
    );
  }

  /** Haystack's layout: each generator serialized in full under `chat_generators`. */
  toDict(context?: ToDictContext): ComponentDict {
    return {
      type: FallbackChatGenerator.typeName,
      init_parameters: {
        chat_generators: this.chatGenerators.map((generator, index) => componentToDict(generator, `chat_generator_${index}`, context?.registry)),
      },
    };
  }

  /** Rebuilds the generators through the registry (only registered types load). */
  static fromDict(data: Readonly<Record<string, unknown>>, context: FromDictContext): FallbackChatGenerator {
    const params = initParametersOf(data, context);
    const serialized = params['chat_generators'] ?? [];
    if (!Array.isArray(serialized)) {
      throw new DeserializationError(
        `FallbackChatGenerator.fromDict: expected 'chat_generators' of component '${context.componentName}' to be a list of component dicts, got ${typeof serialized}.`,
        { component: context.componentName },
      );
    }
    const chatGenerators = serialized.map((item: unknown, index) =>
      componentFromDict(item, { registry: context.registry, name: `${context.componentName || 'fallback'}.chat_generators[${index}]` }),
    );
    return new FallbackChatGenerator({ chatGenerators });
  }
}
