/**
 * YAML as Haystack 3.x writes it loads here: the components' 3.x type paths (the Sentence
 * Transformers embedders moved to haystack_integrations) are registry aliases, 3.x's new init
 * parameters are understood, and a file loaded from 3.x is saved back under the same paths.
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AnswerBuilder,
  ChatPromptBuilder,
  DeserializationError,
  DocumentJoiner,
  FallbackChatGenerator,
  InMemoryBM25Retriever,
  InMemoryEmbeddingRetriever,
  OpenAIChatGenerator,
  Pipeline,
  SentenceTransformersDocumentEmbedder,
  SentenceTransformersTextEmbedder,
  createDefaultRegistry,
  dumps,
  loads,
} from '../../src/index.js';
import { unmarshalYaml } from '../../src/serialization/index.js';
import { FakeOpenAIServer } from '../helpers/fake-openai-server.js';

const HYBRID = readFileSync(new URL('../fixtures/serialization/haystack-3x-hybrid-rag.yaml', import.meta.url), 'utf8');
const FALLBACK = readFileSync(new URL('../fixtures/serialization/haystack-3x-fallback.yaml', import.meta.url), 'utf8');
const ST = 'haystack_integrations.components.embedders.sentence_transformers';
const TEXT_3X = `${ST}.sentence_transformers_text_embedder.SentenceTransformersTextEmbedder`;
const DOCUMENT_3X = `${ST}.sentence_transformers_document_embedder.SentenceTransformersDocumentEmbedder`;

const sortConnections = (list: unknown[]): string[] =>
  list.map((c) => `${(c as { sender: string }).sender} -> ${(c as { receiver: string }).receiver}`).sort();

type Dict = { components: Record<string, { type: string; init_parameters: Record<string, unknown> }>; connections: unknown[] };

describe('Haystack 3.x YAML', () => {
  it('the default registry resolves the 3.x paths of the moved embedders', () => {
    const registry = createDefaultRegistry();
    expect(registry.resolve(TEXT_3X)).toBe(SentenceTransformersTextEmbedder);
    expect(registry.resolve(DOCUMENT_3X)).toBe(SentenceTransformersDocumentEmbedder);
    // The 2.x paths still resolve, and are what a component built in code is saved under.
    expect(registry.resolve(SentenceTransformersTextEmbedder.typeName)).toBe(SentenceTransformersTextEmbedder);
    expect(new SentenceTransformersTextEmbedder().typeName).toBe('haystack.components.embedders.sentence_transformers_text_embedder.SentenceTransformersTextEmbedder');
  });

  it('loads a 3.x hybrid RAG pipeline with its components and connections', () => {
    const pipeline = loads(HYBRID);
    expect(pipeline).toBeInstanceOf(Pipeline);
    const classes = Object.fromEntries([...pipeline.walk()].map(([name, c]) => [name, c.constructor]));
    expect(classes).toEqual({
      answer_builder: AnswerBuilder,
      bm25_retriever: InMemoryBM25Retriever,
      embedding_retriever: InMemoryEmbeddingRetriever,
      joiner: DocumentJoiner,
      llm: OpenAIChatGenerator,
      prompt_builder: ChatPromptBuilder,
      text_embedder: SentenceTransformersTextEmbedder,
    });
    const embedder = pipeline.getComponent('text_embedder') as SentenceTransformersTextEmbedder;
    expect(embedder.options).toMatchObject({ model: 'sentence-transformers/all-MiniLM-L6-v2', device: 'cpu', prefix: '', normalizeEmbeddings: false, batchSize: 32 });
    expect((pipeline.getComponent('joiner') as DocumentJoiner).joinMode).toBe('reciprocal_rank_fusion');
    const llm = pipeline.getComponent('llm') as OpenAIChatGenerator;
    expect([llm.model, llm.apiBaseUrl, llm.generationKwargs]).toEqual(['gpt-4o-mini', 'http://localhost:8000/v1', { temperature: 0 }]);
    const template = (pipeline.getComponent('prompt_builder') as ChatPromptBuilder).template as readonly { text: string | undefined; role: string }[];
    expect(template.map((m) => [m.role, m.text])).toEqual([
      ['system', 'Answer from the documents only.'],
      ['user', 'Documents: {% for doc in documents %}{{ doc.content }} {% endfor %}Question: {{ question }}'],
    ]);
    // Order aside: like Haystack's from_dict, loading adds the components in the file's (sorted) order.
    // (our socket names are camelCased: queryEmbedding for query_embedding)
    expect(pipeline.connections()).toContainEqual({ sender: 'text_embedder.embedding', receiver: 'embedding_retriever.queryEmbedding' });
    expect(pipeline.connections()).toHaveLength(7);
  });

  it('the two retrievers of one index share its documents, as the 3.x default shared: true says', () => {
    const pipeline = loads(HYBRID);
    const bm25 = pipeline.getComponent('bm25_retriever') as InMemoryBM25Retriever;
    const embedding = pipeline.getComponent('embedding_retriever') as InMemoryEmbeddingRetriever;
    bm25.documentStore.writeDocuments([]);
    expect(embedding.documentStore.index).toBe(bm25.documentStore.index);
  });

  it('saves a pipeline loaded from 3.x under the same type paths, so the file round-trips', () => {
    const original = unmarshalYaml(HYBRID) as Dict;
    const saved = unmarshalYaml(dumps(loads(HYBRID))) as Dict;
    const types = (d: Dict) => Object.fromEntries(Object.entries(d.components).map(([name, c]) => [name, c.type]));
    expect(types(saved)).toEqual(types(original));
    expect(sortConnections(saved.connections)).toEqual(sortConnections(original.connections));
    // Saved once, the order is stable: the file's sorted component order, sender by sender.
    expect(unmarshalYaml(dumps(loads(dumps(loads(HYBRID)))))).toEqual(saved);
  });

  it('a 3.x parameter that would change the vectors is still refused, never dropped', () => {
    const int8 = HYBRID.replace('precision: float32', 'precision: int8');
    expect(() => loads(int8)).toThrow(DeserializationError);
    expect(() => loads(int8)).toThrow(/precision/);
  });

  describe('a 3.x FallbackChatGenerator pipeline, run against two local fake servers', () => {
    let primary: FakeOpenAIServer;
    let backup: FakeOpenAIServer;
    beforeEach(async () => {
      primary = await FakeOpenAIServer.start({ reply: () => ({ content: 'from primary' }) });
      backup = await FakeOpenAIServer.start({ reply: () => ({ content: 'from backup' }) });
      process.env['OPENAI_API_KEY'] = 'sk-test-3x-yaml';
    });
    afterEach(async () => {
      delete process.env['OPENAI_API_KEY'];
      await Promise.all([primary.close(), backup.close()]);
    });

    it('loads the nested generators and the document embedder, then falls over on a 503', async () => {
      const yaml = FALLBACK.replace('http://primary.invalid/v1', primary.baseUrl).replace('http://backup.invalid/v1', backup.baseUrl);
      const pipeline = loads(yaml);
      const embedder = pipeline.getComponent('document_embedder') as SentenceTransformersDocumentEmbedder;
      expect(embedder.constructor).toBe(SentenceTransformersDocumentEmbedder);
      expect(embedder.options).toMatchObject({ embeddingSeparator: '\n', metaFieldsToEmbed: ['title'], normalizeEmbeddings: true, progressBar: false });
      const llm = pipeline.getComponent('llm') as FallbackChatGenerator;
      expect(llm.chatGenerators.map((g) => (g as OpenAIChatGenerator).model)).toEqual(['gpt-4o', 'gpt-4o-mini']);
      primary.failNext(1, { status: 503 });
      pipeline.removeComponent('document_embedder');
      const result = await pipeline.runAsync({ llm: { messages: 'hi' } });
      const out = result['llm'] as { replies: { text: string }[]; meta: Record<string, unknown> };
      expect(out.replies[0]?.text).toBe('from backup');
      expect(out.meta).toMatchObject({ successful_chat_generator_index: 1, successful_chat_generator_class: 'OpenAIChatGenerator', total_attempts: 2 });
      expect(backup.requests[0]?.body.model).toBe('gpt-4o-mini');
    });

    it('writes the fallback back in Haystack 3.x layout', () => {
      const saved = unmarshalYaml(dumps(loads(FALLBACK))) as Dict;
      const original = unmarshalYaml(FALLBACK) as Dict;
      expect(saved.components['llm']?.type).toBe('haystack.components.generators.chat.fallback.FallbackChatGenerator');
      const generators = saved.components['llm']?.init_parameters['chat_generators'] as { type: string; init_parameters: Record<string, unknown> }[];
      const originals = original.components['llm']?.init_parameters['chat_generators'] as typeof generators;
      expect(generators.map((g) => g.type)).toEqual(originals.map((g) => g.type));
      expect(generators.map((g) => [g.init_parameters['model'], g.init_parameters['api_base_url'], g.init_parameters['api_key']])).toEqual(
        originals.map((g) => [g.init_parameters['model'], g.init_parameters['api_base_url'], g.init_parameters['api_key']]),
      );
      expect(saved.components['document_embedder']?.type).toBe(DOCUMENT_3X);
    });

    it('a nested generator of an unregistered type does not load', () => {
      const hostile = FALLBACK.replace(
        'type: haystack.components.generators.chat.openai.OpenAIChatGenerator\n    type: haystack.components.generators.chat.fallback',
        'type: os.system\n    type: haystack.components.generators.chat.fallback',
      );
      expect(hostile).not.toBe(FALLBACK);
      expect(() => loads(hostile)).toThrow(/os\.system.*not registered/);
    });
  });
});
