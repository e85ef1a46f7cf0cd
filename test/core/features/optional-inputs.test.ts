import { z } from 'zod';
import {
  AnswerBuilder,
  BranchJoiner,
  ConditionalRouter,
  defineComponent,
  Document,
  DocumentJoiner,
  GeneratedAnswer,
  InMemoryBM25Retriever,
  InMemoryDocumentStore,
  PromptBuilder,
} from '../../../src/index.js';
import { ENGINES } from './engines.js';
import { defineScenarios, type Scenario } from './harness.js';

// Components whose inputs are all optional (prompt builders, retrievers) in pipeline_run.feature:
// when they run (DEFER until nothing else can), when they must not run (their only sender produced
// nothing), and how sticky user inputs and loop-back values reach them.

const documentSchema = z.instanceof(Document);
const documentsSchema = z.array(documentSchema);

const greedyAndVariadicAfterDefaultInput: Scenario = {
  number: 16,
  kind: 'that has a greedy and variadic component after a component with default input',
  build: (make) => {
    const documentStore = new InMemoryDocumentStore();
    documentStore.writeDocuments([new Document({ content: 'This is a simple document' })]);
    const pipeline = make({ maxRunsPerComponent: 1 });
    const template = "Given this documents: {{ documents|join(', ', attribute='content') }} Answer this question: {{ query }}";
    pipeline.addComponent('retriever', new InMemoryBM25Retriever({ documentStore }));
    pipeline.addComponent('prompt_builder', new PromptBuilder({ template }));
    pipeline.addComponent('branch_joiner', new BranchJoiner({ type: documentsSchema }));
    pipeline.connect('retriever', 'branch_joiner');
    pipeline.connect('branch_joiner', 'prompt_builder.documents');
    const retrieved = new Document({
      id: '328f0cbb6722c5cfa290aa2b78bcda8dc5afa09f0e2c23092afc502ba89c85e7',
      content: 'This is a simple document',
      score: 0.7192051811294521,
    });
    return {
      pipeline,
      runs: [
        {
          // Flat input: `query` goes to every component with a `query` socket.
          inputs: { query: 'This is my question' },
          expectedOutputs: {
            prompt_builder: {
              prompt: 'Given this documents: This is a simple document Answer this question: This is my question',
            },
          },
          expectedComponentCalls: {
            'branch_joiner#1': { value: [[retrieved]] },
            'prompt_builder#1': {
              documents: [retrieved],
              query: 'This is my question',
              template: undefined,
              templateVariables: undefined,
            },
            'retriever#1': { filters: undefined, query: 'This is my question', scaleScore: undefined, topK: undefined },
          },
        },
      ],
    };
  },
};

const componentWithOnlyDefaultInputs: Scenario = {
  number: 17,
  kind: 'that has a component with only default inputs',
  build: (make) => {
    const FakeGenerator = defineComponent({
      name: 'FakeGenerator',
      inputs: { prompt: z.string() },
      outputs: { replies: z.array(z.string()) },
      run: () => ({ replies: ['Paris'] }),
    });
    const documentStore = new InMemoryDocumentStore();
    documentStore.writeDocuments([
      new Document({ content: 'Rome is the capital of Italy' }),
      new Document({ content: 'Paris is the capital of France' }),
    ]);
    const template =
      'Given the following information, answer the question.\n' +
      'Context:\n' +
      '{% for document in documents %}' +
      '    {{ document.content }}\n' +
      '{% endfor %}' +
      'Question: {{ query }}';
    const pipeline = make({ maxRunsPerComponent: 1 });
    pipeline.addComponent('retriever', new InMemoryBM25Retriever({ documentStore }));
    pipeline.addComponent('prompt_builder', new PromptBuilder({ template }));
    pipeline.addComponent('generator', new FakeGenerator());
    pipeline.addComponent('answer_builder', new AnswerBuilder());
    pipeline.connect('retriever', 'prompt_builder.documents');
    pipeline.connect('prompt_builder.prompt', 'generator.prompt');
    pipeline.connect('generator.replies', 'answer_builder.replies');
    pipeline.connect('retriever.documents', 'answer_builder.documents');
    const paris = { id: '413dccdf51a54cca75b7ed2eddac04e6e58560bd2f0caf4106a3efc023fe3651', content: 'Paris is the capital of France', score: 1.7780417596697045 };
    const rome = { id: 'a4a874fc2ef75015da7924d709fbdd2430e46a8e94add6e0f26cd32c1c03435d', content: 'Rome is the capital of Italy', score: 1.3448247718197388 };
    const retrieved = [new Document(paris), new Document(rome)];
    const query = 'What is the capital of France?';
    return {
      pipeline,
      runs: [
        {
          inputs: { query },
          expectedOutputs: {
            answer_builder: {
              answers: [
                new GeneratedAnswer({
                  data: 'Paris',
                  query,
                  documents: [
                    new Document({ ...paris, meta: { source_index: 1 } }),
                    new Document({ ...rome, meta: { source_index: 2 } }),
                  ],
                  meta: { all_messages: ['Paris'] },
                }),
              ],
            },
          },
          expectedComponentCalls: {
            'answer_builder#1': {
              documents: retrieved,
              meta: undefined,
              pattern: undefined,
              query,
              expandReferenceRanges: undefined,
              referencePattern: undefined,
              replies: ['Paris'],
            },
            'generator#1': {
              prompt:
                'Given the following information, answer the question.\n' +
                'Context:\n' +
                '    Paris is the capital of France\n' +
                '    Rome is the capital of Italy\n' +
                'Question: What is the capital of France?',
            },
            'prompt_builder#1': { documents: retrieved, query, template: undefined, templateVariables: undefined },
            'retriever#1': { filters: undefined, query, scaleScore: undefined, topK: undefined },
          },
        },
      ],
    };
  },
};

const onlyDefaultInputsFirstToRunWithLoop: Scenario = {
  number: 18,
  kind: 'that has a component with only default inputs as first to run and receives inputs from a loop',
  build: (make) => {
    let called = false;
    // Replies wrongly the first time, rightly afterwards.
    const FakeGenerator = defineComponent({
      name: 'FakeGenerator',
      inputs: { prompt: z.string(), generationKwargs: z.record(z.string(), z.unknown()).optional() },
      outputs: { replies: z.array(z.string()) },
      run: () => {
        if (called) return { replies: ['Rome'] };
        called = true;
        return { replies: ['Paris'] };
      },
    });
    const template =
      'Answer the following question.\n' +
      '{% if previous_replies %}\n' +
      'Previously you replied incorrectly this:\n' +
      '{% for reply in previous_replies %}\n' +
      ' - {{ reply }}\n' +
      '{% endfor %}\n' +
      '{% endif %}\n' +
      'Question: {{ query }}';
    // Haystack declares list[int] for these routes though strings flow; the port declares what flows.
    const router = new ConditionalRouter({
      routes: [
        { condition: "{{ replies == ['Rome'] }}", output: '{{ replies }}', outputName: 'correct_replies', outputType: z.array(z.string()) },
        { condition: "{{ replies == ['Paris'] }}", output: '{{ replies }}', outputName: 'incorrect_replies', outputType: z.array(z.string()) },
      ],
    });
    const pipeline = make({ maxRunsPerComponent: 2 });
    pipeline.addComponent('prompt_builder', new PromptBuilder({ template, requiredVariables: ['query'] }));
    pipeline.addComponent('generator', new FakeGenerator());
    pipeline.addComponent('router', router);
    pipeline.connect('prompt_builder.prompt', 'generator.prompt');
    pipeline.connect('generator.replies', 'router.replies');
    pipeline.connect('router.incorrect_replies', 'prompt_builder.previous_replies');
    const query = 'What is the capital of Italy?';
    return {
      pipeline,
      runs: [
        {
          inputs: { prompt_builder: { query } },
          expectedOutputs: { router: { correct_replies: ['Rome'] } },
          expectedComponentCalls: {
            'generator#1': { generationKwargs: undefined, prompt: `Answer the following question.\n\nQuestion: ${query}` },
            'generator#2': {
              generationKwargs: undefined,
              prompt: `Answer the following question.\n\nPreviously you replied incorrectly this:\n\n - Paris\n\n\nQuestion: ${query}`,
            },
            // First run DEFERred with the default "" for the loop-back variable; the user's query is sticky.
            'prompt_builder#1': { previous_replies: '', query, template: undefined, templateVariables: undefined },
            'prompt_builder#2': { previous_replies: ['Paris'], query, template: undefined, templateVariables: undefined },
            'router#1': { replies: ['Paris'] },
            'router#2': { replies: ['Rome'] },
          },
        },
      ],
    };
  },
};

const defaultInputsNothingFromSender: Scenario = {
  number: 24,
  kind: "that has a component with default inputs that doesn't receive anything from its sender",
  build: (make) => {
    const router = new ConditionalRouter({
      routes: [
        { condition: "{{'reisen' in sentence}}", output: 'German', outputName: 'language_1', outputType: z.string() },
        { condition: "{{'viajar' in sentence}}", output: 'Spanish', outputName: 'language_2', outputType: z.string() },
      ],
    });
    const pipeline = make({ maxRunsPerComponent: 1 });
    pipeline.addComponent('router', router);
    pipeline.addComponent('pb', new PromptBuilder({ template: "Ok, I know, that's {{language}}" }));
    pipeline.connect('router.language_2', 'pb.language');
    return {
      pipeline,
      runs: [
        {
          // The router takes the unconnected route: pb's only sender produced nothing, so pb must not run.
          inputs: { router: { sentence: 'Wir mussen reisen' } },
          expectedOutputs: { router: { language_1: 'German' } },
          expectedComponentCalls: { 'router#1': { sentence: 'Wir mussen reisen' } },
        },
        {
          inputs: { router: { sentence: 'Yo tengo que viajar' } },
          expectedOutputs: { pb: { prompt: "Ok, I know, that's Spanish" } },
          expectedComponentCalls: {
            'pb#1': { language: 'Spanish', template: undefined, templateVariables: undefined },
            'router#1': { sentence: 'Yo tengo que viajar' },
          },
        },
      ],
    };
  },
};

const defaultInputsNothingFromSenderButUserInput: Scenario = {
  number: 25,
  kind: "that has a component with default inputs that doesn't receive anything from its sender but receives input from user",
  build: (make) => {
    const prompt = new PromptBuilder({
      template: `Please generate an SQL query. The query should answer the following Question: {{ question }};
If the question cannot be answered given the provided table and columns, return 'no_answer'
The query is to be answered for the table is called 'absenteeism' with the following
Columns: {{ columns }};
Answer:`,
      requiredVariables: ['question', 'columns'],
    });
    const FakeGenerator = defineComponent({
      name: 'FakeGenerator',
      inputs: { prompt: z.string() },
      outputs: { replies: z.array(z.string()) },
      run: ({ prompt: text }) =>
        text.includes('no_answer') ? { replies: ["There's simply no_answer to this question"] } : { replies: ['Some SQL query'] },
    });
    const FakeSQLQuerier = defineComponent({
      name: 'FakeSQLQuerier',
      inputs: { query: z.string() },
      outputs: { results: z.string() },
      run: ({ query }) => ({ results: 'This is the query result', query }) as { results: string },
    });
    const router = new ConditionalRouter({
      routes: [
        { condition: "{{'no_answer' not in replies[0]}}", output: '{{replies[0]}}', outputName: 'sql', outputType: z.string() },
        { condition: "{{'no_answer' in replies[0]}}", output: '{{question}}', outputName: 'go_to_fallback', outputType: z.string() },
      ],
    });
    const fallbackPrompt = new PromptBuilder({
      template: `User entered a query that cannot be answered with the given table.
The query was: {{ question }} and the table had columns: {{ columns }}.
Let the user know why the question cannot be answered`,
      requiredVariables: ['question'],
    });
    const pipeline = make({ maxRunsPerComponent: 1 });
    pipeline.addComponent('prompt', prompt);
    pipeline.addComponent('llm', new FakeGenerator());
    pipeline.addComponent('router', router);
    pipeline.addComponent('fallback_prompt', fallbackPrompt);
    pipeline.addComponent('fallback_llm', new FakeGenerator());
    pipeline.addComponent('sql_querier', new FakeSQLQuerier());
    pipeline.connect('prompt', 'llm');
    pipeline.connect('llm.replies', 'router.replies');
    pipeline.connect('router.sql', 'sql_querier.query');
    pipeline.connect('router.go_to_fallback', 'fallback_prompt.question');
    pipeline.connect('fallback_prompt', 'fallback_llm');
    const columns = 'Age, Absenteeism_time_in_hours, Days, Disciplinary_failure';
    const question = 'This is a question with no_answer';
    return {
      pipeline,
      runs: [
        {
          inputs: { prompt: { question, columns }, router: { question } },
          expectedOutputs: { fallback_llm: { replies: ["There's simply no_answer to this question"] } },
          expectedComponentCalls: {
            'fallback_llm#1': {
              prompt:
                'User entered a query that cannot be answered with the given table.\n' +
                `The query was: ${question} and the table had columns: .\n` +
                'Let the user know why the question cannot be answered',
            },
            'fallback_prompt#1': { columns: '', question, template: undefined, templateVariables: undefined },
            'llm#1': {
              prompt:
                `Please generate an SQL query. The query should answer the following Question: ${question};\n` +
                "If the question cannot be answered given the provided table and columns, return 'no_answer'\n" +
                "The query is to be answered for the table is called 'absenteeism' with the following\n" +
                `Columns: ${columns};\n` +
                'Answer:',
            },
            'prompt#1': { columns, question, template: undefined, templateVariables: undefined },
            'router#1': { question, replies: ["There's simply no_answer to this question"] },
          },
        },
      ],
    };
  },
};

const STATIC_INSTRUCTIONS = '\nSort the customer comment into the categories listed here.\nAnswer with a JSON object.\n';

const loopWithDefaultInputsAndUserInput: Scenario = {
  number: 26,
  kind: "that has a loop and a component with default inputs that doesn't receive anything from its sender but receives input from user",
  build: (make) => {
    const template =
      STATIC_INSTRUCTIONS +
      'Here is the comment:\n{{ comment }}\n. Return the categories.\n\n' +
      '{%- if invalid_replies and error_message -%}\n' +
      'Previous attempt: {{ invalid_replies }}\n' +
      'It failed with: {{ error_message }}\n' +
      'Try again.\n' +
      '{%- endif -%}';
    let validatorCalled = false;
    const FakeOutputValidator = defineComponent({
      name: 'FakeOutputValidator',
      inputs: { replies: z.array(z.string()) },
      outputs: { validReplies: z.array(z.string()), invalid_replies: z.array(z.string()).nullable(), error_message: z.string().nullable() },
      run: ({ replies }) => {
        if (!validatorCalled) {
          validatorCalled = true;
          return { invalid_replies: ['This is an invalid reply'], error_message: 'this is an error message' };
        }
        return { validReplies: replies };
      },
    });
    const FakeGenerator = defineComponent({
      name: 'FakeGenerator',
      inputs: { prompt: z.string() },
      outputs: { replies: z.array(z.string()) },
      run: () => ({ replies: ['This is a valid reply'] }),
    });
    const pipeline = make({ maxRunsPerComponent: 2 });
    // No required variables: every variable socket is optional (3.x spells this required_variables=None).
    pipeline.addComponent('prompt_builder', new PromptBuilder({ template, requiredVariables: [] }));
    pipeline.addComponent('llm', new FakeGenerator());
    pipeline.addComponent('output_validator', new FakeOutputValidator());
    pipeline.connect('prompt_builder.prompt', 'llm.prompt');
    pipeline.connect('llm.replies', 'output_validator.replies');
    pipeline.connect('output_validator.invalid_replies', 'prompt_builder.invalid_replies');
    pipeline.connect('output_validator.error_message', 'prompt_builder.error_message');
    const comment = 'I loved the quality of the meal but the courier was rude';
    const firstPrompt = `${STATIC_INSTRUCTIONS}Here is the comment:\n${comment}\n. Return the categories.`;
    return {
      pipeline,
      runs: [
        {
          inputs: { prompt_builder: { templateVariables: { comment } } },
          expectedOutputs: { output_validator: { validReplies: ['This is a valid reply'] } },
          expectedComponentCalls: {
            'llm#1': { prompt: firstPrompt },
            'llm#2': {
              prompt: `${firstPrompt}Previous attempt: ['This is an invalid reply']\nIt failed with: this is an error message\nTry again.`,
            },
            'output_validator#1': { replies: ['This is a valid reply'] },
            'output_validator#2': { replies: ['This is a valid reply'] },
            'prompt_builder#1': {
              comment: '',
              error_message: '',
              invalid_replies: '',
              template: undefined,
              templateVariables: { comment },
            },
            'prompt_builder#2': {
              comment: '',
              error_message: 'this is an error message',
              invalid_replies: ['This is an invalid reply'],
              template: undefined,
              templateVariables: { comment },
            },
          },
        },
      ],
    };
  },
};

const defaultInputsAddedInDifferentOrder: Scenario = {
  number: 27,
  kind: 'that has multiple components with only default inputs and are added in a different order from the order of execution',
  build: (make) => {
    const promptBuilder1 = new PromptBuilder({
      template: '\n    Fix the spelling of the question.\n\n    Question: {{question}}\n    Corrected question:\n    ',
    });
    const promptBuilder2 = new PromptBuilder({
      template:
        'According to these documents:\n\n{% for doc in documents -%}\n{{ doc.content }}\n{%- endfor %}\n\nAnswer the given question: {{question}}\nAnswer:\n',
    });
    const promptBuilder3 = new PromptBuilder({ template: '\n    {% for ans in replies %}\n    {{ ans }}\n    {% endfor %}\n    ' });
    const doc = new Document({ content: 'This is a document' });
    const FakeRetriever = defineComponent({
      name: 'FakeRetriever',
      inputs: { query: z.string(), filters: z.record(z.string(), z.unknown()).optional(), topK: z.number().optional() },
      outputs: { documents: documentsSchema },
      run: () => ({ documents: [doc] }),
    });
    const FakeRanker = defineComponent({
      name: 'FakeRanker',
      inputs: { query: z.string(), documents: documentsSchema, topK: z.number().optional() },
      outputs: { documents: documentsSchema },
      run: ({ documents }) => ({ documents }),
    });
    const FakeGenerator = defineComponent({
      name: 'FakeGenerator',
      inputs: { prompt: z.string(), generationKwargs: z.record(z.string(), z.unknown()).optional() },
      outputs: { replies: z.array(z.string()), meta: z.record(z.string(), z.unknown()) },
      run: () => ({ replies: ['This is a reply'], meta: { meta_key: 'meta_value' } }),
    });
    const pipeline = make({ maxRunsPerComponent: 1 });
    pipeline.addComponent('retriever', new FakeRetriever());
    pipeline.addComponent('ranker', new FakeRanker());
    pipeline.addComponent('prompt_builder2', promptBuilder2);
    pipeline.addComponent('prompt_builder1', promptBuilder1);
    pipeline.addComponent('prompt_builder3', promptBuilder3);
    pipeline.addComponent('llm', new FakeGenerator());
    pipeline.addComponent('spellchecker', new FakeGenerator());
    pipeline.connect('prompt_builder1', 'spellchecker');
    pipeline.connect('spellchecker.replies', 'prompt_builder3');
    pipeline.connect('prompt_builder3', 'retriever.query');
    pipeline.connect('prompt_builder3', 'ranker.query');
    pipeline.connect('retriever.documents', 'ranker.documents');
    pipeline.connect('ranker.documents', 'prompt_builder2.documents');
    pipeline.connect('prompt_builder3', 'prompt_builder2.question');
    pipeline.connect('prompt_builder2', 'llm');
    const question = '\n    \n    This is a reply\n    \n    ';
    return {
      pipeline,
      runs: [
        {
          inputs: { prompt_builder1: { question: 'Wha i Acromegaly?' } },
          expectedOutputs: {
            llm: { replies: ['This is a reply'], meta: { meta_key: 'meta_value' } },
            spellchecker: { meta: { meta_key: 'meta_value' } },
          },
          expectedComponentCalls: {
            'llm#1': {
              generationKwargs: undefined,
              prompt: `According to these documents:\n\nThis is a document\n\nAnswer the given question: ${question}\nAnswer:`,
            },
            'prompt_builder1#1': { question: 'Wha i Acromegaly?', template: undefined, templateVariables: undefined },
            'prompt_builder2#1': { documents: [doc], question, template: undefined, templateVariables: undefined },
            'prompt_builder3#1': { replies: ['This is a reply'], template: undefined, templateVariables: undefined },
            'ranker#1': { documents: [doc], query: question, topK: undefined },
            'retriever#1': { filters: undefined, query: question, topK: undefined },
            'spellchecker#1': {
              generationKwargs: undefined,
              prompt: '\n    Fix the spelling of the question.\n\n    Question: Wha i Acromegaly?\n    Corrected question:\n    ',
            },
          },
        },
      ],
    };
  },
};

const middleComponentOptionalInputFromComponentsAndUser: Scenario = {
  number: 33,
  kind: 'that is linear and a component in the middle receives optional input from other components and input from the user',
  build: (make) => {
    const QueryMetadataExtractor = defineComponent({
      name: 'QueryMetadataExtractor',
      inputs: { prompt: z.string() },
      outputs: { filters: z.record(z.string(), z.unknown()) },
      run: ({ prompt }) => {
        const metadata = JSON.parse(prompt) as Record<string, unknown>;
        const conditions = Object.entries(metadata).map(([key, value]) => ({ field: `meta.${key}`, operator: '==', value }));
        return { filters: { operator: 'AND', conditions } };
      },
    });
    const documents = [
      new Document({
        content: 'some publication about Alzheimer prevention research done over 2023 patients study',
        meta: { year: 2022, disease: 'Alzheimer', author: 'Michael Butter' },
        id: 'doc1',
      }),
      new Document({
        content: 'some text about investigation and treatment of Alzheimer disease',
        meta: { year: 2023, disease: 'Alzheimer', author: 'John Bread' },
        id: 'doc2',
      }),
      new Document({
        content: "A study on the effectiveness of new therapies for Parkinson's disease",
        meta: { year: 2022, disease: 'Parkinson', author: 'Alice Smith' },
        id: 'doc3',
      }),
      new Document({
        content: "An overview of the latest research on the genetics of Parkinson's disease and its implications for treatment",
        meta: { year: 2023, disease: 'Parkinson', author: 'David Jones' },
        id: 'doc4',
      }),
    ];
    const documentStore = new InMemoryDocumentStore({ bm25Algorithm: 'BM25Plus' });
    documentStore.writeDocuments(documents, 'overwrite');
    const pipeline = make();
    pipeline.addComponent('builder', new PromptBuilder({ template: '{"disease": "Alzheimer", "year": 2023}' }));
    pipeline.addComponent('metadata_extractor', new QueryMetadataExtractor());
    pipeline.addComponent('retriever', new InMemoryBM25Retriever({ documentStore }));
    pipeline.addComponent('document_joiner', new DocumentJoiner());
    pipeline.connect('builder.prompt', 'metadata_extractor.prompt');
    pipeline.connect('metadata_extractor.filters', 'retriever.filters');
    pipeline.connect('retriever.documents', 'document_joiner.documents');
    const query = "publications 2023 Alzheimer's disease";
    const found = new Document({
      id: 'doc2',
      content: 'some text about investigation and treatment of Alzheimer disease',
      meta: { year: 2023, disease: 'Alzheimer', author: 'John Bread' },
      score: 4.148111588215998,
    });
    return {
      pipeline,
      runs: [
        {
          inputs: { retriever: { query } },
          expectedOutputs: { document_joiner: { documents: [found] } },
          expectedComponentCalls: {
            'builder#1': { template: undefined, templateVariables: undefined },
            'document_joiner#1': { documents: [[found]], topK: undefined },
            'metadata_extractor#1': { prompt: '{"disease": "Alzheimer", "year": 2023}' },
            // The user's query is there from the start, but the retriever waits for its connected filters.
            'retriever#1': {
              filters: {
                conditions: [
                  { field: 'meta.disease', operator: '==', value: 'Alzheimer' },
                  { field: 'meta.year', operator: '==', value: 2023 },
                ],
                operator: 'AND',
              },
              query,
              scaleScore: undefined,
              topK: undefined,
            },
          },
        },
      ],
    };
  },
};

const loopInTheMiddle: Scenario = {
  number: 34,
  kind: 'that has a loop in the middle',
  build: (make) => {
    let firstRun = true;
    const FakeGenerator = defineComponent({
      name: 'FakeGenerator',
      inputs: { prompt: z.string() },
      outputs: { replies: z.array(z.string()) },
      run: () => {
        const replies = [firstRun ? 'No answer' : '42'];
        firstRun = false;
        return { replies };
      },
    });
    const PromptCleaner = defineComponent({
      name: 'PromptCleaner',
      inputs: { prompt: z.string() },
      outputs: { cleanPrompt: z.string() },
      run: ({ prompt }) => ({ cleanPrompt: prompt.trim() }),
    });
    const pipeline = make({ maxRunsPerComponent: 2 });
    pipeline.addComponent('prompt_cleaner', new PromptCleaner());
    pipeline.addComponent(
      'prompt_builder',
      new PromptBuilder({ template: '', variables: ['question', 'invalid_replies'], requiredVariables: ['question'] }),
    );
    pipeline.addComponent('llm', new FakeGenerator());
    pipeline.addComponent(
      'answer_validator',
      new ConditionalRouter({
        routes: [
          { condition: "{{ 'No answer' in replies }}", output: '{{ replies }}', outputName: 'invalid_replies', outputType: z.array(z.string()) },
          { condition: "{{ 'No answer' not in replies }}", output: '{{ replies }}', outputName: 'valid_replies', outputType: z.array(z.string()) },
        ],
      }),
    );
    pipeline.addComponent('answer_builder', new AnswerBuilder());
    pipeline.connect('prompt_cleaner.cleanPrompt', 'prompt_builder.template');
    pipeline.connect('prompt_builder.prompt', 'llm.prompt');
    pipeline.connect('llm.replies', 'answer_validator.replies');
    pipeline.connect('answer_validator.invalid_replies', 'prompt_builder.invalid_replies');
    pipeline.connect('answer_validator.valid_replies', 'answer_builder.replies');
    const question = 'What is the answer?';
    return {
      pipeline,
      runs: [
        {
          inputs: { prompt_cleaner: { prompt: 'Random template' }, prompt_builder: { question }, answer_builder: { query: question } },
          expectedOutputs: {
            answer_builder: {
              answers: [new GeneratedAnswer({ data: '42', query: question, documents: [], meta: { all_messages: ['42'] } })],
            },
          },
          expectedComponentCalls: {
            'answer_builder#1': {
              documents: undefined,
              meta: undefined,
              pattern: undefined,
              query: question,
              expandReferenceRanges: undefined,
              referencePattern: undefined,
              replies: ['42'],
            },
            'answer_validator#1': { replies: ['No answer'] },
            'answer_validator#2': { replies: ['42'] },
            'llm#1': { prompt: 'Random template' },
            // The second visit gets no runtime template: the init template "" renders "".
            'llm#2': { prompt: '' },
            'prompt_builder#1': { invalid_replies: '', question, template: 'Random template', templateVariables: undefined },
            'prompt_builder#2': { invalid_replies: ['No answer'], question, template: undefined, templateVariables: undefined },
            'prompt_cleaner#1': { prompt: 'Random template' },
          },
        },
      ],
    };
  },
};

defineScenarios('pipeline_run.feature: components with default inputs', ENGINES, [
  greedyAndVariadicAfterDefaultInput,
  componentWithOnlyDefaultInputs,
  onlyDefaultInputsFirstToRunWithLoop,
  defaultInputsNothingFromSender,
  defaultInputsNothingFromSenderButUserInput,
  loopWithDefaultInputsAndUserInput,
  defaultInputsAddedInDifferentOrder,
  middleComponentOptionalInputFromComponentsAndUser,
  loopInTheMiddle,
]);
