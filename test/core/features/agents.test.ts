import { z } from 'zod';
import {
  AnswerBuilder,
  BranchJoiner,
  ChatMessage,
  ChatPromptBuilder,
  ConditionalRouter,
  defineComponent,
  Document,
  GeneratedAnswer,
  OutputAdapter,
  PromptBuilder,
} from '../../../src/index.js';
import { FixedGenerator } from '../../fixtures/sample-components/index.js';
import { ENGINES } from './engines.js';
import { defineScenarios, type MakePipeline, type Scenario } from './harness.js';

// Agent-like cycles of pipeline_run.feature: a BranchJoiner loop entry fed by the user and by
// the loop, routers choosing between continuing and finishing, prompts that grow each iteration,
// nested cycles sharing one joiner, and values that leave a cycle in one iteration.
// Templates are reworded from Haystack's; the expected prompts are derived from them the same way.

const chatMessages = z.array(z.instanceof(ChatMessage));
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

const simpleAgent: Scenario = {
  number: 29,
  kind: 'that is a simple agent',
  build: (make) => {
    const reactTemplate =
      '\n    Answer the question by interleaving Thought and Action steps.\n' +
      '    Action is google_search[query] to search, or finish[answer] to answer.\n\n' +
      '    Question: {{query}}\n\n    Thought:\n    ';
    const searchTemplate =
      '\n    Given these search results:\n\n    {% for doc in documents %}\n        {{ doc.content }}\n    {% endfor %}\n\n' +
      '    Answer in one sentence: {{search_query}}\n    ';
    const firstThought = 'thinking\n Action: google_search[What is taller, Eiffel Tower or Leaning Tower of Pisa]\n';
    const secondThought = 'thinking\n Action: finish[Eiffel Tower]\n';
    let thoughtRuns = 0;
    const FakeThoughtActionChatGenerator = defineComponent({
      name: 'FakeThoughtActionChatGenerator',
      inputs: { messages: chatMessages, generationKwargs: z.record(z.string(), z.unknown()).optional() },
      outputs: { replies: chatMessages },
      run: () => ({ replies: [ChatMessage.fromAssistant(thoughtRuns++ === 0 ? firstThought : secondThought)] }),
    });
    const FakeConclusionChatGenerator = defineComponent({
      name: 'FakeConclusionChatGenerator',
      inputs: { messages: chatMessages, generationKwargs: z.record(z.string(), z.unknown()).optional() },
      outputs: { replies: chatMessages },
      run: () => ({ replies: [ChatMessage.fromAssistant('Tower of Pisa is 55 meters tall\n')] }),
    });
    const searchResults = () => [
      new Document({ content: 'Eiffel Tower is 300 meters tall' }),
      new Document({ content: 'Tower of Pisa is 55 meters tall' }),
    ];
    const FakeWebSearch = defineComponent({
      name: 'FakeWebSearch',
      inputs: { query: z.string() },
      outputs: { documents: documentsSchema },
      run: () => ({ documents: searchResults() }),
    });
    const ToolExtractor = defineComponent({
      name: 'ToolExtractor',
      inputs: { messages: chatMessages },
      outputs: { output: z.array(z.string().nullable()) },
      run: ({ messages }) => {
        const lines = (messages.at(-1)?.text ?? '').trim().split('\n').reverse();
        for (const line of lines) {
          const match = /Action:\s*(\w+)\[(.*?)\]/.exec(line);
          if (match) return { output: [match[1] ?? null, match[2] ?? null] };
        }
        return { output: [null, null] };
      },
    });
    const promptConcatenator = (suffix: string) =>
      new (defineComponent({
        name: 'PromptConcatenator',
        inputs: { replies: chatMessages, current_prompt: chatMessages },
        outputs: { output: chatMessages },
        run: ({ replies, current_prompt }) => ({
          output: [ChatMessage.fromUser((current_prompt.at(-1)?.text ?? '') + (replies.at(-1)?.text ?? '') + suffix)],
        }),
      }))();
    const SearchOutputAdapter = defineComponent({
      name: 'SearchOutputAdapter',
      inputs: { replies: chatMessages },
      outputs: { output: chatMessages },
      run: ({ replies }) => ({ output: [ChatMessage.fromAssistant(`Observation: ${replies.at(-1)?.text ?? ''}\n`)] }),
    });

    const pipeline = make();
    pipeline.addComponent('main_input', new BranchJoiner({ type: chatMessages }));
    pipeline.addComponent('prompt_builder', new ChatPromptBuilder({ variables: ['query'] }));
    pipeline.addComponent('llm', new FakeThoughtActionChatGenerator());
    pipeline.addComponent('tool_extractor', new ToolExtractor());
    pipeline.addComponent('prompt_concatenator_after_action', promptConcatenator(''));
    pipeline.addComponent(
      'router',
      new ConditionalRouter({
        routes: [
          { condition: "{{'search' in tool_id_and_param[0]}}", output: '{{tool_id_and_param[1]}}', outputName: 'search', outputType: z.string() },
          { condition: "{{'finish' in tool_id_and_param[0]}}", output: '{{tool_id_and_param[1]}}', outputName: 'finish', outputType: z.string() },
        ],
      }),
    );
    pipeline.addComponent('router_search', new FakeWebSearch());
    pipeline.addComponent('search_prompt_builder', new ChatPromptBuilder({ variables: ['documents', 'search_query'] }));
    pipeline.addComponent('search_llm', new FakeConclusionChatGenerator());
    pipeline.addComponent('search_output_adapter', new SearchOutputAdapter());
    pipeline.addComponent('prompt_concatenator_after_observation', promptConcatenator('\nThought: '));
    pipeline.connect('main_input', 'prompt_builder.template');
    pipeline.connect('prompt_builder.prompt', 'llm.messages');
    pipeline.connect('llm.replies', 'prompt_concatenator_after_action.replies');
    pipeline.connect('prompt_builder.prompt', 'prompt_concatenator_after_action.current_prompt');
    pipeline.connect('prompt_concatenator_after_action', 'tool_extractor.messages');
    pipeline.connect('tool_extractor', 'router');
    pipeline.connect('router.search', 'router_search.query');
    pipeline.connect('router_search.documents', 'search_prompt_builder.documents');
    pipeline.connect('router.search', 'search_prompt_builder.search_query');
    pipeline.connect('search_prompt_builder.prompt', 'search_llm.messages');
    pipeline.connect('search_llm.replies', 'search_output_adapter.replies');
    pipeline.connect('search_output_adapter', 'prompt_concatenator_after_observation.replies');
    pipeline.connect('prompt_concatenator_after_action', 'prompt_concatenator_after_observation.current_prompt');
    pipeline.connect('prompt_concatenator_after_observation', 'main_input');

    const question = 'which tower is taller: eiffel tower or tower of pisa?';
    const searchQuery = 'What is taller, Eiffel Tower or Leaning Tower of Pisa';
    const reactMessages = [ChatMessage.fromUser(reactTemplate)];
    const searchMessages = [ChatMessage.fromUser(searchTemplate)];
    const user = (text: string) => [ChatMessage.fromUser(text)];
    const assistant = (text: string) => [ChatMessage.fromAssistant(text)];
    // What each step produces, derived from the templates.
    const prompt1 = reactTemplate.replace('{{query}}', question);
    const afterAction1 = prompt1 + firstThought;
    const observation = 'Observation: Tower of Pisa is 55 meters tall\n\n';
    const prompt2 = `${afterAction1}${observation}\nThought: `;
    const afterAction2 = prompt2 + secondThought;
    const searchPrompt =
      '\n    Given these search results:\n\n    \n        Eiffel Tower is 300 meters tall\n    \n        Tower of Pisa is 55 meters tall\n    \n\n' +
      `    Answer in one sentence: ${searchQuery}\n    `;
    return {
      pipeline,
      runs: [
        {
          inputs: {
            main_input: { value: reactMessages },
            prompt_builder: { query: question },
            search_prompt_builder: { template: searchMessages },
          },
          expectedOutputs: { router: { finish: 'Eiffel Tower' } },
          expectedComponentCalls: {
            'main_input#1': { value: [reactMessages] },
            'main_input#2': { value: [user(prompt2)] },
            'prompt_builder#1': { query: question, template: reactMessages, templateVariables: undefined },
            'prompt_builder#2': { query: question, template: user(prompt2), templateVariables: undefined },
            'llm#1': { generationKwargs: undefined, messages: user(prompt1) },
            'llm#2': { generationKwargs: undefined, messages: user(prompt2) },
            'prompt_concatenator_after_action#1': { current_prompt: user(prompt1), replies: assistant(firstThought) },
            'prompt_concatenator_after_action#2': { current_prompt: user(prompt2), replies: assistant(secondThought) },
            'tool_extractor#1': { messages: user(afterAction1) },
            'tool_extractor#2': { messages: user(afterAction2) },
            'router#1': { tool_id_and_param: ['google_search', searchQuery] },
            'router#2': { tool_id_and_param: ['finish', 'Eiffel Tower'] },
            'router_search#1': { query: searchQuery },
            'search_prompt_builder#1': {
              documents: searchResults(),
              search_query: searchQuery,
              template: searchMessages,
              templateVariables: undefined,
            },
            'search_llm#1': { generationKwargs: undefined, messages: user(searchPrompt) },
            'search_output_adapter#1': { replies: assistant('Tower of Pisa is 55 meters tall\n') },
            'prompt_concatenator_after_observation#1': { current_prompt: user(afterAction1), replies: assistant(observation) },
          },
        },
      ],
    };
  },
};

const agentThatCanUseRag: Scenario = {
  number: 37,
  kind: 'that is an agent that can use RAG',
  build: (make) => {
    const retrieved = () => [new Document({ content: 'This is a document potentially answering the question.', meta: { access_group: 1 } })];
    const FakeRetriever = defineComponent({
      name: 'FakeRetriever',
      inputs: { query: z.string() },
      outputs: { documents: documentsSchema },
      run: () => ({ documents: retrieved() }),
    });
    const agentTemplate =
      "\nAnswer the user's question.\nSearch the documents until you can answer.\n" +
      'To search, reply "search:" and your question.\nTo answer, reply "answer:" and your answer.\n\n' +
      'Question: {{query}}\n    ';
    const ragTemplate =
      '\nAnswer the question from the documents.\nQuestion: {{ query }}\nDocuments:\n{% for document in documents %}\n{{ document.content }}\n{% endfor %}\n    ';
    const router = new ConditionalRouter({
      routes: [
        { condition: "{{ 'search:' in replies[0] }}", output: '{{ replies[0] }}', outputName: 'search', outputType: z.string() },
        { condition: "{{ 'answer:' in replies[0] }}", output: '{{ replies }}', outputName: 'answer', outputType: z.array(z.string()) },
      ],
    });
    const pipeline = make({ maxRunsPerComponent: 2 });
    pipeline.addComponent('joiner', new BranchJoiner({ type: z.string() }));
    pipeline.addComponent('rag_llm', new FixedGenerator({ replies: ['This is all the information I found!'] }));
    pipeline.addComponent('rag_prompt', new PromptBuilder({ template: ragTemplate }));
    pipeline.addComponent('agent_prompt', new PromptBuilder({ template: agentTemplate }));
    pipeline.addComponent('agent_llm', new FixedGenerator({ replies: ['search: Can you help me?', 'answer: here is my answer'] }));
    pipeline.addComponent('router', router);
    pipeline.addComponent('concatenator', new OutputAdapter({ template: "{{current_prompt + '\n' + rag_answer[0]}}", outputType: z.string() }));
    pipeline.addComponent('retriever', new FakeRetriever());
    pipeline.addComponent('answer_builder', new AnswerBuilder());
    pipeline.connect('agent_prompt.prompt', 'joiner.value');
    pipeline.connect('joiner.value', 'agent_llm.prompt');
    pipeline.connect('agent_llm.replies', 'router.replies');
    pipeline.connect('router.search', 'retriever.query');
    pipeline.connect('router.answer', 'answer_builder.replies');
    pipeline.connect('retriever.documents', 'rag_prompt.documents');
    pipeline.connect('rag_prompt.prompt', 'rag_llm.prompt');
    pipeline.connect('rag_llm.replies', 'concatenator.rag_answer');
    pipeline.connect('joiner.value', 'concatenator.current_prompt');
    pipeline.connect('concatenator.output', 'joiner.value');
    const query = 'Does this run reliably?';
    const firstPrompt = agentTemplate.replace('{{query}}', query);
    const secondPrompt = `${firstPrompt}\nThis is all the information I found!`;
    return {
      pipeline,
      runs: [
        {
          inputs: { agent_prompt: { query }, rag_prompt: { query }, answer_builder: { query } },
          expectedOutputs: {
            answer_builder: {
              answers: [
                new GeneratedAnswer({
                  data: 'answer: here is my answer',
                  query,
                  documents: [],
                  meta: { all_messages: ['answer: here is my answer'] },
                }),
              ],
            },
          },
          expectedComponentCalls: {
            'agent_llm#1': { prompt: firstPrompt },
            'agent_llm#2': { prompt: secondPrompt },
            'agent_prompt#1': promptCall({ query }),
            'answer_builder#1': answerBuilderCall(query, ['answer: here is my answer']),
            'concatenator#1': { current_prompt: firstPrompt, rag_answer: ['This is all the information I found!'] },
            'joiner#1': { value: [firstPrompt] },
            'joiner#2': { value: [secondPrompt] },
            'rag_llm#1': {
              prompt: `\nAnswer the question from the documents.\nQuestion: ${query}\nDocuments:\n\nThis is a document potentially answering the question.\n\n    `,
            },
            'rag_prompt#1': promptCall({ documents: retrieved(), query }),
            'retriever#1': { query: 'search: Can you help me?' },
            'router#1': { replies: ['search: Can you help me?'] },
            'router#2': { replies: ['answer: here is my answer'] },
          },
        },
      ],
    };
  },
};

const CODE_TEMPLATE = '\nWrite code for the task: {{ task }}\n\n{% if feedback %}\nYour previous attempt and its feedback:\n{{ feedback }}\n{% endif %}\n    ';
const FEEDBACK_TEMPLATE = '\nCheck whether this code runs: {{ code[0] }}\nReply "PASS" or "FAIL" with a reason.\n    ';
const feedbackPrompt = (code: string) => `\nCheck whether this code runs: ${code}\nReply "PASS" or "FAIL" with a reason.\n    `;
const TASK = 'Generate code to generate christmas ascii-art';

/** Scenarios 38 and 39: the same feedback loop, built in the natural or in a shuffled order. */
function buildFeedbackLoop(make: MakePipeline, maxRunsPerComponent: number, shuffled: boolean) {
  const pipeline = make({ maxRunsPerComponent });
  const components = {
    concatenator: () => new OutputAdapter({ template: "{{current_prompt[0] + '\n' + feedback[0]}}", outputType: z.string() }),
    code_llm: () => new FixedGenerator({ replies: ['invalid code', 'valid code'] }),
    code_prompt: () => new PromptBuilder({ template: CODE_TEMPLATE, requiredVariables: ['task'] }),
    feedback_prompt: () => new PromptBuilder({ template: FEEDBACK_TEMPLATE, requiredVariables: ['code'] }),
    feedback_llm: () => new FixedGenerator({ replies: ['FAIL', 'PASS'] }),
    router: () =>
      new ConditionalRouter({
        routes: [
          { condition: "{{ 'FAIL' in replies[0] }}", output: '{{ replies[0] }}', outputName: 'fail', outputType: z.string() },
          { condition: "{{ 'PASS' in replies[0] }}", output: '{{ code }}', outputName: 'pass', outputType: z.array(z.string()) },
        ],
      }),
    answer_builder: () => new AnswerBuilder(),
  };
  const connections: Array<[string, string]> = [
    ['code_prompt.prompt', 'code_llm.prompt'],
    ['code_llm.replies', 'feedback_prompt.code'],
    ['feedback_llm.replies', 'router.replies'],
    ['router.fail', 'concatenator.feedback'],
    ['router.pass', 'answer_builder.replies'],
    ['code_llm.replies', 'router.code'],
    ['feedback_prompt.prompt', 'feedback_llm.prompt'],
    ['code_llm.replies', 'concatenator.current_prompt'],
    ['concatenator.output', 'code_prompt.feedback'],
  ];
  const names = Object.keys(components) as Array<keyof typeof components>;
  const order = shuffled ? names : (['code_llm', 'code_prompt', 'feedback_prompt', 'feedback_llm', 'router', 'concatenator', 'answer_builder'] as const);
  for (const name of order) pipeline.addComponent(name, components[name]());
  // The shuffled variant connects the loop-back edge first and the rest out of order.
  const connectOrder = shuffled ? [8, 0, 1, 2, 3, 6, 4, 5, 7] : [0, 1, 2, 3, 4, 5, 6, 7, 8];
  for (const index of connectOrder) {
    const [sender, receiver] = connections[index] as [string, string];
    pipeline.connect(sender, receiver);
  }
  const firstPrompt = `\nWrite code for the task: ${TASK}\n\n\n    `;
  const secondPrompt = `\nWrite code for the task: ${TASK}\n\n\nYour previous attempt and its feedback:\ninvalid code\nF\n\n    `;
  return {
    pipeline,
    runs: [
      {
        inputs: { code_prompt: { task: TASK }, answer_builder: { query: TASK } },
        expectedOutputs: {
          answer_builder: {
            answers: [new GeneratedAnswer({ data: 'valid code', query: TASK, documents: [], meta: { all_messages: ['valid code'] } })],
          },
        },
        expectedComponentCalls: {
          'answer_builder#1': answerBuilderCall(TASK, ['valid code']),
          'code_llm#1': { prompt: firstPrompt },
          'code_llm#2': { prompt: secondPrompt },
          // Deferred first with the default "" for the loop-back feedback.
          'code_prompt#1': promptCall({ feedback: '', task: TASK }),
          // `feedback[0]` of the string "FAIL" is "F".
          'code_prompt#2': promptCall({ feedback: 'invalid code\nF', task: TASK }),
          'concatenator#1': { current_prompt: ['invalid code'], feedback: 'FAIL' },
          'feedback_llm#1': { prompt: feedbackPrompt('invalid code') },
          'feedback_llm#2': { prompt: feedbackPrompt('valid code') },
          'feedback_prompt#1': promptCall({ code: ['invalid code'] }),
          'feedback_prompt#2': promptCall({ code: ['valid code'] }),
          'router#1': { code: ['invalid code'], replies: ['FAIL'] },
          'router#2': { code: ['valid code'], replies: ['PASS'] },
        },
      },
    ],
  };
}

const feedbackLoop: Scenario = {
  number: 38,
  kind: 'that has a feedback loop',
  build: (make) => buildFeedbackLoop(make, 100, false),
};

const nonStandardOrderLoop: Scenario = {
  number: 39,
  kind: 'created in a non-standard order that has a loop',
  build: (make) => buildFeedbackLoop(make, 2, true),
};

const agentWithFeedbackCycle: Scenario = {
  number: 40,
  kind: 'that has an agent with a feedback cycle',
  build: (make) => {
    const codeTemplate =
      '\nWrite code for the task: {{ task }}\n\nTo edit a file, reply:\nEdit: file_name\n\nWhen you are done, reply:\nTask finished!\n\n' +
      '{% if feedback %}\nYour previous attempt and its feedback:\n{{ feedback }}\n{% endif %}\n    ';
    const feedbackTemplate = '\n{% if task_finished %}\nCheck whether this code runs: {{ code }}\nReply "PASS" or "FAIL" with a reason.\n{% endif %}\n    ';
    const FakeFileEditor = defineComponent({
      name: 'FakeFileEditor',
      inputs: { replies: z.array(z.string()) },
      outputs: { files: z.string() },
      run: () => ({ files: 'This is the edited file content.' }),
    });
    const pipeline = make({ maxRunsPerComponent: 8 });
    pipeline.addComponent('code_prompt', new PromptBuilder({ template: codeTemplate, requiredVariables: ['task'] }));
    pipeline.addComponent('joiner', new BranchJoiner({ type: z.string() }));
    pipeline.addComponent('code_llm', new FixedGenerator({ replies: ['Edit: file_1.py', 'Edit: file_2.py', 'Edit: file_3.py', 'Task finished!'] }));
    pipeline.addComponent(
      'tool_use_router',
      new ConditionalRouter({
        routes: [
          { condition: "{{ 'Edit:' in replies[0] }}", output: '{{ replies }}', outputName: 'edit', outputType: z.array(z.string()) },
          { condition: "{{ 'Task finished!' in replies[0] }}", output: '{{ replies }}', outputName: 'done', outputType: z.array(z.string()) },
        ],
      }),
    );
    pipeline.addComponent('file_editor', new FakeFileEditor());
    pipeline.addComponent('agent_concatenator', new OutputAdapter({ template: "{{current_prompt + '\n' + files}}", outputType: z.string() }));
    pipeline.addComponent('feedback_prompt', new PromptBuilder({ template: feedbackTemplate, requiredVariables: ['task_finished'] }));
    pipeline.addComponent('feedback_llm', new FixedGenerator({ replies: ['FAIL', 'PASS'] }));
    pipeline.addComponent(
      'feedback_router',
      new ConditionalRouter({
        routes: [
          { condition: "{{ 'FAIL' in replies[0] }}", output: "{{ current_prompt + '\n' + replies[0] }}", outputName: 'fail', outputType: z.string() },
          { condition: "{{ 'PASS' in replies[0] }}", output: '{{ replies }}', outputName: 'pass', outputType: z.array(z.string()) },
        ],
      }),
    );
    pipeline.connect('code_prompt.prompt', 'joiner.value');
    pipeline.connect('joiner.value', 'code_llm.prompt');
    pipeline.connect('code_llm.replies', 'tool_use_router.replies');
    pipeline.connect('tool_use_router.edit', 'file_editor.replies');
    pipeline.connect('file_editor.files', 'agent_concatenator.files');
    pipeline.connect('joiner.value', 'agent_concatenator.current_prompt');
    pipeline.connect('agent_concatenator.output', 'joiner.value');
    pipeline.connect('tool_use_router.done', 'feedback_prompt.task_finished');
    pipeline.connect('agent_concatenator.output', 'feedback_prompt.code');
    pipeline.connect('feedback_prompt.prompt', 'feedback_llm.prompt');
    pipeline.connect('feedback_llm.replies', 'feedback_router.replies');
    pipeline.connect('agent_concatenator.output', 'feedback_router.current_prompt');
    pipeline.connect('feedback_router.fail', 'joiner.value');

    // The joiner's value at each of its 8 visits: three edits, a failed review, three more edits.
    const edited = 'This is the edited file content.';
    const joinerValues = [`\nWrite code for the task: ${TASK}\n\nTo edit a file, reply:\nEdit: file_name\n\nWhen you are done, reply:\nTask finished!\n\n\n    `];
    const edit = () => joinerValues.push(`${joinerValues.at(-1) as string}\n${edited}`);
    edit();
    edit();
    edit();
    const firstReview = joinerValues.at(-1) as string;
    joinerValues.push(`${firstReview}\nFAIL`);
    edit();
    edit();
    edit();
    const secondReview = joinerValues.at(-1) as string;
    const replies = ['Edit: file_1.py', 'Edit: file_2.py', 'Edit: file_3.py', 'Task finished!'];
    const calls: Record<string, Record<string, unknown>> = {
      'code_prompt#1': promptCall({ feedback: '', task: TASK }),
      'feedback_prompt#1': promptCall({ code: firstReview, task_finished: ['Task finished!'] }),
      'feedback_prompt#2': promptCall({ code: secondReview, task_finished: ['Task finished!'] }),
      'feedback_llm#1': { prompt: `\n\nCheck whether this code runs: ${firstReview}\nReply "PASS" or "FAIL" with a reason.\n\n    ` },
      'feedback_llm#2': { prompt: `\n\nCheck whether this code runs: ${secondReview}\nReply "PASS" or "FAIL" with a reason.\n\n    ` },
      'feedback_router#1': { current_prompt: firstReview, replies: ['FAIL'] },
      'feedback_router#2': { current_prompt: secondReview, replies: ['PASS'] },
    };
    joinerValues.forEach((value, index) => {
      const visit = index + 1;
      calls[`joiner#${visit}`] = { value: [value] };
      calls[`code_llm#${visit}`] = { prompt: value };
      calls[`tool_use_router#${visit}`] = { replies: [replies[index % 4]] };
    });
    // Edits happen at joiner visits 1-3 and 5-7.
    [0, 1, 2, 4, 5, 6].forEach((joinerIndex, editIndex) => {
      calls[`file_editor#${editIndex + 1}`] = { replies: [replies[joinerIndex % 4]] };
      calls[`agent_concatenator#${editIndex + 1}`] = { current_prompt: joinerValues[joinerIndex], files: edited };
    });
    return {
      pipeline,
      runs: [{ inputs: { code_prompt: { task: TASK } }, expectedOutputs: { feedback_router: { pass: ['PASS'] } }, expectedComponentCalls: calls }],
    };
  },
};

const outputsConsumedInCycleUsedOutside: Scenario = {
  number: 41,
  kind: 'that passes outputs that are consumed in cycle to outside the cycle',
  build: (make) => {
    const AnswerBuilderWithPrompt = defineComponent({
      name: 'AnswerBuilderWithPrompt',
      inputs: { replies: z.array(z.string()), query: z.string(), prompt: z.string().optional() },
      outputs: { answers: z.array(z.instanceof(GeneratedAnswer)) },
      run: ({ replies, query, prompt }) => {
        const meta: Record<string, unknown> = { all_messages: replies };
        if (prompt !== undefined) meta['prompt'] = prompt;
        return { answers: [new GeneratedAnswer({ data: replies[0] ?? '', query, documents: [], meta })] };
      },
    });
    const validResponse = "\ndef draw_tree():\n    '''Returns an ASCII christmas tree.'''\n    return art\n    ";
    const pipeline = make({ maxRunsPerComponent: 3 });
    pipeline.addComponent(
      'concatenator',
      new OutputAdapter({ template: "{{code_prompt + '\n' + generated_code[0] + '\n' + feedback}}", outputType: z.string() }),
    );
    pipeline.addComponent('code_llm', new FixedGenerator({ replies: ['invalid code', 'invalid code', validResponse] }));
    pipeline.addComponent('code_prompt', new PromptBuilder({ template: '{{task}}' }));
    pipeline.addComponent('feedback_prompt', new PromptBuilder({ template: FEEDBACK_TEMPLATE }));
    pipeline.addComponent('feedback_llm', new FixedGenerator({ replies: ['FAIL', 'FAIL, come on, try again.', 'PASS'] }));
    pipeline.addComponent(
      'router',
      new ConditionalRouter({
        routes: [
          { condition: "{{ 'FAIL' in replies[0] }}", output: '{{ replies[0] }}', outputName: 'fail', outputType: z.string() },
          { condition: "{{ 'PASS' in replies[0] }}", output: '{{ code }}', outputName: 'pass', outputType: z.array(z.string()) },
        ],
      }),
    );
    pipeline.addComponent('joiner', new BranchJoiner({ type: z.string() }));
    pipeline.addComponent('answer_builder', new AnswerBuilderWithPrompt());
    pipeline.connect('concatenator.output', 'joiner.value');
    pipeline.connect('joiner.value', 'code_prompt.task');
    pipeline.connect('code_prompt.prompt', 'code_llm.prompt');
    pipeline.connect('code_prompt.prompt', 'concatenator.code_prompt');
    pipeline.connect('code_llm.replies', 'feedback_prompt.code');
    pipeline.connect('feedback_llm.replies', 'router.replies');
    pipeline.connect('router.fail', 'concatenator.feedback');
    pipeline.connect('feedback_prompt.prompt', 'feedback_llm.prompt');
    pipeline.connect('router.pass', 'answer_builder.replies');
    pipeline.connect('code_llm.replies', 'router.code');
    pipeline.connect('code_llm.replies', 'concatenator.generated_code');
    pipeline.connect('concatenator.output', 'answer_builder.prompt');
    const second = `${TASK}\ninvalid code\nFAIL`;
    const third = `${second}\ninvalid code\nFAIL, come on, try again.`;
    return {
      pipeline,
      runs: [
        {
          inputs: { joiner: { value: TASK }, answer_builder: { query: TASK } },
          expectedOutputs: {
            answer_builder: {
              answers: [
                new GeneratedAnswer({ data: validResponse, query: TASK, documents: [], meta: { prompt: third, all_messages: [validResponse] } }),
              ],
            },
          },
          expectedComponentCalls: {
            // The concatenator's last output, consumed in the cycle, also waited for the exit outside it.
            'answer_builder#1': { prompt: third, query: TASK, replies: [validResponse] },
            'code_llm#1': { prompt: TASK },
            'code_llm#2': { prompt: second },
            'code_llm#3': { prompt: third },
            'code_prompt#1': promptCall({ task: TASK }),
            'code_prompt#2': promptCall({ task: second }),
            'code_prompt#3': promptCall({ task: third }),
            'concatenator#1': { code_prompt: TASK, feedback: 'FAIL', generated_code: ['invalid code'] },
            'concatenator#2': { code_prompt: second, feedback: 'FAIL, come on, try again.', generated_code: ['invalid code'] },
            'feedback_llm#1': { prompt: feedbackPrompt('invalid code') },
            'feedback_llm#2': { prompt: feedbackPrompt('invalid code') },
            'feedback_llm#3': { prompt: feedbackPrompt(validResponse) },
            'feedback_prompt#1': promptCall({ code: ['invalid code'] }),
            'feedback_prompt#2': promptCall({ code: ['invalid code'] }),
            'feedback_prompt#3': promptCall({ code: [validResponse] }),
            'joiner#1': { value: [TASK] },
            'joiner#2': { value: [second] },
            'joiner#3': { value: [third] },
            'router#1': { code: ['invalid code'], replies: ['FAIL'] },
            'router#2': { code: ['invalid code'], replies: ['FAIL, come on, try again.'] },
            'router#3': { code: [validResponse], replies: ['PASS'] },
          },
        },
      ],
    };
  },
};

const cycleFeedsOutsideInOneIterationOnly: Scenario = {
  number: 49,
  kind: 'where a component in a cycle provides inputs for a component outside the cycle in one iteration and no input in another iteration',
  build: (make) => {
    const four = 'iterationiterationiterationiteration';
    const router = new ConditionalRouter({
      routes: [
        { condition: `{{query == '${four}'}}`, output: '{{query}}', outputName: 'exit', outputType: z.string() },
        { condition: `{{query != '${four}'}}`, output: '{{query}}', outputName: 'continue', outputType: z.string() },
      ],
    });
    const outsideRouter = new ConditionalRouter({
      routes: [
        { condition: "{{query == 'iterationiteration'}}", output: '{{query}}', outputName: 'cycle_output', outputType: z.string() },
        { condition: "{{query != 'iterationiteration'}}", output: '{{query}}', outputName: 'no_output', outputType: z.string() },
      ],
    });
    const pipeline = make({ maxRunsPerComponent: 2 });
    pipeline.addComponent('joiner', new BranchJoiner({ type: z.string() }));
    pipeline.addComponent('router', router);
    pipeline.addComponent('builder', new PromptBuilder({ template: '{{query ~ query}}' }));
    pipeline.addComponent(
      'outside_builder',
      new PromptBuilder({ template: '{{cycle_output ~ delayed_input}}', requiredVariables: ['cycle_output', 'delayed_input'] }),
    );
    pipeline.addComponent('outside_router', outsideRouter);
    pipeline.connect('joiner.value', 'builder.query');
    pipeline.connect('builder.prompt', 'router.query');
    pipeline.connect('router.continue', 'joiner.value');
    pipeline.connect('builder.prompt', 'outside_router.query');
    pipeline.connect('outside_router.cycle_output', 'outside_builder.cycle_output');
    pipeline.connect('router.exit', 'outside_builder.delayed_input');
    return {
      pipeline,
      runs: [
        {
          inputs: { joiner: { value: 'iteration' } },
          expectedOutputs: {
            outside_builder: { prompt: `iterationiteration${four}` },
            outside_router: { no_output: four },
          },
          expectedComponentCalls: {
            'joiner#1': { value: ['iteration'] },
            'builder#1': promptCall({ query: 'iteration' }),
            'router#1': { query: 'iterationiteration' },
            'outside_router#1': { query: 'iterationiteration' },
            'joiner#2': { value: ['iterationiteration'] },
            'builder#2': promptCall({ query: 'iterationiteration' }),
            'router#2': { query: four },
            'outside_router#2': { query: four },
            // The value from iteration 1 survives iteration 2's "no output" on the same socket.
            'outside_builder#1': promptCall({ cycle_output: 'iterationiteration', delayed_input: four }),
          },
        },
      ],
    };
  },
};

defineScenarios('pipeline_run.feature: agents and feedback cycles', ENGINES, [
  simpleAgent,
  agentThatCanUseRag,
  feedbackLoop,
  nonStandardOrderLoop,
  agentWithFeedbackCycle,
  outputsConsumedInCycleUsedOutside,
  cycleFeedsOutsideInOneIterationOnly,
]);
