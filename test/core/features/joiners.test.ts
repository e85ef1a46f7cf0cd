import { z } from 'zod';
import { defineComponent, Document, DocumentJoiner } from '../../../src/index.js';
import { ENGINES } from './engines.js';
import { defineScenarios, type Scenario } from './harness.js';

// The library joiners in pipeline_run.feature: DocumentJoiner, AnswerJoiner and StringJoiner
// (lazy variadic: they wait for every sender that can still run and take partial inputs), and
// BranchJoiner fed twice by one router; plus the router that leaves a two-input component blocked.

const documentsSchema = z.array(z.instanceof(Document));
const conditionalBranchingWithMultipleJoins: Scenario = {
  number: 28,
  kind: 'that is linear with conditional branching and multiple joins',
  build: (make) => {
    const doc1 = new Document({ content: 'This is a document' });
    const doc2 = new Document({ content: 'This is another document' });
    const FakeRouter = defineComponent({
      name: 'FakeRouter',
      inputs: { query: z.string() },
      outputs: { LEGIT: z.string(), INJECTION: z.string() },
      run: ({ query }) => (query.includes('injection') ? { INJECTION: query } : { LEGIT: query }),
    });
    // Haystack 3.x uses its MockTextEmbedder here; 2.31's inline fake embedder keeps the point
    // (and the expected outputs) without a component this port does not have.
    const FakeEmbedder = defineComponent({
      name: 'FakeEmbedder',
      inputs: { text: z.string() },
      outputs: { embeddings: z.array(z.number()) },
      run: () => ({ embeddings: [1.0, 2.0, 3.0] }),
    });
    const FakeRanker = defineComponent({
      name: 'FakeRanker',
      inputs: { query: z.string(), documents: documentsSchema },
      outputs: { documents: documentsSchema },
      run: ({ documents }) => ({ documents }),
    });
    const FakeRetriever = defineComponent({
      name: 'FakeRetriever',
      inputs: { query: z.string() },
      outputs: { documents: documentsSchema },
      run: ({ query }) => ({ documents: query.includes('injection') ? [] : [doc1] }),
    });
    const FakeEmbeddingRetriever = defineComponent({
      name: 'FakeEmbeddingRetriever',
      inputs: { queryEmbedding: z.array(z.number()) },
      outputs: { documents: documentsSchema },
      run: () => ({ documents: [doc2] }),
    });
    const pipeline = make();
    pipeline.addComponent('router', new FakeRouter());
    pipeline.addComponent('text_embedder', new FakeEmbedder());
    pipeline.addComponent('retriever', new FakeEmbeddingRetriever());
    pipeline.addComponent('emptyretriever', new FakeRetriever());
    pipeline.addComponent('joinerfinal', new DocumentJoiner());
    pipeline.addComponent('joinerhybrid', new DocumentJoiner());
    pipeline.addComponent('ranker', new FakeRanker());
    pipeline.addComponent('bm25retriever', new FakeRetriever());
    pipeline.connect('router.INJECTION', 'emptyretriever.query');
    pipeline.connect('router.LEGIT', 'text_embedder.text');
    pipeline.connect('text_embedder', 'retriever.queryEmbedding');
    pipeline.connect('router.LEGIT', 'ranker.query');
    pipeline.connect('router.LEGIT', 'bm25retriever.query');
    pipeline.connect('bm25retriever', 'joinerhybrid.documents');
    pipeline.connect('retriever', 'joinerhybrid.documents');
    pipeline.connect('joinerhybrid.documents', 'ranker.documents');
    pipeline.connect('ranker', 'joinerfinal.documents');
    pipeline.connect('emptyretriever', 'joinerfinal.documents');
    return {
      pipeline,
      runs: [
        {
          inputs: { router: { query: "I'm a legit question" } },
          expectedOutputs: { joinerfinal: { documents: [doc1, doc2] } },
          expectedComponentCalls: {
            'router#1': { query: "I'm a legit question" },
            'text_embedder#1': { text: "I'm a legit question" },
            'bm25retriever#1': { query: "I'm a legit question" },
            'retriever#1': { queryEmbedding: [1.0, 2.0, 3.0] },
            'joinerhybrid#1': { documents: [[doc1], [doc2]], topK: undefined },
            'ranker#1': { query: "I'm a legit question", documents: [doc1, doc2] },
            // The injection branch never ran: the final joiner takes the partial input.
            'joinerfinal#1': { documents: [[doc1, doc2]], topK: undefined },
          },
        },
        {
          inputs: { router: { query: "I'm a nasty prompt injection" } },
          expectedOutputs: { joinerfinal: { documents: [] } },
          expectedComponentCalls: {
            'router#1': { query: "I'm a nasty prompt injection" },
            'emptyretriever#1': { query: "I'm a nasty prompt injection" },
            'joinerfinal#1': { documents: [[]], topK: undefined },
          },
        },
      ],
    };
  },
};

/** Creates a document only when asked; otherwise emits an unconnected `noop` (null) that shows in the outputs. */
function conditionalDocumentCreator(content: string) {
  const Creator = defineComponent({
    name: 'ConditionalDocumentCreator',
    inputs: { createDocument: z.boolean().default(false) },
    outputs: { documents: documentsSchema, noop: z.null() },
    run: ({ createDocument }) => (createDocument ? { documents: [new Document({ id: content, content })] } : { noop: null }),
  });
  return new Creator();
}

function partialInputsScenario(number: number, kind: string, order: readonly string[]): Scenario {
  return {
    number,
    kind,
    build: (make) => {
      const pipeline = make({ maxRunsPerComponent: 1 });
      const contents: Record<string, string> = {
        first_creator: 'First document',
        second_creator: 'Second document',
        third_creator: 'Third document',
      };
      for (const name of order) pipeline.addComponent(name, conditionalDocumentCreator(contents[name] as string));
      pipeline.addComponent('documents_joiner', new DocumentJoiner());
      pipeline.connect('first_creator.documents', 'documents_joiner.documents');
      pipeline.connect('second_creator.documents', 'documents_joiner.documents');
      pipeline.connect('third_creator.documents', 'documents_joiner.documents');
      const doc = (content: string) => new Document({ id: content, content });
      const [doc1, doc2, doc3] = [doc('First document'), doc('Second document'), doc('Third document')];
      return {
        pipeline,
        runs: [
          {
            // The second creator gets no input at all: with no senders it still runs once, with its default.
            inputs: { first_creator: { createDocument: true }, third_creator: { createDocument: true } },
            expectedOutputs: { second_creator: { noop: null }, documents_joiner: { documents: [doc1, doc3] } },
            expectedComponentCalls: {
              'documents_joiner#1': { documents: [[doc1], [doc3]], topK: undefined },
              'first_creator#1': { createDocument: true },
              'second_creator#1': { createDocument: false },
              'third_creator#1': { createDocument: true },
            },
          },
          {
            inputs: { first_creator: { createDocument: true }, second_creator: { createDocument: true } },
            expectedOutputs: { third_creator: { noop: null }, documents_joiner: { documents: [doc1, doc2] } },
            expectedComponentCalls: {
              'documents_joiner#1': { documents: [[doc1], [doc2]], topK: undefined },
              'first_creator#1': { createDocument: true },
              'second_creator#1': { createDocument: true },
              'third_creator#1': { createDocument: false },
            },
          },
        ],
      };
    },
  };
}

const variadicWithPartialInputs = partialInputsScenario(30, 'that has a variadic component that receives partial inputs', [
  'first_creator',
  'second_creator',
  'third_creator',
]);
const variadicWithPartialInputsInDifferentOrder = partialInputsScenario(
  31,
  'that has a variadic component that receives partial inputs in a different order',
  ['third_creator', 'first_creator', 'second_creator'],
);

defineScenarios('pipeline_run.feature: joiners', ENGINES, [
  conditionalBranchingWithMultipleJoins,
  variadicWithPartialInputs,
  variadicWithPartialInputsInDifferentOrder,
]);
