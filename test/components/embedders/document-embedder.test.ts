import { beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { Document, SentenceTransformersDocumentEmbedder, SentenceTransformersTextEmbedder } from '../../../src/index.js';
import { maxAbsDiff, norm, TINY_DIM, tinyOptions } from './tiny-model.js';

const docs = [
  new Document({ content: 'The Great Pyramid of Giza was built for the pharaoh Khufu.', meta: { title: 'Pyramid', year: -2560 } }),
  new Document({ content: 'Hanging gardens', meta: { title: 'Gardens', tags: ['babylon', 'terraces'] } }),
  new Document({ content: 'A bronze statue of the sun god Helios stood at the harbour of Rhodes for about fifty years.', meta: { title: null } }),
  new Document({ meta: { title: 'No content at all' } }),
  new Document({ content: 'Lighthouse', meta: { featured: true, rating: 4.5 } }),
];

describe('SentenceTransformersDocumentEmbedder', () => {
  const embedder = new SentenceTransformersDocumentEmbedder(tinyOptions);
  const textEmbedder = new SentenceTransformersTextEmbedder(tinyOptions);
  beforeAll(async () => {
    await Promise.all([embedder.warmUp(), textEmbedder.warmUp()]);
  });

  it('returns copies with the same ids, in order, each with an embedding; inputs are unchanged', async () => {
    const { documents = [] } = await embedder.run({ documents: docs });
    expect(documents.map((d) => d.id)).toEqual(docs.map((d) => d.id));
    expect(documents.map((d) => d.content)).toEqual(docs.map((d) => d.content));
    expect(documents.map((d) => d.meta)).toEqual(docs.map((d) => d.meta));
    for (const [index, document] of documents.entries()) {
      expect(document).not.toBe(docs[index]);
      expect(document).toBeInstanceOf(Document);
      expect(document.embedding).toHaveLength(TINY_DIM);
      expect(docs[index]?.embedding).toBeUndefined();
    }
  });

  it('embeds the content exactly as the text embedder embeds the same string', async () => {
    const { documents = [] } = await embedder.run({ documents: [docs[0] as Document] });
    const { embedding = [] } = await textEmbedder.run({ text: docs[0]?.content ?? '' });
    expect(maxAbsDiff(documents[0]?.embedding ?? [], embedding)).toBeLessThan(1e-6);
  });

  it("builds Haystack's text: prefix + non-null meta values (Python str) + content, joined by the separator, + suffix", () => {
    const withMeta = new SentenceTransformersDocumentEmbedder({
      ...tinyOptions,
      prefix: 'passage: ',
      suffix: ' END',
      metaFieldsToEmbed: ['title', 'tags', 'missing', 'featured', 'rating', 'year'],
      embeddingSeparator: ' | ',
    });
    expect(docs.map((d) => withMeta.textToEmbed(d))).toEqual([
      'passage: Pyramid | -2560 | The Great Pyramid of Giza was built for the pharaoh Khufu. END',
      "passage: Gardens | ['babylon', 'terraces'] | Hanging gardens END",
      'passage: A bronze statue of the sun god Helios stood at the harbour of Rhodes for about fifty years. END',
      'passage: No content at all |  END',
      'passage: True | 4.5 | Lighthouse END',
    ]);
    expect(embedder.textToEmbed(docs[3] as Document)).toBe('');
  });

  it('embeds meta fields: the vector is the one of the joined text', async () => {
    const withMeta = new SentenceTransformersDocumentEmbedder({ ...tinyOptions, metaFieldsToEmbed: ['title'] });
    const { documents = [] } = await withMeta.run({ documents: [docs[1] as Document] });
    const { embedding = [] } = await textEmbedder.run({ text: 'Gardens\nHanging gardens' });
    expect(maxAbsDiff(documents[0]?.embedding ?? [], embedding)).toBeLessThan(1e-6);
  });

  it('gives the same vectors whatever the batch boundaries', async () => {
    const reference = (await embedder.run({ documents: docs })).documents ?? [];
    for (const batchSize of [1, 2, 3]) {
      const batched = new SentenceTransformersDocumentEmbedder({ ...tinyOptions, batchSize });
      const result = (await batched.run({ documents: docs })).documents ?? [];
      result.forEach((document, index) => {
        expect(maxAbsDiff(document.embedding ?? [], reference[index]?.embedding ?? [])).toBeLessThan(1e-5);
      });
    }
  });

  it('normalises with normalizeEmbeddings', async () => {
    const normalized = new SentenceTransformersDocumentEmbedder({ ...tinyOptions, normalizeEmbeddings: true, batchSize: 2 });
    const { documents = [] } = await normalized.run({ documents: docs });
    for (const document of documents) expect(norm(document.embedding ?? [])).toBeCloseTo(1, 6);
  });

  it('returns an empty list for an empty list', async () => {
    expect(await embedder.run({ documents: [] })).toEqual({ documents: [] });
  });

  it('rejects input that is not a list of Documents like Haystack', async () => {
    await expect(embedder.run({ documents: 'text' as unknown as Document[] })).rejects.toThrow(
      /SentenceTransformersDocumentEmbedder: expects a list of Documents as input.*SentenceTransformersTextEmbedder/,
    );
    await expect(embedder.run({ documents: ['text'] as unknown as Document[] })).rejects.toThrow(TypeError);
  });

  it('stops between batches when the signal aborts, and never hands back partial results', async () => {
    const controller = new AbortController();
    const drawn: string[] = [];
    // The progress bar reports each finished batch: abort right after the first one.
    const progressStream = {
      isTTY: true,
      write(chunk: string) {
        drawn.push(chunk);
        if (chunk.includes(' 1/5 ')) controller.abort();
        return true;
      },
    };
    const batched = new SentenceTransformersDocumentEmbedder({ ...tinyOptions, batchSize: 1, progressBar: true, progressStream });
    await expect(batched.run({ documents: docs }, { signal: controller.signal, componentName: 'embedder' })).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(drawn.some((chunk) => chunk.includes(' 1/5 '))).toBe(true);
    expect(drawn.some((chunk) => chunk.includes(' 2/5 '))).toBe(false);
  });

  it('lets other work run between batches (it never blocks longer than one batch)', async () => {
    const batched = new SentenceTransformersDocumentEmbedder({ ...tinyOptions, batchSize: 1 });
    const many = Array.from({ length: 8 }, (_, i) => new Document({ content: `document ${i} ${'word '.repeat(i)}` }));
    let ticks = 0;
    let running = true;
    const ticker = (async () => {
      while (running) {
        ticks++;
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    await batched.run({ documents: many });
    running = false;
    await ticker;
    // One yield after each batch but the last: the ticker got a turn at least that often.
    expect(ticks).toBeGreaterThanOrEqual(many.length - 1);
  });

  it('keeps Haystack defaults for the document-only options', () => {
    const defaults = new SentenceTransformersDocumentEmbedder();
    expect(defaults.initParameters).toMatchObject({ metaFieldsToEmbed: [], embeddingSeparator: '\n', batchSize: 32 });
    expect(() => new SentenceTransformersDocumentEmbedder({ metaFieldsToEmbed: 'title' as unknown as string[] })).toThrow(
      `SentenceTransformersDocumentEmbedder: expected 'metaFieldsToEmbed' to be an array of strings, got "title".`,
    );
  });

  it('types its sockets', () => {
    expectTypeOf(embedder.run).parameter(0).toEqualTypeOf<{ documents: Document[] }>();
  });
});
