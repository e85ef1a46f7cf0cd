import { z } from 'zod';
import {
  AnswerBuilder,
  AnswerJoiner,
  BranchJoiner,
  ConditionalRouter,
  defineComponent,
  Document,
  DocumentJoiner,
  GeneratedAnswer,
  PromptBuilder,
  StringJoiner,
} from '../../../src/index.js';
import { ENGINES } from './engines.js';
import { anyOrder, defineScenarios, type Scenario } from './harness.js';

// The library joiners in pipeline_run.feature: DocumentJoiner, AnswerJoiner and StringJoiner
// (lazy variadic: they wait for every sender that can still run and take partial inputs), and
// BranchJoiner fed twice by one router; plus the router that leaves a two-input component blocked.

const documentsSchema = z.array(z.instanceof(Document));
const answerBuilderCall = (query: string, replies: string[]) => ({
  documents: undefined,
  meta: undefined,
  pattern: undefined,
  query,
  expandReferenceRanges: undefined,
  referencePattern: undefined,
  replies,
});
const promptCall = (variables: Record<string, unknown>) => ({ ...variables, template: undefined, templateVariables: undefined });

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

const answerJoiner: Scenario = {
  number: 32,
  kind: 'that has an answer joiner variadic component',
  build: (make) => {
    const pipeline = make({ maxRunsPerComponent: 1 });
    pipeline.addComponent('answer_builder_1', new AnswerBuilder());
    pipeline.addComponent('answer_builder_2', new AnswerBuilder());
    pipeline.addComponent('answer_joiner', new AnswerJoiner());
    pipeline.connect('answer_builder_1.answers', 'answer_joiner');
    pipeline.connect('answer_builder_2.answers', 'answer_joiner');
    const query = "What's Natural Language Processing?";
    const reply1 = 'This is a test answer';
    const reply2 = 'This is a second test answer';
    const answer = (reply: string) => new GeneratedAnswer({ data: reply, query, documents: [], meta: { all_messages: [reply] } });
    return {
      pipeline,
      runs: [
        {
          inputs: { answer_builder_1: { query, replies: [reply1] }, answer_builder_2: { query, replies: [reply2] } },
          expectedOutputs: { answer_joiner: { answers: [answer(reply1), answer(reply2)] } },
          expectedComponentCalls: {
            'answer_builder_1#1': answerBuilderCall(query, [reply1]),
            'answer_builder_2#1': answerBuilderCall(query, [reply2]),
            'answer_joiner#1': { answers: [[answer(reply1)], [answer(reply2)]], topK: undefined },
          },
        },
      ],
    };
  },
};

const variadicWithConditionalInput: Scenario = {
  number: 35,
  kind: 'that has variadic component that receives a conditional input',
  build: (make) => {
    const NoOp = defineComponent({
      name: 'NoOp',
      inputs: { documents: documentsSchema },
      outputs: { documents: documentsSchema },
      run: ({ documents }) => ({ documents }),
    });
    const CommaSplitter = defineComponent({
      name: 'CommaSplitter',
      inputs: { documents: documentsSchema },
      outputs: { documents: documentsSchema },
      run: ({ documents }) => {
        const res: Document[] = [];
        for (const doc of documents) {
          if (doc.content === undefined) continue;
          for (const split of doc.content.split(',')) res.push(new Document({ content: split, id: String(res.length) }));
        }
        return { documents: res };
      },
    });
    // Haystack uses DocumentCleaner (not part of this port) with keep_id=True; these two fakes do
    // what it does to these documents: drop empty lines, and strip and collapse whitespace.
    const cleaner = (name: string, clean: (text: string) => string) =>
      new (defineComponent({
        name,
        inputs: { documents: documentsSchema },
        outputs: { documents: documentsSchema },
        run: ({ documents }) => ({
          documents: documents.map((d) => new Document({ id: d.id, content: clean(d.content ?? ''), meta: d.meta })),
        }),
      }))();
    const pipeline = make({ maxRunsPerComponent: 1 });
    pipeline.addComponent(
      'conditional_router',
      new ConditionalRouter({
        routes: [
          { condition: '{{ documents|length > 1 }}', output: '{{ documents }}', outputName: 'long', outputType: documentsSchema },
          { condition: '{{ documents|length <= 1 }}', output: '{{ documents }}', outputName: 'short', outputType: documentsSchema },
        ],
        unsafe: true,
      }),
    );
    pipeline.addComponent(
      'empty_lines_cleaner',
      cleaner('EmptyLinesCleaner', (text) => text.split('\n').filter((line) => line.trim() !== '').join('\n')),
    );
    pipeline.addComponent('comma_splitter', new CommaSplitter());
    pipeline.addComponent('document_cleaner', cleaner('WhitespaceCleaner', (text) => text.replace(/\s+/g, ' ').trim()));
    pipeline.addComponent('document_joiner', new DocumentJoiner());
    pipeline.addComponent('noop2', new NoOp());
    pipeline.addComponent('noop3', new NoOp());
    pipeline.connect('noop2', 'noop3');
    pipeline.connect('noop3', 'conditional_router');
    pipeline.connect('conditional_router.long', 'empty_lines_cleaner');
    pipeline.connect('empty_lines_cleaner', 'document_joiner');
    pipeline.connect('comma_splitter', 'document_cleaner');
    pipeline.connect('document_cleaner', 'document_joiner');
    pipeline.connect('comma_splitter', 'document_joiner');
    const document = new Document({ id: '1000', content: 'This document has so many, sentences. Like this one, or this one. Or even this other one.' });
    const splits = (offset: number) => [
      new Document({ id: String(offset), content: 'This document has so many' }),
      new Document({ id: String(offset + 1), content: ' sentences. Like this one' }),
      new Document({ id: String(offset + 2), content: ' or this one. Or even this other one.' }),
    ];
    const cleaned = (offset: number) => [
      new Document({ id: String(offset), content: 'This document has so many' }),
      new Document({ id: String(offset + 1), content: 'sentences. Like this one' }),
      new Document({ id: String(offset + 2), content: 'or this one. Or even this other one.' }),
    ];
    return {
      pipeline,
      runs: [
        {
          inputs: { noop2: { documents: [document] }, comma_splitter: { documents: [document] } },
          expectedOutputs: { conditional_router: { short: [document] }, document_joiner: { documents: splits(0) } },
          expectedComponentCalls: {
            'comma_splitter#1': { documents: [document] },
            'conditional_router#1': { documents: [document] },
            'document_cleaner#1': { documents: splits(0) },
            'document_joiner#1': { documents: [splits(0), cleaned(0)], topK: undefined },
            'noop2#1': { documents: [document] },
            'noop3#1': { documents: [document] },
          },
        },
        {
          inputs: { noop2: { documents: [document, document] }, comma_splitter: { documents: [document, document] } },
          expectedOutputs: { document_joiner: { documents: [...splits(0), ...splits(3), document] } },
          expectedComponentCalls: {
            'comma_splitter#1': { documents: [document, document] },
            'conditional_router#1': { documents: [document, document] },
            'document_cleaner#1': { documents: [...splits(0), ...splits(3)] },
            'document_joiner#1': {
              documents: [[...splits(0), ...splits(3)], [...cleaned(0), ...cleaned(3)], [document, document]],
              topK: undefined,
            },
            'empty_lines_cleaner#1': { documents: [document, document] },
            'noop2#1': { documents: [document, document] },
            'noop3#1': { documents: [document, document] },
          },
        },
      ],
    };
  },
};

const stringVariadic: Scenario = {
  number: 36,
  kind: 'that has a string variadic component',
  build: (make) => {
    const pipeline = make();
    pipeline.addComponent('prompt_builder_1', new PromptBuilder({ template: 'Builder 1: {{query}}' }));
    pipeline.addComponent('prompt_builder_2', new PromptBuilder({ template: 'Builder 2: {{query}}' }));
    pipeline.addComponent('string_joiner', new StringJoiner());
    pipeline.connect('prompt_builder_1.prompt', 'string_joiner.strings');
    pipeline.connect('prompt_builder_2.prompt', 'string_joiner.strings');
    const string1 = "What's Natural Language Processing?";
    const string2 = "What's is life?";
    const joined = () => anyOrder([`Builder 1: ${string1}`, `Builder 2: ${string2}`]);
    return {
      pipeline,
      runs: [
        {
          inputs: { prompt_builder_1: { query: string1 }, prompt_builder_2: { query: string2 } },
          expectedOutputs: { string_joiner: { strings: joined() } },
          expectedComponentCalls: {
            'prompt_builder_1#1': promptCall({ query: string1 }),
            'prompt_builder_2#1': promptCall({ query: string2 }),
            'string_joiner#1': { strings: joined() },
          },
        },
      ],
    };
  },
};

const oneComponentManySocketsSameTarget: Scenario = {
  number: 48,
  kind: 'where a single component connects multiple sockets to the same receiver socket',
  build: (make) => {
    const router = new ConditionalRouter({
      routes: [
        { condition: "{{query == 'route_1'}}", output: '{{query}}', outputName: 'route_1', outputType: z.string() },
        { condition: "{{query == 'route_2'}}", output: '{{query}}', outputName: 'route_2', outputType: z.string() },
      ],
    });
    const pipeline = make({ maxRunsPerComponent: 1 });
    pipeline.addComponent('joiner', new BranchJoiner({ type: z.string() }));
    pipeline.addComponent('router', router);
    pipeline.connect('router.route_1', 'joiner.value');
    pipeline.connect('router.route_2', 'joiner.value');
    return {
      pipeline,
      runs: [
        {
          // The route not taken must not overwrite the value of the route taken (Haystack issue #8937).
          inputs: { router: { query: 'route_1' } },
          expectedOutputs: { joiner: { value: 'route_1' } },
          expectedComponentCalls: { 'router#1': { query: 'route_1' }, 'joiner#1': { value: ['route_1'] } },
        },
      ],
    };
  },
};

const blockedByMissingInputs: Scenario = {
  number: 50,
  kind: 'that is blocked because not enough component inputs',
  build: (make) => {
    const PayloadBuilder = defineComponent({
      name: 'PayloadBuilder',
      inputs: { streams: z.array(z.number()), query: z.string() },
      outputs: { payload: z.record(z.string(), z.unknown()) },
      run: ({ streams, query }) => ({ payload: { streams, query } }),
    });
    const pipeline = make({ maxRunsPerComponent: 1 });
    pipeline.addComponent(
      'router',
      new ConditionalRouter({
        routes: [
          { condition: '{{streams|length < 2}}', output: '{{query}}', outputType: z.string(), outputName: 'query' },
          { condition: '{{streams|length >= 2}}', output: '{{streams}}', outputType: z.array(z.number()), outputName: 'streams' },
        ],
      }),
    );
    pipeline.addComponent('payload_builder', new PayloadBuilder());
    pipeline.connect('router.streams', 'payload_builder.streams');
    pipeline.connect('router.query', 'payload_builder.query');
    return {
      pipeline,
      runs: [
        {
          // The router emits one of the builder's two mandatory inputs: the run ends (with a warning), no error.
          inputs: { router: { streams: [1, 2, 3], query: 'Haystack' } },
          expectedOutputs: {},
          expectedComponentCalls: { 'router#1': { streams: [1, 2, 3], query: 'Haystack' } },
        },
      ],
    };
  },
};

defineScenarios('pipeline_run.feature: joiners', ENGINES, [
  conditionalBranchingWithMultipleJoins,
  variadicWithPartialInputs,
  variadicWithPartialInputsInDifferentOrder,
  answerJoiner,
  variadicWithConditionalInput,
  stringVariadic,
  oneComponentManySocketsSameTarget,
  blockedByMissingInputs,
]);
