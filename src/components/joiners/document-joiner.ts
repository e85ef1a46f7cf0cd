import { z } from 'zod';
import { Component, type RunContext } from '../../core/component/component.js';
import { Variadic, type RunInput, type RunResult } from '../../core/component/sockets.js';
import { ComponentError } from '../../errors.js';
import { Document } from '../../dataclasses/document.js';
import { resolveDocumentJoinerOptions, type DocumentJoinerOptions, type JoinMode } from './document-joiner-options.js';
import { assertKnownOptions } from '../../core/component/known-options.js';
import { DOCUMENT_JOINER_OPTIONS } from './document-joiner-options.js';

export const inputs = {
  documents: Variadic(z.array(z.instanceof(Document))),
  topK: z.number().int().nullable().optional(),
};
export const outputs = { documents: z.array(z.instanceof(Document)) };
export type Inputs = typeof inputs;
export type Outputs = typeof outputs;

// 60 from the RRF paper, plus 1 because ranks here start at 0 (Haystack's constant).
const RRF_K = 61;

const scoreOrMinusInfinity = (doc: Document): number => doc.score ?? -Infinity;

/**
 * Joins several lists of documents into one (Haystack's `DocumentJoiner`). Its `documents` input
 * is lazy variadic: in a pipeline it waits for every connected retriever. Weights apply to the
 * input lists by position.
 *
 * @example
 * const joiner = new DocumentJoiner({ joinMode: 'reciprocal_rank_fusion' });
 * joiner.run({ documents: [bm25Documents, embeddingDocuments] });
 */
export class DocumentJoiner extends Component<Inputs, Outputs> {
  static override readonly typeName = 'haystack.components.joiners.document_joiner.DocumentJoiner';

  readonly joinMode: JoinMode;
  /** Normalised to sum 1, or undefined for equal weights. */
  readonly weights: readonly number[] | undefined;
  readonly topK: number | undefined;
  readonly sortByScore: boolean;

  constructor(options: DocumentJoinerOptions = {}) {
    assertKnownOptions(options, DOCUMENT_JOINER_OPTIONS, 'DocumentJoiner');
    const resolved = resolveDocumentJoinerOptions(options);
    super({
      inputs,
      outputs,
      initParameters: {
        joinMode: resolved.joinMode,
        weights: resolved.weights === undefined ? undefined : [...resolved.weights],
        topK: resolved.topK,
        sortByScore: resolved.sortByScore,
      },
    });
    this.joinMode = resolved.joinMode;
    this.weights = resolved.weights;
    this.topK = resolved.topK;
    this.sortByScore = resolved.sortByScore;
  }

  run({ documents, topK }: RunInput<Inputs>, _context?: RunContext): RunResult<Outputs> {
    if (topK !== undefined && topK !== null && (!Number.isInteger(topK) || topK < 0)) {
      throw new ComponentError(`DocumentJoiner.run: expected 'topK' to be a non-negative integer, got ${String(topK)}.`, {
        socket: 'topK',
      });
    }
    const lists = [...documents];
    let output: Document[];
    switch (this.joinMode) {
      case 'concatenate':
        output = concatenate(lists);
        break;
      case 'merge':
        output = this.merge(lists);
        break;
      case 'reciprocal_rank_fusion':
        output = this.reciprocalRankFusion(lists);
        break;
      case 'distribution_based_rank_fusion':
        output = distributionBasedRankFusion(lists);
        break;
    }
    if (this.sortByScore) {
      // Array.prototype.sort is stable: equal scores keep first-appearance order, as Python's sorted.
      output = output.sort((a, b) => scoreOrMinusInfinity(b) - scoreOrMinusInfinity(a) || 0);
    }
    const limit = topK ?? this.topK;
    if (limit !== undefined && limit !== null) output = output.slice(0, limit);
    return { documents: output };
  }

  private resolvedWeights(lists: readonly (readonly Document[])[]): readonly number[] {
    const weights = this.weights ?? lists.map(() => 1 / lists.length);
    if (weights.length !== lists.length) {
      throw new ComponentError(
        `DocumentJoiner.run: got ${lists.length} document lists but ${weights.length} weights; pass one weight per connected sender.`,
        { socket: 'documents' },
      );
    }
    return weights;
  }

  private merge(lists: readonly (readonly Document[])[]): Document[] {
    if (lists.length === 0) return [];
    const weights = this.resolvedWeights(lists);
    const scores = new Map<string, number>();
    const latest = new Map<string, Document>();
    lists.forEach((list, i) => {
      const weight = weights[i]!;
      for (const doc of list) {
        scores.set(doc.id, (scores.get(doc.id) ?? 0) + (doc.score ?? 0) * weight);
        latest.set(doc.id, doc);
      }
    });
    return [...latest.values()].map((doc) => doc.copyWith({ score: scores.get(doc.id)! }));
  }

  private reciprocalRankFusion(lists: readonly (readonly Document[])[]): Document[] {
    if (lists.length === 0) return [];
    const weights = this.resolvedWeights(lists);
    const n = lists.length;
    const scores = new Map<string, number>();
    const latest = new Map<string, Document>();
    lists.forEach((list, i) => {
      const weight = weights[i]!;
      list.forEach((doc, rank) => {
        scores.set(doc.id, (scores.get(doc.id) ?? 0) + (weight * n) / (RRF_K + rank));
        latest.set(doc.id, doc);
      });
    });
    // Divide in a second step, as Haystack does, so the floats match bit for bit.
    for (const [id, score] of scores) scores.set(id, score / (n / RRF_K));
    return [...latest.values()].map((doc) => doc.copyWith({ score: scores.get(doc.id)! }));
  }
}

function concatenate(lists: readonly (readonly Document[])[]): Document[] {
  const best = new Map<string, Document>();
  for (const list of lists) {
    for (const doc of list) {
      const kept = best.get(doc.id);
      // Strictly greater: on ties the first one seen stays, like Python's max().
      if (kept === undefined) best.set(doc.id, doc);
      else if (scoreOrMinusInfinity(doc) > scoreOrMinusInfinity(kept)) best.set(doc.id, doc);
    }
  }
  return [...best.values()];
}

function distributionBasedRankFusion(lists: readonly (readonly Document[])[]): Document[] {
  const rescaled = lists.map((list) => {
    if (list.length === 0) return list;
    const scores = list.map((doc) => doc.score ?? 0);
    let sum = 0;
    for (const s of scores) sum += s;
    const mean = sum / scores.length;
    let squares = 0;
    for (const s of scores) squares += (s - mean) ** 2;
    const std = Math.sqrt(squares / scores.length);
    const min = mean - 3 * std;
    const max = mean + 3 * std;
    const delta = max - min;
    return list.map((doc, i) => doc.copyWith({ score: delta !== 0 ? (scores[i]! - min) / delta : 0.0 }));
  });
  return concatenate(rescaled);
}
