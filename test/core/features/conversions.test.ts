import { z } from 'zod';
import { ChatMessage, defineComponent, Document, PipelineRuntimeError } from '../../../src/index.js';
import { ENGINES } from './engines.js';
import { defineScenarios, type Scenario } from './harness.js';

// Values that change shape on the way (pipeline_run.feature): list[ChatMessage] → str unwrapping,
// ChatMessage → list wrapping for a union receiver, the failing conversion, and one ChatMessage
// list fanned out to several receivers.

const chatMessage = z.instanceof(ChatMessage);
const chatMessages = z.array(chatMessage);
const documents = z.array(z.instanceof(Document));

const mutableOutputToMultipleInputs: Scenario = {
  number: 15,
  kind: 'that has a component with mutable output sent to multiple inputs',
  build: (make) => {
    const PassThroughPromptBuilder = defineComponent({
      name: 'PassThroughPromptBuilder',
      inputs: { promptSource: chatMessages },
      outputs: { prompt: chatMessages },
      run: ({ promptSource }) => ({ prompt: promptSource }),
    });
    const MessageMerger = defineComponent({
      name: 'MessageMerger',
      inputs: { messages: chatMessages, metadata: z.record(z.string(), z.unknown()).optional() },
      outputs: { mergedMessage: z.string() },
      run: ({ messages }) => ({ mergedMessage: messages.map((m) => m.text ?? '').join('\n') }),
    });
    const FakeGenerator = defineComponent({
      name: 'FakeGenerator',
      inputs: { messages: chatMessages },
      outputs: { replies: chatMessages },
      run: () => ({ replies: [ChatMessage.fromAssistant('Fake message')] }),
    });
    const pipeline = make({ maxRunsPerComponent: 1 });
    pipeline.addComponent('prompt_builder', new PassThroughPromptBuilder());
    pipeline.addComponent('llm', new FakeGenerator());
    pipeline.addComponent('mm1', new MessageMerger());
    pipeline.addComponent('mm2', new MessageMerger());
    pipeline.connect('prompt_builder.prompt', 'llm.messages');
    // Receivers named by component only: the one socket of a compatible type is picked.
    pipeline.connect('prompt_builder.prompt', 'mm1');
    pipeline.connect('llm.replies', 'mm2');
    const messages = [ChatMessage.fromSystem('Answer in English.'), ChatMessage.fromUser('Tell me about Berlin')];
    const metadata = { metadata_key: 'metadata_value', meta2: 'value2' };
    return {
      pipeline,
      runs: [
        {
          inputs: { mm1: { metadata }, mm2: { metadata }, prompt_builder: { promptSource: messages } },
          expectedOutputs: {
            mm1: { mergedMessage: 'Answer in English.\nTell me about Berlin' },
            mm2: { mergedMessage: 'Fake message' },
          },
          expectedComponentCalls: {
            'llm#1': { messages },
            'mm1#1': { messages, metadata: { meta2: 'value2', metadata_key: 'metadata_value' } },
            'mm2#1': { messages: [ChatMessage.fromAssistant('Fake message')], metadata: { meta2: 'value2', metadata_key: 'metadata_value' } },
            'prompt_builder#1': { promptSource: messages },
          },
        },
      ],
    };
  },
};

const FakeRetriever = defineComponent({
  name: 'FakeRetriever',
  inputs: { query: z.string() },
  outputs: { documents },
  run: () => ({ documents: [new Document({ content: 'Pisa tower height is 55 meters' })] }),
});

const listOfChatMessageToStr: Scenario = {
  number: 53,
  kind: 'that performs automatic conversion between list of ChatMessage and str',
  build: (make) => {
    const FakeChatGenerator = defineComponent({
      name: 'FakeChatGenerator',
      inputs: { messages: chatMessages },
      outputs: { replies: chatMessages },
      run: () => ({ replies: [ChatMessage.fromAssistant('Pisa tower height')] }),
    });
    const pipeline = make({ maxRunsPerComponent: 1 });
    pipeline.addComponent('chat_generator', new FakeChatGenerator());
    pipeline.addComponent('retriever', new FakeRetriever());
    pipeline.connect('chat_generator', 'retriever');
    const userQuery = 'Rephrase the following question for a search engine: how tall is the tower of Pisa?';
    return {
      pipeline,
      runs: [
        {
          inputs: { chat_generator: { messages: [ChatMessage.fromUser(userQuery)] } },
          expectedOutputs: { retriever: { documents: [new Document({ content: 'Pisa tower height is 55 meters' })] } },
          expectedComponentCalls: {
            'chat_generator#1': { messages: [ChatMessage.fromUser(userQuery)] },
            'retriever#1': { query: 'Pisa tower height' },
          },
        },
      ],
    };
  },
};

const wrapChatMessageForUnionReceiver: Scenario = {
  number: 54,
  kind: 'that performs automatic conversion wrapping ChatMessage for a Union receiver',
  build: (make) => {
    const FakeAgent = defineComponent({
      name: 'FakeAgent',
      inputs: { messages: chatMessages },
      outputs: { lastMessage: chatMessage },
      run: () => ({ lastMessage: ChatMessage.fromAssistant('Pisa tower is 55 meters tall') }),
    });
    const FakeAnswerBuilder = defineComponent({
      name: 'FakeAnswerBuilder',
      inputs: { query: z.string(), replies: z.union([z.array(z.string()), chatMessages]) },
      outputs: { answers: z.array(z.string()) },
      run: ({ replies }) => ({ answers: replies.map((r) => (r instanceof ChatMessage ? (r.text ?? '') : r)) }),
    });
    const pipeline = make({ maxRunsPerComponent: 1 });
    pipeline.addComponent('agent', new FakeAgent());
    pipeline.addComponent('answer_builder', new FakeAnswerBuilder());
    pipeline.connect('agent.lastMessage', 'answer_builder.replies');
    const userQuery = 'How tall is the tower of Pisa?';
    const messages = [ChatMessage.fromUser(userQuery)];
    return {
      pipeline,
      runs: [
        {
          inputs: { agent: { messages }, answer_builder: { query: userQuery } },
          expectedOutputs: { answer_builder: { answers: ['Pisa tower is 55 meters tall'] } },
          expectedComponentCalls: {
            'agent#1': { messages },
            'answer_builder#1': { query: userQuery, replies: [ChatMessage.fromAssistant('Pisa tower is 55 meters tall')] },
          },
        },
      ],
    };
  },
};

const failedListOfChatMessageToStr: Scenario = {
  number: 58,
  kind: 'that fails automatic conversion between list of ChatMessage and str',
  build: (make) => {
    // A reply without text cannot become the retriever's query.
    const FakeChatGenerator = defineComponent({
      name: 'FakeChatGenerator',
      inputs: { messages: chatMessages },
      outputs: { replies: chatMessages },
      run: () => ({ replies: [ChatMessage.fromAssistant()] }),
    });
    const pipeline = make({ maxRunsPerComponent: 1 });
    pipeline.addComponent('chat_generator', new FakeChatGenerator());
    pipeline.addComponent('retriever', new FakeRetriever());
    pipeline.connect('chat_generator', 'retriever');
    const userQuery = 'Find info on Milano Cortina Olympic Winter Games';
    return {
      pipeline,
      runs: [
        {
          inputs: { chat_generator: { messages: [ChatMessage.fromUser(userQuery)] } },
          expectedError: PipelineRuntimeError,
          expectedComponentCalls: { 'chat_generator#1': { messages: [ChatMessage.fromUser(userQuery)] } },
        },
      ],
    };
  },
};

defineScenarios('pipeline_run.feature: conversions between sockets', ENGINES, [
  mutableOutputToMultipleInputs,
  listOfChatMessageToStr,
  wrapChatMessageForUnionReceiver,
  failedListOfChatMessageToStr,
]);
