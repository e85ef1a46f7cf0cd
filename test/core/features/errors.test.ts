import { z } from 'zod';
import {
  BranchJoiner,
  ConditionalRouter,
  defineComponent,
  PipelineComponentsBlockedError,
  PipelineMaxComponentRuns,
  PipelineRuntimeError,
  PromptBuilder,
} from '../../../src/index.js';
import { ENGINES } from './engines.js';
import { defineScenarios, type Scenario } from './harness.js';

// The "bad pipeline" scenarios of pipeline_run.feature: each run must fail with Haystack's error class.

/** Returns a number instead of an output object. */
const BrokenComponent = defineComponent({
  name: 'BrokenComponent',
  inputs: { a: z.number() },
  outputs: { b: z.number() },
  run: () => 1 as never,
});

const componentThatDoesNotReturnADictionary: Scenario = {
  number: 56,
  kind: "that has a component that doesn't return a dictionary",
  build: (make) => {
    const pipeline = make({ maxRunsPerComponent: 10 });
    pipeline.addComponent('comp', new BrokenComponent());
    return {
      pipeline,
      runs: [
        {
          inputs: { comp: { a: 1 } },
          expectedError: PipelineRuntimeError,
          expectedMessage: /comp/,
          expectedComponentCalls: { 'comp#1': { a: 1 } },
        },
      ],
    };
  },
};

const infiniteLoop: Scenario = {
  number: 55,
  kind: 'that has an infinite loop',
  build: (make) => {
    const routes = () => [
      { condition: '{{number > 2}}', output: '{{number}}', outputName: 'big_number', outputType: z.number() },
      { condition: '{{number <= 2}}', output: '{{number + 2}}', outputName: 'small_number', outputType: z.number() },
    ];
    const pipeline = make({ maxRunsPerComponent: 1 });
    pipeline.addComponent('main_input', new BranchJoiner({ type: z.number() }));
    pipeline.addComponent('first_router', new ConditionalRouter({ routes: routes() }));
    pipeline.addComponent('second_router', new ConditionalRouter({ routes: routes() }));
    pipeline.connect('main_input', 'first_router.number');
    pipeline.connect('first_router.big_number', 'second_router.number');
    pipeline.connect('second_router.big_number', 'main_input');
    return {
      pipeline,
      runs: [
        {
          inputs: { main_input: { value: 3 } },
          expectedError: PipelineMaxComponentRuns,
          // 3.x: exactly maxRunsPerComponent runs, then the error on the next attempt.
          expectedComponentCalls: {
            'main_input#1': { value: [3] },
            'first_router#1': { number: 3 },
            'second_router#1': { number: 3 },
          },
        },
      ],
    };
  },
};

const cycleThatWouldGetStuck: Scenario = {
  number: 57,
  kind: 'that has a cycle that would get it stuck',
  build: (make) => {
    const template = `Here is the comment: {{ comment }}
{% if invalid_replies and error_message %}
Previous attempt: {{ invalid_replies }}
It failed with: {{ error_message }}
{% endif %}`;
    let validatorCalled = false;
    const FakeOutputValidator = defineComponent({
      name: 'FakeOutputValidator',
      inputs: { replies: z.array(z.string()) },
      outputs: { validReplies: z.array(z.string()), invalid_replies: z.array(z.string()), error_message: z.string() },
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
    const pipeline = make({ maxRunsPerComponent: 1 });
    // The cycle's only entry needs two variables that only the cycle itself can produce.
    pipeline.addComponent(
      'prompt_builder',
      new PromptBuilder({ template, requiredVariables: ['comment', 'invalid_replies', 'error_message'] }),
    );
    pipeline.addComponent('llm', new FakeGenerator());
    pipeline.addComponent('output_validator', new FakeOutputValidator());
    pipeline.connect('prompt_builder.prompt', 'llm.prompt');
    pipeline.connect('llm.replies', 'output_validator.replies');
    pipeline.connect('output_validator.invalid_replies', 'prompt_builder.invalid_replies');
    pipeline.connect('output_validator.error_message', 'prompt_builder.error_message');
    return {
      pipeline,
      runs: [
        {
          inputs: { prompt_builder: { comment: 'I loved the quality of the meal but the courier was rude' } },
          expectedError: PipelineComponentsBlockedError,
          // Raised before anything runs.
          expectedComponentCalls: {},
        },
      ],
    };
  },
};

defineScenarios('pipeline_run.feature: bad pipelines', ENGINES, [
  infiniteLoop,
  componentThatDoesNotReturnADictionary,
  cycleThatWouldGetStuck,
]);
