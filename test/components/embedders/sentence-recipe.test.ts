import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SentenceTransformersTextEmbedder } from '../../../src/index.js';
import { maxAbsDiff, norm, SHARED_MODELS, TINY_MODEL, tinyOptions } from './tiny-model.js';

// A copy of the tiny model with a sentence-transformers recipe: CLS pooling, a Normalize module, 4 word pieces.
const root = mkdtempSync(join(tmpdir(), 'haystack-ts-recipe-'));
const dir = join(root, 'tiny-st');
cpSync(join(SHARED_MODELS, TINY_MODEL), dir, { recursive: true });
mkdirSync(join(dir, '1_Pooling'));
writeFileSync(
  join(dir, 'modules.json'),
  JSON.stringify([
    { idx: 0, name: '0', path: '', type: 'sentence_transformers.models.Transformer' },
    { idx: 1, name: '1', path: '1_Pooling', type: 'sentence_transformers.models.Pooling' },
    { idx: 2, name: '2', path: '2_Normalize', type: 'sentence_transformers.models.Normalize' },
  ]),
);
writeFileSync(join(dir, '1_Pooling', 'config.json'), JSON.stringify({ pooling_mode_cls_token: true, pooling_mode_mean_tokens: false }));
writeFileSync(join(dir, 'sentence_bert_config.json'), JSON.stringify({ max_seq_length: 4 }));

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("a local model's sentence-transformers recipe", () => {
  it('uses its pooling, Normalize module and max_seq_length, as sentence-transformers does', async () => {
    const withRecipe = new SentenceTransformersTextEmbedder({ ...tinyOptions, model: 'tiny-st', localModelPath: root });
    const spelledOut = new SentenceTransformersTextEmbedder({ ...tinyOptions, pooling: 'cls', maxSeqLength: 4, normalizeEmbeddings: true });
    const text = 'the temple of artemis at ephesus was rebuilt';
    const a = (await withRecipe.run({ text })).embedding ?? [];
    expect(norm(a)).toBeCloseTo(1, 6);
    expect(maxAbsDiff(a, (await spelledOut.run({ text })).embedding ?? [])).toBeLessThan(1e-6);
    // Truncation at 4 word pieces: words after the cut change nothing.
    expect(maxAbsDiff(a, (await withRecipe.run({ text: 'the temple of artemis at halicarnassus' })).embedding ?? [])).toBeLessThan(1e-6);
  });

  it('mean-pools by default, and max pooling differs from both', async () => {
    const text = 'a lighthouse on the island of pharos';
    const mean = (await new SentenceTransformersTextEmbedder(tinyOptions).run({ text })).embedding ?? [];
    const cls = (await new SentenceTransformersTextEmbedder({ ...tinyOptions, pooling: 'cls' }).run({ text })).embedding ?? [];
    const max = (await new SentenceTransformersTextEmbedder({ ...tinyOptions, pooling: 'max' }).run({ text })).embedding ?? [];
    expect(maxAbsDiff(mean, cls)).toBeGreaterThan(1e-3);
    expect(maxAbsDiff(mean, max)).toBeGreaterThan(1e-3);
    expect(max.every((value, index) => value >= (mean[index] ?? Infinity) - 1e-6)).toBe(true);
  });
});
