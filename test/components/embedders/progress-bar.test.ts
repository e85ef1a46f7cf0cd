import { beforeAll, describe, expect, it } from 'vitest';
import { Document, SentenceTransformersDocumentEmbedder, type ProgressStream } from '../../../src/index.js';
import { tinyOptions } from './tiny-model.js';

class FakeStream implements ProgressStream {
  readonly chunks: string[] = [];
  constructor(readonly isTTY: boolean) {}
  write(chunk: string): boolean {
    this.chunks.push(chunk);
    return true;
  }
}

const documents = Array.from({ length: 5 }, (_, i) => new Document({ content: `wonder number ${i}` }));

describe('document embedder progress bar', () => {
  beforeAll(() => new SentenceTransformersDocumentEmbedder(tinyOptions).warmUp());

  it('draws batches done / total and a rate on a TTY, redrawing one line, and ends the line', async () => {
    const stream = new FakeStream(true);
    const embedder = new SentenceTransformersDocumentEmbedder({ ...tinyOptions, batchSize: 2, progressBar: true, progressStream: stream });
    await embedder.run({ documents });
    const lines = stream.chunks.slice(0, -1);
    expect(lines).toHaveLength(4); // 0/3 then one per batch
    expect(lines.every((chunk) => chunk.startsWith('\r'))).toBe(true);
    expect(lines.map((chunk) => /Batches: (\d)\/3 /.exec(chunk)?.[1])).toEqual(['0', '1', '2', '3']);
    expect(lines.at(-1)).toMatch(/Batches: 3\/3 \[#{20}\] 100% \d+\.\d batches\/s/);
    expect(stream.chunks.at(-1)).toBe('\n');
  });

  it('stays quiet when the stream is not a TTY', async () => {
    const stream = new FakeStream(false);
    await new SentenceTransformersDocumentEmbedder({ ...tinyOptions, progressBar: true, progressStream: stream }).run({ documents });
    expect(stream.chunks).toEqual([]);
  });

  it('stays quiet with progressBar: false', async () => {
    const stream = new FakeStream(true);
    await new SentenceTransformersDocumentEmbedder({ ...tinyOptions, progressBar: false, progressStream: stream }).run({ documents });
    expect(stream.chunks).toEqual([]);
  });

  it('draws nothing for an empty list', async () => {
    const stream = new FakeStream(true);
    await new SentenceTransformersDocumentEmbedder({ ...tinyOptions, progressBar: true, progressStream: stream }).run({ documents: [] });
    expect(stream.chunks).toEqual([]);
  });
});
