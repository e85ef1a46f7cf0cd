import { describe, expect, expectTypeOf, it } from 'vitest';
import { ComponentError, Document, DocumentJoiner, describeInputs, type RunInputOf } from '../../../src/index.js';

const d = (content: string, score?: number, meta: Record<string, unknown> = {}) => new Document({ content, score, meta });
// Spec §4 executed vectors: L1 = [a 0.6, b 0.2, c 0.5], L2 = [d 0.5, e 0.8, f 1.1, g 0.3, a 0.3].
const L1 = [d('a', 0.6), d('b', 0.2), d('c', 0.5)];
const L2 = [d('d', 0.5), d('e', 0.8), d('f', 1.1), d('g', 0.3), d('a', 0.3)];

const join = (joiner: DocumentJoiner, lists: Document[][] = [L1, L2]) =>
  joiner.run({ documents: lists }).documents!.map((doc): [string, number | undefined] => [doc.content!, doc.score]);

function expectScores(actual: Array<[string, number | undefined]>, expected: Array<[string, number]>, digits = 12): void {
  expect(actual.map(([c]) => c)).toEqual(expected.map(([c]) => c));
  actual.forEach(([, s], i) => expect(s).toBeCloseTo(expected[i]![1], digits));
}

describe('DocumentJoiner join modes (Haystack 2.31 executed vectors)', () => {
  it('concatenate keeps the best-scored copy of each id', () => {
    expectScores(join(new DocumentJoiner()), [['f', 1.1], ['e', 0.8], ['a', 0.6], ['c', 0.5], ['d', 0.5], ['g', 0.3], ['b', 0.2]]);
  });

  it('merge sums equally weighted scores', () => {
    expectScores(join(new DocumentJoiner({ joinMode: 'merge' })), [
      ['f', 0.55], ['a', 0.45], ['e', 0.4], ['c', 0.25], ['d', 0.25], ['g', 0.15], ['b', 0.1],
    ]);
  });

  it('merge with weights [1.5, 0.5], normalised at construction', () => {
    const joiner = new DocumentJoiner({ joinMode: 'merge', weights: [1.5, 0.5] });
    expect(joiner.weights).toEqual([0.75, 0.25]);
    expectScores(join(joiner), [['a', 0.525], ['c', 0.375], ['f', 0.275], ['e', 0.2], ['b', 0.15], ['d', 0.125], ['g', 0.075]]);
  });

  it('reciprocal rank fusion: k = 61, 0-based ranks, exact two-step arithmetic', () => {
    const rrf = 61 / 2;
    expectScores(join(new DocumentJoiner({ joinMode: 'reciprocal_rank_fusion' })), [
      ['a', (1 / 61 + 1 / 65) * rrf],
      ['d', (1 / 61) * rrf],
      ['b', (1 / 62) * rrf],
      ['e', (1 / 62) * rrf],
      ['c', (1 / 63) * rrf],
      ['f', (1 / 63) * rrf],
      ['g', (1 / 64) * rrf],
    ]);
    expectScores(join(new DocumentJoiner({ joinMode: 'reciprocal_rank_fusion' })), [
      ['a', 0.969231], ['d', 0.5], ['b', 0.491935], ['e', 0.491935], ['c', 0.484127], ['f', 0.484127], ['g', 0.476562],
    ], 5);
  });

  it('reciprocal rank fusion with weights [3, 1]', () => {
    expectScores(join(new DocumentJoiner({ joinMode: 'reciprocal_rank_fusion', weights: [3, 1] })), [
      ['a', 0.984615], ['b', 0.737903], ['c', 0.72619], ['d', 0.25], ['e', 0.245968], ['f', 0.242063], ['g', 0.238281],
    ], 5);
  });

  it('reciprocal rank fusion: first in every list scores exactly 1.0; bit-identical single-list values', () => {
    const one = [d('a'), d('b'), d('c')];
    const joiner = new DocumentJoiner({ joinMode: 'reciprocal_rank_fusion' });
    expect(join(joiner, [one]).map(([, s]) => s)).toEqual([1.0, 0.9838709677419354, 0.9682539682539681]);
    expect(join(joiner, [one, one]).map(([, s]) => s)).toEqual([1.0, 0.9838709677419354, 0.9682539682539681]);
  });

  it('distribution-based rank fusion rescales each list by mean ± 3σ (population)', () => {
    expectScores(join(new DocumentJoiner({ joinMode: 'distribution_based_rank_fusion' })), [
      ['f', 0.768957], ['a', 0.66343], ['e', 0.607583], ['c', 0.565372], ['d', 0.446209], ['g', 0.338626], ['b', 0.271198],
    ], 5);
    // Single-document and all-equal lists become 0.0, as in Haystack.
    expect(join(new DocumentJoiner({ joinMode: 'distribution_based_rank_fusion' }), [[d('x', 3)], []])).toEqual([['x', 0]]);
  });
});

describe('DocumentJoiner duplicates, sorting and topK', () => {
  it('concatenate keeps the first copy on equal scores; merge and RRF keep the last copy\'s fields', () => {
    const first = new Document({ id: 'same', content: 'first', score: 0.5 });
    const last = new Document({ id: 'same', content: 'last', score: 0.5 });
    expect(new DocumentJoiner().run({ documents: [[first], [last]] }).documents![0]!.content).toBe('first');
    expect(new DocumentJoiner({ joinMode: 'merge' }).run({ documents: [[first], [last]] }).documents![0]!.content).toBe('last');
    const rrf = new DocumentJoiner({ joinMode: 'reciprocal_rank_fusion' }).run({ documents: [[first], [last]] }).documents!;
    expect(rrf.map((doc) => [doc.content, doc.score])).toEqual([['last', 1]]);
  });

  it('merge counts repeated occurrences inside one list', () => {
    const x = new Document({ id: 'x', content: 'x', score: 1 });
    expect(join(new DocumentJoiner({ joinMode: 'merge' }), [[x, x], []])).toEqual([['x', 1]]);
  });

  it('sorts missing scores last and keeps first-appearance order without sorting', () => {
    const docs = [d('none'), d('low', 0.1), d('high', 0.9)];
    expect(join(new DocumentJoiner(), [docs]).map(([c]) => c)).toEqual(['high', 'low', 'none']);
    expect(join(new DocumentJoiner({ sortByScore: false }), [docs]).map(([c]) => c)).toEqual(['none', 'low', 'high']);
  });

  it('applies topK from run over the option', () => {
    expect(join(new DocumentJoiner({ topK: 2 }))).toHaveLength(2);
    expect(new DocumentJoiner({ topK: 2 }).run({ documents: [L1, L2], topK: 3 }).documents).toHaveLength(3);
    expect(new DocumentJoiner().run({ documents: [L1, L2], topK: 0 }).documents).toEqual([]);
    expect(() => new DocumentJoiner().run({ documents: [L1], topK: -1 })).toThrow(/non-negative/);
  });

  it('returns nothing for no lists', () => {
    for (const joinMode of ['concatenate', 'merge', 'reciprocal_rank_fusion', 'distribution_based_rank_fusion'] as const) {
      expect(new DocumentJoiner({ joinMode }).run({ documents: [] }).documents).toEqual([]);
    }
  });
});

describe('DocumentJoiner declaration and options', () => {
  it('has a lazy variadic documents input', () => {
    const joiner = new DocumentJoiner();
    expect(describeInputs(joiner.inputSchemas).map((s) => [s.name, s.variadic, s.isMandatory])).toEqual([
      ['documents', 'lazy', true],
      ['topK', undefined, false],
    ]);
    expectTypeOf<RunInputOf<DocumentJoiner>['documents']>().toEqualTypeOf<Document[][]>();
    expect(DocumentJoiner.typeName).toBe('haystack.components.joiners.document_joiner.DocumentJoiner');
    expect(new DocumentJoiner({ joinMode: 'merge', weights: [3, 1] }).initParameters).toEqual({
      joinMode: 'merge',
      weights: [0.75, 0.25],
      topK: undefined,
      sortByScore: true,
    });
  });

  it('validates options with actionable messages', () => {
    expect(() => new DocumentJoiner({ joinMode: 'zip' as 'merge' })).toThrow(/unknown join mode 'zip'. Supported modes are: 'concatenate'/);
    expect(() => new DocumentJoiner({ weights: [0, 0] })).toThrow(/must not sum to zero/);
    expect(() => new DocumentJoiner({ weights: [Number.NaN] })).toThrow(ComponentError);
    expect(() => new DocumentJoiner({ topK: 0 })).toThrow(/greater than 0/);
    expect(() => new DocumentJoiner({ sortByScore: 'yes' as unknown as boolean })).toThrow(/sortByScore/);
    expect(new DocumentJoiner({ weights: [] }).weights).toBeUndefined();
  });

  it('rejects a weight count that does not match the input lists', () => {
    const joiner = new DocumentJoiner({ joinMode: 'merge', weights: [1, 1, 1] });
    expect(() => joiner.run({ documents: [L1, L2] })).toThrow(/got 2 document lists but 3 weights/);
  });
});
