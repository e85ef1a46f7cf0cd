import { beforeAll, describe, expect, it } from 'vitest';
import { ComponentError, Document, SentenceTransformersDocumentEmbedder, type EmbeddingProgress, type ProgressStream } from '../../../src/index.js';
import { tinyOptions } from './tiny-model.js';

const documents = Array.from({ length: 5 }, (_, i) => new Document({ content: `wonder number ${i}` }));
const offTty: ProgressStream & { chunks: string[] } = {
  isTTY: false,
  chunks: [],
  write(chunk: string) {
    this.chunks.push(chunk);
    return true;
  },
};

describe('document embedder onProgress', () => {
  beforeAll(() => new SentenceTransformersDocumentEmbedder(tinyOptions).warmUp());

  it('reports { done, total } in documents after each batch, off a TTY too', async () => {
    const seen: EmbeddingProgress[] = [];
    const embedder = new SentenceTransformersDocumentEmbedder({
      ...tinyOptions,
      batchSize: 2,
      progressBar: true,
      progressStream: offTty,
      onProgress: (progress) => seen.push(progress),
    });
    const { documents: embedded } = await embedder.run({ documents });
    expect(embedded).toHaveLength(5);
    expect(seen).toEqual([
      { done: 2, total: 5 },
      { done: 4, total: 5 },
      { done: 5, total: 5 },
    ]);
    expect(offTty.chunks).toEqual([]); // the bar itself stays off a non-TTY
  });

  it('reports with progressBar: false as well, and is not serialized', async () => {
    const seen: EmbeddingProgress[] = [];
    const embedder = new SentenceTransformersDocumentEmbedder({ ...tinyOptions, onProgress: (p) => seen.push(p) });
    await embedder.run({ documents });
    expect(seen).toEqual([{ done: 5, total: 5 }]);
    expect(Object.keys(embedder.initParameters)).not.toContain('onProgress');
  });

  it('rejects an onProgress that is not a function', () => {
    expect(() => new SentenceTransformersDocumentEmbedder({ ...tinyOptions, onProgress: 'log' as never })).toThrow(ComponentError);
    expect(() => new SentenceTransformersDocumentEmbedder({ ...tinyOptions, onProgress: 'log' as never })).toThrow(
      "SentenceTransformersDocumentEmbedder: expected 'onProgress' to be a function, got string.",
    );
  });

  it('fails the run when the callback throws', async () => {
    const embedder = new SentenceTransformersDocumentEmbedder({
      ...tinyOptions,
      onProgress: () => {
        throw new Error('reporter down');
      },
    });
    await expect(embedder.run({ documents })).rejects.toThrow('reporter down');
  });
});
