/**
 * Every component (and the in-memory store) rejects constructor options it does not know, with a
 * typed error naming the option and, for a likely typo, the option meant. (OpenAIChatGenerator is
 * covered by its own tests.)
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  AnswerBuilder,
  AnswerJoiner,
  BranchJoiner,
  ChatPromptBuilder,
  ComponentError,
  ConditionalRouter,
  DeserializationError,
  DocumentJoiner,
  DocumentStoreError,
  InMemoryBM25Retriever,
  InMemoryDocumentStore,
  InMemoryEmbeddingRetriever,
  ListJoiner,
  OutputAdapter,
  PromptBuilder,
  SentenceTransformersDocumentEmbedder,
  SentenceTransformersTextEmbedder,
  StringJoiner,
  createDefaultRegistry,
} from '../../src/index.js';
import { componentFromDict } from '../../src/serialization/index.js';

const store = () => new InMemoryDocumentStore();
const route = { condition: '{{ true }}', output: '{{ 1 }}', outputName: 'one', outputType: z.int() };

/** Each component with valid options, plus one it does not know. */
const CASES: readonly [string, (extra: Record<string, unknown>) => unknown][] = [
  ['AnswerBuilder', (x) => new AnswerBuilder({ ...x })],
  ['AnswerJoiner', (x) => new AnswerJoiner({ ...x })],
  ['BranchJoiner', (x) => new BranchJoiner({ type: z.int(), ...x })],
  ['ChatPromptBuilder', (x) => new ChatPromptBuilder({ template: 'hi', ...x })],
  ['ConditionalRouter', (x) => new ConditionalRouter({ routes: [route], ...x })],
  ['DocumentJoiner', (x) => new DocumentJoiner({ ...x })],
  ['InMemoryBM25Retriever', (x) => new InMemoryBM25Retriever({ documentStore: store(), ...x })],
  ['InMemoryEmbeddingRetriever', (x) => new InMemoryEmbeddingRetriever({ documentStore: store(), ...x })],
  ['ListJoiner', (x) => new ListJoiner({ ...x })],
  ['OutputAdapter', (x) => new OutputAdapter({ template: '{{ a }}', outputType: z.string(), ...x })],
  ['PromptBuilder', (x) => new PromptBuilder({ template: 'hi', ...x })],
  ['SentenceTransformersDocumentEmbedder', (x) => new SentenceTransformersDocumentEmbedder({ ...x })],
  ['SentenceTransformersTextEmbedder', (x) => new SentenceTransformersTextEmbedder({ ...x })],
];

describe('unknown constructor options', () => {
  it.each(CASES)('%s builds with its known options', (_name, make) => {
    expect(() => make({})).not.toThrow();
  });

  it.each(CASES)('%s rejects an unknown option with a ComponentError naming it', (name, make) => {
    expect(() => make({ surpriseOption: 42 })).toThrow(ComponentError);
    expect(() => make({ surpriseOption: 42 })).toThrow(new RegExp(`^${name}: unknown option 'surpriseOption'\\. Known options: `));
  });

  it('suggests the option meant by a typo or a snake_case name', () => {
    expect(() => new ListJoiner({ listTypes: 42 } as never)).toThrow("ListJoiner: unknown option 'listTypes'. Did you mean 'listType'? Known options: listType.");
    expect(() => new DocumentJoiner({ join_mode: 'merge' } as never)).toThrow(/unknown option 'join_mode'\. Did you mean 'joinMode'\?/);
    expect(() => new InMemoryBM25Retriever({ documentStore: store(), top_k: 3 } as never)).toThrow(/Did you mean 'topK'\?/);
  });

  it('rejects options given to StringJoiner, which takes none', () => {
    expect(() => new StringJoiner({})).not.toThrow();
    expect(() => new StringJoiner({ separator: ',' } as never)).toThrow("StringJoiner: unknown option 'separator'. StringJoiner takes no options.");
  });

  it('InMemoryDocumentStore rejects an unknown option with a DocumentStoreError', () => {
    expect(() => new InMemoryDocumentStore({ bm25Algorithm: 'BM25L', embedding_similarity_function: 'cosine' } as never)).toThrow(DocumentStoreError);
    expect(() => new InMemoryDocumentStore({ bm25Algorithm: 'BM25L', embedding_similarity_function: 'cosine' } as never)).toThrow(
      /Did you mean 'embeddingSimilarityFunction'\?/,
    );
  });

  it('an unknown init parameter in serialized data is a DeserializationError, as in Haystack', () => {
    const load = () =>
      componentFromDict(
        { type: 'haystack.components.joiners.document_joiner.DocumentJoiner', init_parameters: { join_mode: 'merge', surprise: 1 } },
        { registry: createDefaultRegistry(), name: 'joiner' },
      );
    expect(load).toThrow(DeserializationError);
    expect(load).toThrow(/unknown option 'surprise'/);
  });
});
