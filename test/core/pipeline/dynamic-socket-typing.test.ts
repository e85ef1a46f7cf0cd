import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import {
  AsyncPipeline,
  ChatMessage,
  ChatPromptBuilder,
  ConditionalRouter,
  DocumentJoiner,
  InMemoryBM25Retriever,
  InMemoryDocumentStore,
  OutputAdapter,
  PromptBuilder,
} from '../../../src/index.js';

const TEMPLATE = `{% message role="user" %}
Given the following information, answer the question.
Context:
{% for document in documents %}
    {{ document.content }}
{% endfor %}
Question: {{question}}
{% endmessage %}`;

function tutorial() {
  const documentStore = new InMemoryDocumentStore();
  return new AsyncPipeline()
    .addComponent('bm25_retriever', new InMemoryBM25Retriever({ documentStore, topK: 3 }))
    .addComponent('joiner', new DocumentJoiner({ joinMode: 'reciprocal_rank_fusion' }))
    .addComponent('prompt_builder', new ChatPromptBuilder({ template: TEMPLATE, requiredVariables: '*' }));
}

describe('Pipeline typing with dynamic-socket components', () => {
  it('infers a literal template\'s variables as the builder\'s sockets', () => {
    const builder = new ChatPromptBuilder({ template: TEMPLATE });
    expectTypeOf<keyof typeof builder.inputSchemas>().toEqualTypeOf<'documents' | 'question' | 'template' | 'templateVariables'>();
    expectTypeOf(builder.variables).toEqualTypeOf<readonly string[]>();
    expect([...builder.variables].sort()).toEqual(['documents', 'question']); // the run-time reading agrees
    const prompt = new PromptBuilder({ template: 'Q: {{ query }}' });
    expectTypeOf<keyof typeof prompt.inputSchemas>().toEqualTypeOf<'query' | 'template' | 'templateVariables'>();
    const listed = new PromptBuilder({ template: '{{ a }}', variables: ['x', 'y'] });
    expectTypeOf<keyof typeof listed.inputSchemas>().toEqualTypeOf<'x' | 'y' | 'template' | 'templateVariables'>();
  });

  it('keeps run data of the tutorial pipeline checked with a ChatPromptBuilder present', () => {
    const p = tutorial();
    const typeOnly = async () => {
      await p.runAsync({ bm25_retriever: { query: 'q' }, prompt_builder: { question: 'q' } });
      await p.runAsync({ query: 'q', question: 'q' }); // flat form, by socket name
      // @ts-expect-error: wrong socket type on a static component
      await p.runAsync({ bm25_retriever: { query: 42 } });
      // @ts-expect-error: unknown component
      await p.runAsync({ bm25_retrieverr: { query: 'q' } });
      // @ts-expect-error: unknown socket of a static component
      await p.runAsync({ bm25_retriever: { querry: 'q' } });
      // @ts-expect-error: unknown socket of the builder (not a template variable)
      await p.runAsync({ prompt_builder: { questions: 'q' } });
      // @ts-expect-error: unknown flat key
      await p.runAsync({ querry: 'q' });
    };
    void typeOnly;
    expectTypeOf(p.getComponent('prompt_builder')).toEqualTypeOf<ChatPromptBuilder<{ readonly template: typeof TEMPLATE; readonly requiredVariables: '*' }>>();
  });

  it('widens only the entry of a builder whose template is not a literal', () => {
    const store = new InMemoryDocumentStore();
    const p = new AsyncPipeline()
      .addComponent('bm25_retriever', new InMemoryBM25Retriever({ documentStore: store }))
      .addComponent('prompt_builder', new ChatPromptBuilder({ template: [ChatMessage.fromUser('{{ question }}')] }));
    const typeOnly = async () => {
      await p.runAsync({ prompt_builder: { question: 'anything', other: 1 } });
      // @ts-expect-error: the retriever's entry is still checked
      await p.runAsync({ bm25_retriever: { query: 42 }, prompt_builder: { question: 'q' } });
      // @ts-expect-error: and so are component names
      await p.runAsync({ bm25_retrieverr: { query: 'q' } });
      // @ts-expect-error: a variable TypeScript cannot see is given by component, not flat
      await p.runAsync({ query: 'q', question: 'q' });
      await p.runAsync({ query: 'q', template: [ChatMessage.fromUser('{{ x }}')] });
    };
    void typeOnly;
    type Data = Parameters<typeof p.runAsync>[0];
    expectTypeOf<NonNullable<Extract<Data, { prompt_builder?: unknown }>['prompt_builder']>['question']>().toEqualTypeOf<unknown>();
  });

  it('does the same for ConditionalRouter and OutputAdapter', () => {
    const p = new AsyncPipeline()
      .addComponent('router', new ConditionalRouter({ routes: [{ condition: '{{ n > 1 }}', output: '{{ n }}', outputName: 'big', outputType: z.int() }] }))
      .addComponent('adapter', new OutputAdapter({ template: '{{ x }}', outputType: z.string() }))
      .addComponent('joiner', new DocumentJoiner());
    const typeOnly = async () => {
      await p.runAsync({ router: { n: 2 }, adapter: { x: 'a' }, joiner: { documents: [] } });
      // @ts-expect-error: the joiner's entry is still checked
      await p.runAsync({ router: { n: 2 }, joiner: { documents: 'no' } });
      // @ts-expect-error: unknown component
      await p.runAsync({ routerr: { n: 2 } });
    };
    void typeOnly;
  });
});
