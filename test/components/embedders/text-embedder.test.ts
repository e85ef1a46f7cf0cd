import { beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { ComponentError, SentenceTransformersTextEmbedder } from '../../../src/index.js';
import { maxAbsDiff, norm, TINY_DIM, tinyOptions } from './tiny-model.js';

describe('SentenceTransformersTextEmbedder', () => {
  const embedder = new SentenceTransformersTextEmbedder(tinyOptions);
  beforeAll(() => embedder.warmUp());

  it('returns one vector with the model dimension', async () => {
    const { embedding } = await embedder.run({ text: 'Where is Gardens of Babylon?' });
    expect(embedding).toHaveLength(TINY_DIM);
    expect(embedding?.every((value) => typeof value === 'number' && Number.isFinite(value))).toBe(true);
  });

  it('is deterministic: the same text gives the same vector, another text a different one', async () => {
    const a = await embedder.run({ text: 'The Colossus of Rhodes' });
    const b = await embedder.run({ text: 'The Colossus of Rhodes' });
    const c = await embedder.run({ text: 'The Lighthouse of Alexandria' });
    expect(a.embedding).toEqual(b.embedding);
    expect(maxAbsDiff(a.embedding ?? [], c.embedding ?? [])).toBeGreaterThan(1e-3);
  });

  it('does not normalise by default, and does with normalizeEmbeddings', async () => {
    const normalized = new SentenceTransformersTextEmbedder({ ...tinyOptions, normalizeEmbeddings: true });
    const raw = (await embedder.run({ text: 'pyramid of Giza' })).embedding ?? [];
    const unit = (await normalized.run({ text: 'pyramid of Giza' })).embedding ?? [];
    expect(Math.abs(norm(raw) - 1)).toBeGreaterThan(1e-3);
    expect(norm(unit)).toBeCloseTo(1, 6);
    expect(maxAbsDiff(unit, raw.map((v) => v / norm(raw)))).toBeLessThan(1e-6);
  });

  it('embeds prefix + text + suffix', async () => {
    const affixed = new SentenceTransformersTextEmbedder({ ...tinyOptions, prefix: 'query: ', suffix: ' please' });
    const viaOptions = (await affixed.run({ text: 'temple of Artemis' })).embedding ?? [];
    const spelledOut = (await embedder.run({ text: 'query: temple of Artemis please' })).embedding ?? [];
    const bare = (await embedder.run({ text: 'temple of Artemis' })).embedding ?? [];
    expect(viaOptions).toEqual(spelledOut);
    expect(maxAbsDiff(viaOptions, bare)).toBeGreaterThan(1e-3);
  });

  it('keeps the first truncateDim dimensions', async () => {
    const truncated = new SentenceTransformersTextEmbedder({ ...tinyOptions, truncateDim: 8 });
    const full = (await embedder.run({ text: 'Mausoleum' })).embedding ?? [];
    expect((await truncated.run({ text: 'Mausoleum' })).embedding).toEqual(full.slice(0, 8));
  });

  it('runAsync gives the same result as run', async () => {
    expect(await embedder.runAsync({ text: 'Zeus at Olympia' })).toEqual(await embedder.run({ text: 'Zeus at Olympia' }));
  });

  it('rejects a non-string like Haystack, naming the document embedder', async () => {
    await expect(embedder.run({ text: ['a'] as unknown as string })).rejects.toThrow(
      /SentenceTransformersTextEmbedder: expects a string as input.*SentenceTransformersDocumentEmbedder/,
    );
  });

  it('rejects an aborted signal before embedding', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(embedder.run({ text: 'x' }, { signal: controller.signal, componentName: 'e' })).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('uses Haystack defaults, camelCased, and its type name', () => {
    const defaults = new SentenceTransformersTextEmbedder();
    expect(defaults.initParameters).toMatchObject({
      model: 'sentence-transformers/all-MiniLM-L6-v2',
      prefix: '',
      suffix: '',
      batchSize: 32,
      progressBar: true,
      normalizeEmbeddings: false,
      dtype: 'fp32',
      allowRemoteModels: true,
    });
    expect(defaults.typeName).toBe('haystack.components.embedders.sentence_transformers_text_embedder.SentenceTransformersTextEmbedder');
  });

  it('validates options in the constructor', () => {
    expect(() => new SentenceTransformersTextEmbedder({ batchSize: 0 })).toThrow(ComponentError);
    expect(() => new SentenceTransformersTextEmbedder({ batchSize: 0 })).toThrow(
      "SentenceTransformersTextEmbedder: expected 'batchSize' to be a positive integer, got 0.",
    );
    expect(() => new SentenceTransformersTextEmbedder({ dtype: 'fp64' as 'fp32' })).toThrow(/expected 'dtype' to be one of/);
    expect(() => new SentenceTransformersTextEmbedder({ prefix: 1 as unknown as string })).toThrow(/expected 'prefix' to be a string, got 1/);
  });

  it('types its sockets', () => {
    expectTypeOf(embedder.run).parameter(0).toEqualTypeOf<{ text: string }>();
    expectTypeOf<Awaited<ReturnType<typeof embedder.run>>>().toEqualTypeOf<{ embedding: number[] }>();
  });
});
