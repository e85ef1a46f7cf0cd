import { ComponentError } from '../../errors.js';
import type { KnownOptions } from '../../core/component/known-options.js';
import { describeValue } from '../../describe.js';

/** How {@link DocumentJoiner} combines its input lists. */
export type JoinMode = 'concatenate' | 'merge' | 'reciprocal_rank_fusion' | 'distribution_based_rank_fusion';
export const JOIN_MODES: readonly JoinMode[] = ['concatenate', 'merge', 'reciprocal_rank_fusion', 'distribution_based_rank_fusion'];

/**
 * Options of {@link DocumentJoiner} (Haystack's `join_mode`, `weights`, `top_k`, `sort_by_score`).
 *
 * @example
 * new DocumentJoiner({ joinMode: 'reciprocal_rank_fusion', weights: [2, 1], topK: 10 });
 */
export interface DocumentJoinerOptions {
  /**
   * `concatenate` keeps the best-scored copy of each document; `merge` sums weighted scores;
   * `reciprocal_rank_fusion` scores by rank (k = 61); `distribution_based_rank_fusion` rescales each
   * list by its mean ± 3 standard deviations, then concatenates.
   * @default 'concatenate'
   */
  readonly joinMode?: JoinMode | undefined;
  /**
   * One weight per input list for `merge` and `reciprocal_rank_fusion`, normalised to sum 1 here.
   * @default equal weights
   */
  readonly weights?: readonly number[] | null | undefined;
  /** Maximum number of documents returned; must be > 0. @default no limit */
  readonly topK?: number | null | undefined;
  /** Sort the output by score, highest first (documents without a score last). @default true */
  readonly sortByScore?: boolean | undefined;
}

/** Every option DocumentJoiner knows: anything else is rejected. */
export const DOCUMENT_JOINER_OPTIONS: KnownOptions<DocumentJoinerOptions> = { joinMode: true, weights: true, topK: true, sortByScore: true };

/** Validated options; weights already normalised. */
export interface ResolvedDocumentJoinerOptions {
  readonly joinMode: JoinMode;
  readonly weights: readonly number[] | undefined;
  readonly topK: number | undefined;
  readonly sortByScore: boolean;
}

/** Checks the options once and normalises the weights, as Haystack does at init. */
export function resolveDocumentJoinerOptions(options: DocumentJoinerOptions): ResolvedDocumentJoinerOptions {
  if (typeof options !== 'object' || options === null) {
    throw new ComponentError(`DocumentJoiner: expected an options object, got ${describeValue(options)}.`);
  }
  const { joinMode = 'concatenate', weights, topK, sortByScore = true } = options;
  if (!JOIN_MODES.includes(joinMode)) {
    throw new ComponentError(
      `DocumentJoiner: unknown join mode ${describeValue(joinMode)}. Supported modes are: ${JOIN_MODES.map((m) => `'${m}'`).join(', ')}.`,
    );
  }
  let normalised: number[] | undefined;
  if (weights !== undefined && weights !== null) {
    if (!Array.isArray(weights)) {
      throw new ComponentError(`DocumentJoiner: expected 'weights' to be an array of finite numbers, got ${describeValue(weights)}.`);
    }
    const bad = weights.findIndex((w) => typeof w !== 'number' || !Number.isFinite(w));
    if (bad >= 0) {
      throw new ComponentError(`DocumentJoiner: expected 'weights' to be an array of finite numbers, got ${describeValue(weights[bad])} at index ${bad}.`);
    }
    if (weights.length > 0) {
      const sum = weights.reduce((a: number, b: number) => a + b, 0);
      if (sum === 0) throw new ComponentError(`DocumentJoiner: the provided 'weights' must not sum to zero.`);
      normalised = weights.map((w: number) => w / sum);
    }
  }
  if (topK !== undefined && topK !== null && (!Number.isInteger(topK) || topK <= 0)) {
    throw new ComponentError(`DocumentJoiner: expected 'topK' to be an integer greater than 0, got ${describeValue(topK)}.`);
  }
  if (typeof sortByScore !== 'boolean') {
    throw new ComponentError(`DocumentJoiner: expected 'sortByScore' to be a boolean, got ${describeValue(sortByScore)}.`);
  }
  return { joinMode, weights: normalised, topK: topK ?? undefined, sortByScore };
}
