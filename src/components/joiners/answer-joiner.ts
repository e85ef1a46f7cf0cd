import { z } from 'zod';
import { Component } from '../../core/component/component.js';
import { Variadic, type RunInput, type RunResult } from '../../core/component/sockets.js';
import { ComponentError } from '../../errors.js';
import { ExtractedAnswer, GeneratedAnswer, type Answer } from '../../dataclasses/answer.js';
import { resolveAnswerJoinerOptions, type AnswerJoinerOptions, type AnswerJoinMode } from './answer-joiner-options.js';
import { assertKnownOptions } from '../../core/component/known-options.js';
import { ANSWER_JOINER_OPTIONS } from './answer-joiner-options.js';

const answerSchema = z.union([z.instanceof(GeneratedAnswer), z.instanceof(ExtractedAnswer)]);
export const inputs = {
  answers: Variadic(z.array(answerSchema)),
  topK: z.int().nullable().optional(),
};
export const outputs = { answers: z.array(answerSchema) };
/** The input sockets of {@link AnswerJoiner}. */
export type AnswerJoinerInputs = typeof inputs;
/** The output sockets of {@link AnswerJoiner}. */
export type AnswerJoinerOutputs = typeof outputs;

/**
 * Merges lists of answers (from several `AnswerBuilder`s or readers) into one list. Lazy variadic:
 * waits for every sender that can still run.
 *
 * @example
 * const joiner = new AnswerJoiner({ topK: 5, sortByScore: true });
 * pipeline.connect('builderA.answers', 'joiner').connect('builderB.answers', 'joiner');
 */
export class AnswerJoiner extends Component<AnswerJoinerInputs, AnswerJoinerOutputs> {
  static override readonly typeName = 'haystack.components.joiners.answer_joiner.AnswerJoiner';
  readonly joinMode: AnswerJoinMode;
  readonly topK: number | null;
  readonly sortByScore: boolean;

  constructor(options: AnswerJoinerOptions = {}) {
    assertKnownOptions(options, ANSWER_JOINER_OPTIONS, 'AnswerJoiner');
    const resolved = resolveAnswerJoinerOptions(options);
    super({ inputs, outputs, initParameters: { ...resolved } });
    this.joinMode = resolved.joinMode;
    this.topK = resolved.topK;
    this.sortByScore = resolved.sortByScore;
  }

  /** `topK` (run) overrides the option: `0` returns no answers, negative is an error (Haystack 3.x). */
  run({ answers, topK }: RunInput<typeof inputs>): RunResult<typeof outputs> {
    let joined: Answer[] = answers.flat(1);
    if (this.sortByScore) {
      const key = (a: Answer) => (typeof a.score === 'number' ? a.score : Number.NEGATIVE_INFINITY);
      // Array.prototype.sort is stable, as Python's sorted: ties keep arrival order.
      joined = [...joined].sort((a, b) => key(b) - key(a) || 0);
    }
    if (topK !== undefined && topK !== null) {
      if (topK < 0) throw new ComponentError(`AnswerJoiner: expected 'topK' to be 0 or more, got ${topK}.`, { socket: 'topK' });
      return { answers: joined.slice(0, topK) };
    }
    return { answers: this.topK === null ? joined : joined.slice(0, this.topK) };
  }
}
