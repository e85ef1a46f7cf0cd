import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeclarationConsumer, type DeclarationConsumer } from '../helpers/declaration-consumer.js';

/**
 * The tutorial's hybrid pipeline typed from the consumer's side: a strict project that sees only
 * the built `dist/*.d.ts` (never `src/`), as after `npm install haystack-ts`. Type assertions are
 * `expectTypeOf` (compile-time only) and `@ts-expect-error` (the mistake must be a compile error);
 * the test fails on any diagnostic.
 */
const CONSUMER = `
import { expectTypeOf } from 'vitest';
import {
  AsyncPipeline, ChatMessage, ChatPromptBuilder, Document, DocumentJoiner, InMemoryBM25Retriever, InMemoryDocumentStore,
  InMemoryEmbeddingRetriever, OpenAIChatGenerator, Secret, SentenceTransformersDocumentEmbedder, SentenceTransformersTextEmbedder,
} from 'haystack-ts';
import type { AnyComponent, PipelineResult, RunInputOf, RunOutputOf } from 'haystack-ts';

// The tutorial's template (README "Hybrid RAG"): its variables are read at compile time.
const TEMPLATE = \`{% message role="user" %}Given these documents, answer the question.
{% for doc in documents %}{{ doc.content }}
{% endfor %}Question: {{ question }}
Answer:{% endmessage %}\`;

const documentStore = new InMemoryDocumentStore();
const pipeline = new AsyncPipeline()
  .addComponent('text_embedder', new SentenceTransformersTextEmbedder({ progressBar: false }))
  .addComponent('embedding_retriever', new InMemoryEmbeddingRetriever({ documentStore, topK: 3 }))
  .addComponent('bm25_retriever', new InMemoryBM25Retriever({ documentStore, topK: 3 }))
  .addComponent('joiner', new DocumentJoiner({ joinMode: 'reciprocal_rank_fusion' }))
  .addComponent('prompt_builder', new ChatPromptBuilder({ template: TEMPLATE, requiredVariables: '*' }))
  .addComponent('llm', new OpenAIChatGenerator({ apiKey: Secret.fromToken('sk-test'), model: 'gpt-4o-mini' }))
  .connect('text_embedder.embedding', 'embedding_retriever.queryEmbedding')
  .connect('embedding_retriever.documents', 'joiner.documents')
  .connect('bm25_retriever.documents', 'joiner.documents')
  .connect('joiner.documents', 'prompt_builder.documents')
  .connect('prompt_builder.prompt', 'llm.messages');

type Data = Parameters<typeof pipeline.runAsync>[0];
type IsAny<T> = 0 extends 1 & T ? true : false;

export async function tutorial(question: string): Promise<string | undefined> {
  const result = await pipeline.runAsync(
    { text_embedder: { text: question }, bm25_retriever: { query: question }, prompt_builder: { question } },
    { includeOutputsFrom: ['joiner', 'prompt_builder'] },
  );

  // Results: every entry optional (a component may not run); a sole, always-produced socket required.
  expectTypeOf(result.llm).toEqualTypeOf<{ replies: ChatMessage[] } | undefined>();
  expectTypeOf(result.joiner).toEqualTypeOf<{ documents: Document[] } | undefined>();
  expectTypeOf(result.prompt_builder).toEqualTypeOf<{ prompt: ChatMessage[] } | undefined>();
  expectTypeOf(result).toEqualTypeOf<PipelineResult<{
    text_embedder: SentenceTransformersTextEmbedder; embedding_retriever: InMemoryEmbeddingRetriever; bm25_retriever: InMemoryBM25Retriever;
    joiner: DocumentJoiner; prompt_builder: ChatPromptBuilder<{ readonly template: typeof TEMPLATE; readonly requiredVariables: '*' }>; llm: OpenAIChatGenerator;
  }>>();
  // @ts-expect-error: not a component of this pipeline
  void result.ranker;

  // No any in run data or results, anywhere.
  expectTypeOf<IsAny<typeof result>>().toEqualTypeOf<false>();
  expectTypeOf<IsAny<NonNullable<typeof result.llm>['replies']>>().toEqualTypeOf<false>();
  expectTypeOf<IsAny<Data>>().toEqualTypeOf<false>();
  expectTypeOf<IsAny<NonNullable<Extract<Data, { bm25_retriever?: unknown }>['bm25_retriever']>['query']>>().toEqualTypeOf<false>();

  // Run data: wrong types, unknown components and sockets are compile errors.
  // @ts-expect-error: query is a string
  await pipeline.runAsync({ bm25_retriever: { query: 42 } });
  // @ts-expect-error: unknown component
  await pipeline.runAsync({ bm25_retrieverr: { query: question } });
  // @ts-expect-error: not a template variable
  await pipeline.runAsync({ prompt_builder: { questions: question } });
  // @ts-expect-error: text is a string
  await pipeline.runAsync({ text_embedder: { text: [question] } });
  // @ts-expect-error: includeOutputsFrom names a component that does not exist
  await pipeline.runAsync({ bm25_retriever: { query: question } }, { includeOutputsFrom: ['jointer'] });
  // @ts-expect-error: the same for the generator
  pipeline.runAsyncGenerator({ bm25_retriever: { query: question } }, { includeOutputsFrom: ['llm2'] });

  // getComponent: the instance's own type, whose run result requires what it always produces.
  const embedder = pipeline.getComponent('text_embedder');
  expectTypeOf(embedder).toEqualTypeOf<SentenceTransformersTextEmbedder>();
  expectTypeOf(pipeline.getComponent('bm25_retriever')).toEqualTypeOf<InMemoryBM25Retriever>();
  expectTypeOf(pipeline.getComponent('unknown' as string)).toEqualTypeOf<AnyComponent>();
  expectTypeOf<Awaited<ReturnType<typeof embedder.run>>>().toEqualTypeOf<{ embedding: number[] }>();
  expectTypeOf<RunInputOf<InMemoryBM25Retriever>['query']>().toEqualTypeOf<string>();
  expectTypeOf<RunOutputOf<DocumentJoiner>>().toEqualTypeOf<{ documents?: Document[] }>();
  const documentEmbedder = new SentenceTransformersDocumentEmbedder({ progressBar: false });
  const embedded = await documentEmbedder.run({ documents: [new Document({ content: 'x' })] });
  expectTypeOf(embedded.documents).toEqualTypeOf<Document[]>();

  // connect: socket names are checked against the components' sockets.
  const probe = new AsyncPipeline().addComponent('bm25', new InMemoryBM25Retriever({ documentStore })).addComponent('joiner', new DocumentJoiner());
  probe.connect('bm25.documents', 'joiner.documents').connect('bm25', 'joiner');
  // @ts-expect-error: no output socket 'docs'
  probe.connect('bm25.docs', 'joiner.documents');
  // @ts-expect-error: no input socket 'document'
  probe.connect('bm25.documents', 'joiner.document');
  // @ts-expect-error: no component 'ranker'
  probe.connect('bm25.documents', 'ranker.documents');

  return result.llm?.replies[0]?.text ?? undefined;
}
`;

let consumer: DeclarationConsumer;
beforeAll(() => {
  consumer = createDeclarationConsumer('consumer-tutorial-types', 'tutorial.ts', CONSUMER, { skipLibCheck: true });
}, 180_000);

afterAll(() => consumer.remove());

describe("the tutorial pipeline's types, from a consumer of the built declarations", () => {
  it('check run data, results, getComponent, includeOutputsFrom and connect names, with no any', () => {
    expect(consumer.compile()).toBe('');
  }, 120_000);
});
