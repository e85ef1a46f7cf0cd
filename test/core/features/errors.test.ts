import { z } from 'zod';
import { defineComponent, PipelineRuntimeError } from '../../../src/index.js';
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

defineScenarios('pipeline_run.feature: bad pipelines', ENGINES, [componentThatDoesNotReturnADictionary]);
