import { ComponentError } from '../../errors.js';
import type { KnownOptions } from '../../core/component/known-options.js';
import { describeValue } from '../../describe.js';

/** The join modes of {@link AnswerJoiner} (Haystack's `JoinMode`; only `concatenate` exists). */
export const ANSWER_JOIN_MODES = ['concatenate'] as const;
export type AnswerJoinMode = (typeof ANSWER_JOIN_MODES)[number];

/** Options of {@link AnswerJoiner}. */
export interface AnswerJoinerOptions {
  /**
   * How the lists are merged: `concatenate` flattens them in arrival order.
   * @default 'concatenate'
   */
  readonly joinMode?: AnswerJoinMode | undefined;
  /**
   * The maximum number of answers returned; `null`/`undefined` returns all. Must be a positive
   * integer (Haystack 3.x). The run argument `topK` overrides it.
   * @default null
   * @example new AnswerJoiner({ topK: 3, sortByScore: true })
   */
  readonly topK?: number | null | undefined;
  /**
   * Sort by `score`, highest first (stable; answers without a score, such as generated answers,
   * count as −∞).
   * @default false
   */
  readonly sortByScore?: boolean | undefined;
}

/** Every option AnswerJoiner knows: anything else is rejected. */
export const ANSWER_JOINER_OPTIONS: KnownOptions<AnswerJoinerOptions> = { joinMode: true, topK: true, sortByScore: true };

export interface ResolvedAnswerJoinerOptions {
  readonly joinMode: AnswerJoinMode;
  readonly topK: number | null;
  readonly sortByScore: boolean;
}

export function resolveAnswerJoinerOptions(options: AnswerJoinerOptions): ResolvedAnswerJoinerOptions {
  if (typeof options !== 'object' || options === null) {
    throw new ComponentError(`AnswerJoiner: expected an options object, got ${describeValue(options)}.`);
  }
  const joinMode = options.joinMode ?? 'concatenate';
  if (!(ANSWER_JOIN_MODES as readonly string[]).includes(joinMode)) {
    throw new ComponentError(
      `AnswerJoiner: unknown join mode '${String(joinMode)}'. Supported modes in AnswerJoiner are: ${ANSWER_JOIN_MODES.join(', ')}.`,
    );
  }
  const topK = options.topK ?? null;
  if (topK !== null && (!Number.isInteger(topK) || topK <= 0)) {
    throw new ComponentError(`AnswerJoiner: expected 'topK' to be null or an integer greater than 0, got ${String(topK)}.`);
  }
  const sortByScore = options.sortByScore ?? false;
  if (typeof sortByScore !== 'boolean') {
    throw new ComponentError(`AnswerJoiner: expected 'sortByScore' to be a boolean, got ${describeValue(sortByScore)}.`);
  }
  return { joinMode, topK, sortByScore };
}
