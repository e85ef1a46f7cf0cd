import { describe, expect, it } from 'vitest';
import { AnswerJoiner } from '../../../src/components/joiners/answer-joiner.js';
import { componentFromDict, componentToDict } from '../../../src/core/serialization/component-dict.js';
import { createDefaultRegistry } from '../../../src/serialization/builtins.js';
import { ExtractedAnswer, GeneratedAnswer } from '../../../src/dataclasses/answer.js';

const gen = (data: string) => new GeneratedAnswer({ data, query: 'q' });
const ext = (data: string, score: number) => new ExtractedAnswer({ data, query: 'q', score });

describe('AnswerJoiner', () => {
  it('concatenates in arrival order', () => {
    const [a, b, c] = [gen('a'), gen('b'), ext('c', 0.5)];
    expect(new AnswerJoiner().run({ answers: [[a, b], [c]] }).answers).toEqual([a, b, c]);
  });

  it('sorts by score stably, answers without a score last', () => {
    const [g1, e1, e2, g2, e3] = [gen('g1'), ext('e1', 0.1), ext('e2', 0.9), gen('g2'), ext('e3', 0.9)];
    const out = new AnswerJoiner({ sortByScore: true }).run({ answers: [[g1, e1], [e2, g2, e3]] }).answers;
    expect(out?.map((a) => a.data)).toEqual(['e2', 'e3', 'e1', 'g1', 'g2']);
  });

  it('applies topK from init, overridden by the run argument (0 returns nothing)', () => {
    const answers = [[gen('a'), gen('b'), gen('c')]];
    const joiner = new AnswerJoiner({ topK: 2 });
    expect(joiner.run({ answers }).answers?.map((a) => a.data)).toEqual(['a', 'b']);
    expect(joiner.run({ answers, topK: 1 }).answers?.map((a) => a.data)).toEqual(['a']);
    expect(joiner.run({ answers, topK: 0 }).answers).toEqual([]);
    expect(joiner.run({ answers, topK: null }).answers).toHaveLength(2);
    expect(() => joiner.run({ answers, topK: -1 })).toThrow(/'topK' to be 0 or more, got -1/);
  });

  it('validates its options', () => {
    // @ts-expect-error: only concatenate exists
    expect(() => new AnswerJoiner({ joinMode: 'merge' })).toThrow(/unknown join mode 'merge'.*concatenate/);
    expect(() => new AnswerJoiner({ topK: 0 })).toThrow(/'topK' to be null or an integer greater than 0, got 0/);
    expect(() => new AnswerJoiner({ topK: 1.5 })).toThrow(/got 1.5/);
  });

  it("serializes Haystack's init parameters and round-trips", () => {
    const dict = componentToDict(new AnswerJoiner({ topK: 3, sortByScore: true }), 'j');
    expect(dict).toEqual({
      type: 'haystack.components.joiners.answer_joiner.AnswerJoiner',
      init_parameters: { join_mode: 'concatenate', top_k: 3, sort_by_score: true },
    });
    const loaded = componentFromDict(dict, { registry: createDefaultRegistry() }) as AnswerJoiner;
    expect([loaded.topK, loaded.sortByScore]).toEqual([3, true]);
    expect(componentToDict(new AnswerJoiner(), 'j').init_parameters).toEqual({ join_mode: 'concatenate', top_k: null, sort_by_score: false });
  });
});
