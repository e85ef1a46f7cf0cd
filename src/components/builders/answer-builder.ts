import { z } from 'zod';
import { Component } from '../../core/component/component.js';
import type { RunInput, RunResult } from '../../core/component/sockets.js';
import { ComponentError } from '../../errors.js';
import { getLogger } from '../../core/logger.js';
import { GeneratedAnswer } from '../../dataclasses/answer.js';
import { ChatMessage } from '../../dataclasses/chat-message.js';
import { Document } from '../../dataclasses/document.js';
import {
  DEFAULT_REFERENCE_PATTERN,
  EXPANDED_REFERENCE_PATTERN,
  checkPattern,
  resolveAnswerBuilderOptions,
  type AnswerBuilderOptions,
  type ResolvedAnswerBuilderOptions,
} from './answer-builder-options.js';
import { assertKnownOptions } from '../../core/component/known-options.js';
import { ANSWER_BUILDER_OPTIONS } from './answer-builder-options.js';

export const inputs = {
  query: z.string(),
  replies: z.union([z.array(z.string()), z.array(z.instanceof(ChatMessage))]),
  meta: z.array(z.record(z.string(), z.unknown())).nullable().optional(),
  documents: z.array(z.instanceof(Document)).nullable().optional(),
  pattern: z.string().nullable().optional(),
  referencePattern: z.string().nullable().optional(),
  expandReferenceRanges: z.boolean().nullable().optional(),
};
export const outputs = { answers: z.array(z.instanceof(GeneratedAnswer)) };
/** The input sockets of {@link AnswerBuilder}. */
export type AnswerBuilderInputs = typeof inputs;
/** The output sockets of {@link AnswerBuilder}. */
export type AnswerBuilderOutputs = typeof outputs;

/**
 * Turns a generator's replies into `GeneratedAnswer`s: extracts the answer with `pattern`, attaches
 * the documents (copies with `meta.source_index`, 1-based) and, with `referencePattern`, marks or
 * keeps only the referenced ones.
 *
 * @example
 * const builder = new AnswerBuilder({ pattern: 'Answer: (.*)' });
 * builder.run({ query: 'q', replies: ['Thinking. Answer: 42'] }).answers[0].data; // '42'
 */
export class AnswerBuilder extends Component<AnswerBuilderInputs, AnswerBuilderOutputs> {
  static override readonly typeName = 'haystack.components.builders.answer_builder.AnswerBuilder';
  readonly options: ResolvedAnswerBuilderOptions;

  constructor(options: AnswerBuilderOptions = {}) {
    assertKnownOptions(options, ANSWER_BUILDER_OPTIONS, 'AnswerBuilder');
    const resolved = resolveAnswerBuilderOptions(options);
    super({ inputs, outputs, initParameters: { ...resolved } });
    this.options = resolved;
  }

  run(input: RunInput<typeof inputs>): RunResult<typeof outputs> {
    const { query, replies } = input;
    const documents = input.documents ?? [];
    let meta = input.meta ?? [];
    if (meta.length === 0) meta = replies.map(() => ({}));
    else if (meta.length !== replies.length) {
      throw new ComponentError(`AnswerBuilder: number of replies (${replies.length}), and metadata (${meta.length}) must match.`, {
        socket: 'meta',
      });
    }
    if (input.pattern) checkPattern(input.pattern, 'AnswerBuilder.run', 'pattern');
    const pattern = input.pattern || this.options.pattern;
    const expand = input.expandReferenceRanges ?? this.options.expandReferenceRanges;
    let referencePattern = input.referencePattern || this.options.referencePattern;
    if (referencePattern && expand && referencePattern === DEFAULT_REFERENCE_PATTERN) referencePattern = EXPANDED_REFERENCE_PATTERN;

    const lastOnly = this.options.lastMessageOnly;
    const selectedReplies: readonly (string | ChatMessage)[] = lastOnly ? replies.slice(-1) : replies;
    const selectedMeta = lastOnly ? meta.slice(-1) : meta;

    const answers = selectedReplies.map((reply, i) => {
      const text = reply instanceof ChatMessage ? (reply.text ?? '') : String(reply);
      const answerMeta: Record<string, unknown> = { ...(reply instanceof ChatMessage ? reply.meta : {}), ...selectedMeta[i] };
      answerMeta['all_messages'] = replies;

      const attached: Document[] = [];
      if (documents.length > 0) {
        const referenced = referencePattern ? extractReferenceIndices(text, referencePattern, expand, documents.length) : new Set<number>();
        const indices =
          referencePattern && this.options.returnOnlyReferencedDocuments ? [...referenced].sort((a, b) => a - b) : documents.map((_, k) => k);
        for (const idx of indices) {
          const doc = documents[idx];
          // Bounds-checked, as in Haystack 3.x: `[0]` would be index -1 (2.31 returned the last document).
          if (idx < 0 || doc === undefined) {
            getLogger().warn(`AnswerBuilder: document index '${idx + 1}' referenced in the generator output is out of range.`, {
              index: idx + 1,
            });
            continue;
          }
          const docMeta: Record<string, unknown> = { ...doc.meta, source_index: idx + 1 };
          if (referencePattern) docMeta['referenced'] = referenced.has(idx);
          attached.push(doc.copyWith({ meta: docMeta }));
        }
      }
      return new GeneratedAnswer({ data: extractAnswer(text, pattern), query, documents: attached, meta: answerMeta });
    });
    return { answers };
  }
}

function extractAnswer(reply: string, pattern: string | null | undefined): string {
  if (!pattern) return reply;
  const match = new RegExp(pattern).exec(reply);
  if (!match) return '';
  // Like Python's `match.lastindex`: a group that did not take part falls back to the whole match.
  return match[1] ?? match[0];
}

function extractReferenceIndices(reply: string, pattern: string, expand: boolean, count: number): Set<number> {
  const indices = new Set<number>();
  const toInt = (text: string): number => {
    const n = Number(text.trim());
    if (!Number.isInteger(n)) {
      throw new ComponentError(`AnswerBuilder: the reference '${text}' found by referencePattern '${pattern}' is not an integer.`);
    }
    return n;
  };
  for (const match of reply.matchAll(new RegExp(pattern, 'g'))) {
    const found = match[1] ?? match[0];
    if (!expand) {
      indices.add(toInt(found) - 1);
      continue;
    }
    for (const rawPart of found.split(',')) {
      const part = rawPart.trim();
      if (part === '') continue;
      const dash = part.indexOf('-');
      if (dash === -1) {
        indices.add(toInt(part) - 1);
        continue;
      }
      const start = toInt(part.slice(0, dash));
      const end = Math.min(toInt(part.slice(dash + 1)), count);
      for (let k = start; k <= end; k++) indices.add(k - 1);
    }
  }
  return indices;
}
