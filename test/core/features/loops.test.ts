import { z } from 'zod';
import { BranchJoiner } from '../../../src/index.js';
import {
  Accumulate,
  AddFixedValue,
  Double,
  Greet,
  Parity,
  Remainder,
  Repeat,
  Subtract,
  Sum,
  Threshold,
} from '../../fixtures/sample-components/index.js';
import { ENGINES } from './engines.js';
import { defineScenarios, type ScenarioRun, type Scenario } from './harness.js';

// Cycles of pipeline_run.feature: a greedy BranchJoiner as the loop entry, routers that exit the
// loop, stateful components inside it, and (3.x) an exact maxRunsPerComponent.

const complex: Scenario = {
  number: 3,
  kind: 'that is really complex with lots of components, forks, and loops',
  build: (make) => {
    // 3.x raised this scenario's limit from 2 to 3: the loop runs branch_joiner three times, and
    // 3.x allows exactly maxRunsPerComponent runs.
    const pipeline = make({ maxRunsPerComponent: 3 });
    pipeline.addComponent('greet_first', new Greet({ message: 'Hello, the value is {value}.' }));
    pipeline.addComponent('accumulate_1', new Accumulate());
    pipeline.addComponent('add_two', new AddFixedValue({ add: 2 }));
    pipeline.addComponent('parity', new Parity());
    pipeline.addComponent('add_one', new AddFixedValue({ add: 1 }));
    pipeline.addComponent('accumulate_2', new Accumulate());
    pipeline.addComponent('branch_joiner', new BranchJoiner({ type: z.number() }));
    pipeline.addComponent('below_10', new Threshold({ threshold: 10 }));
    pipeline.addComponent('double', new Double());
    pipeline.addComponent('greet_again', new Greet({ message: 'Hello again, now the value is {value}.' }));
    pipeline.addComponent('sum', new Sum());
    pipeline.addComponent('greet_enumerator', new Greet({ message: 'Hello from enumerator, here the value became {value}.' }));
    pipeline.addComponent('enumerate', new Repeat({ outputs: ['first', 'second'] }));
    pipeline.addComponent('add_three', new AddFixedValue({ add: 3 }));
    pipeline.addComponent('diff', new Subtract());
    pipeline.addComponent('greet_one_last_time', new Greet({ message: 'Bye bye! The value here is {value}!' }));
    pipeline.addComponent('replicate', new Repeat({ outputs: ['first', 'second'] }));
    pipeline.addComponent('add_five', new AddFixedValue({ add: 5 }));
    pipeline.addComponent('add_four', new AddFixedValue({ add: 4 }));
    pipeline.addComponent('accumulate_3', new Accumulate());

    pipeline.connect('greet_first', 'accumulate_1');
    pipeline.connect('accumulate_1', 'add_two');
    pipeline.connect('add_two', 'parity');
    pipeline.connect('parity.even', 'greet_again');
    pipeline.connect('greet_again', 'sum.values');
    pipeline.connect('sum', 'diff.firstValue');
    pipeline.connect('diff', 'greet_one_last_time');
    pipeline.connect('greet_one_last_time', 'replicate');
    pipeline.connect('replicate.first', 'add_five.value');
    pipeline.connect('replicate.second', 'add_four.value');
    pipeline.connect('add_four', 'accumulate_3');
    pipeline.connect('parity.odd', 'add_one.value');
    pipeline.connect('add_one', 'branch_joiner.value');
    pipeline.connect('branch_joiner', 'below_10');
    pipeline.connect('below_10.below', 'double');
    pipeline.connect('double', 'branch_joiner.value');
    pipeline.connect('below_10.above', 'accumulate_2');
    pipeline.connect('accumulate_2', 'diff.secondValue');
    pipeline.connect('greet_enumerator', 'enumerate');
    pipeline.connect('enumerate.second', 'sum.values');
    pipeline.connect('enumerate.first', 'add_three.value');
    pipeline.connect('add_three', 'sum.values');

    const greet = (value: number) => ({ value, logLevel: undefined, message: undefined });
    return {
      pipeline,
      runs: [
        {
          inputs: { greet_first: { value: 1 }, greet_enumerator: { value: 1 } },
          expectedOutputs: { accumulate_3: { value: -7 }, add_five: { result: -6 } },
          expectedComponentCalls: {
            'greet_first#1': greet(1),
            'greet_enumerator#1': greet(1),
            'accumulate_1#1': { value: 1 },
            'add_two#1': { value: 1, add: undefined },
            'parity#1': { value: 3 },
            'add_one#1': { value: 3, add: undefined },
            'branch_joiner#1': { value: [4] },
            'below_10#1': { value: 4, threshold: undefined },
            'double#1': { value: 4 },
            'branch_joiner#2': { value: [8] },
            'below_10#2': { value: 8, threshold: undefined },
            'double#2': { value: 8 },
            'branch_joiner#3': { value: [16] },
            'below_10#3': { value: 16, threshold: undefined },
            'accumulate_2#1': { value: 16 },
            'enumerate#1': { value: 1 },
            'add_three#1': { value: 1, add: undefined },
            'sum#1': { values: [1, 4] },
            'diff#1': { firstValue: 5, secondValue: 16 },
            'greet_one_last_time#1': greet(-11),
            'replicate#1': { value: -11 },
            'add_five#1': { value: -11, add: undefined },
            'add_four#1': { value: -11, add: undefined },
            'accumulate_3#1': { value: -7 },
          },
        },
      ],
    };
  },
};

/** Runs of the two "remainder loops" scenarios: seeds 0, 3 and 6 exit at once, 4 and 5 loop once. */
function remainderLoopRuns(loopCalls: { 4: Record<string, Record<string, unknown>>; 5: Record<string, Record<string, unknown>> }): ScenarioRun[] {
  const immediate = (seed: number): ScenarioRun => ({
    inputs: { branch_joiner: { value: seed } },
    expectedOutputs: { remainder: { remainderIs0: seed } },
    expectedComponentCalls: { 'branch_joiner#1': { value: [seed] }, 'remainder#1': { value: seed } },
  });
  const looped = (seed: 4 | 5): ScenarioRun => ({
    inputs: { branch_joiner: { value: seed } },
    expectedOutputs: { remainder: { remainderIs0: 6 } },
    expectedComponentCalls: {
      'branch_joiner#1': { value: [seed] },
      'remainder#1': { value: seed },
      ...loopCalls[seed],
      'branch_joiner#2': { value: [6] },
      'remainder#2': { value: 6 },
    },
  });
  return [immediate(0), immediate(3), looped(4), looped(5), immediate(6)];
}

const twoLoopsOfIdenticalLengths: Scenario = {
  number: 5,
  kind: 'that has two loops of identical lengths',
  build: (make) => {
    const pipeline = make({ maxRunsPerComponent: 2 });
    pipeline.addComponent('branch_joiner', new BranchJoiner({ type: z.number() }));
    pipeline.addComponent('remainder', new Remainder({ divisor: 3 }));
    pipeline.addComponent('add_one', new AddFixedValue({ add: 1 }));
    pipeline.addComponent('add_two', new AddFixedValue({ add: 2 }));
    pipeline.connect('branch_joiner.value', 'remainder.value');
    pipeline.connect('remainder.remainderIs1', 'add_two.value');
    pipeline.connect('remainder.remainderIs2', 'add_one.value');
    pipeline.connect('add_two', 'branch_joiner.value');
    pipeline.connect('add_one', 'branch_joiner.value');
    return {
      pipeline,
      runs: remainderLoopRuns({
        4: { 'add_two#1': { value: 4, add: undefined } },
        5: { 'add_one#1': { value: 5, add: undefined } },
      }),
    };
  },
};

const twoLoopsOfDifferentLengths: Scenario = {
  number: 6,
  kind: 'that has two loops of different lengths',
  build: (make) => {
    const pipeline = make({ maxRunsPerComponent: 2 });
    pipeline.addComponent('branch_joiner', new BranchJoiner({ type: z.number() }));
    pipeline.addComponent('remainder', new Remainder({ divisor: 3 }));
    pipeline.addComponent('add_one', new AddFixedValue({ add: 1 }));
    pipeline.addComponent('add_two_1', new AddFixedValue({ add: 1 }));
    pipeline.addComponent('add_two_2', new AddFixedValue({ add: 1 }));
    pipeline.connect('branch_joiner.value', 'remainder.value');
    pipeline.connect('remainder.remainderIs1', 'add_two_1.value');
    pipeline.connect('add_two_1', 'add_two_2.value');
    // A receiver given by component name only.
    pipeline.connect('add_two_2', 'branch_joiner');
    pipeline.connect('remainder.remainderIs2', 'add_one.value');
    pipeline.connect('add_one', 'branch_joiner');
    return {
      pipeline,
      runs: remainderLoopRuns({
        4: { 'add_two_1#1': { value: 4, add: undefined }, 'add_two_2#1': { value: 5, add: undefined } },
        5: { 'add_one#1': { value: 5, add: undefined } },
      }),
    };
  },
};

/** The loop of scenarios 7 and 22: add_one → joiner → below_10 → accumulator → below_5 → back, with two ways back. */
function buildLoopWithTwoConditionalBranches(make: Parameters<Scenario['build']>[0], maxRunsPerComponent: number) {
  const pipeline = make({ maxRunsPerComponent });
  pipeline.addComponent('add_one', new AddFixedValue({ add: 1 }));
  pipeline.addComponent('branch_joiner', new BranchJoiner({ type: z.number() }));
  pipeline.addComponent('below_10', new Threshold({ threshold: 10 }));
  pipeline.addComponent('below_5', new Threshold({ threshold: 5 }));
  pipeline.addComponent('add_three', new AddFixedValue({ add: 3 }));
  pipeline.addComponent('accumulator', new Accumulate());
  pipeline.addComponent('add_two', new AddFixedValue({ add: 2 }));
  pipeline.connect('add_one.result', 'branch_joiner');
  pipeline.connect('branch_joiner.value', 'below_10.value');
  pipeline.connect('below_10.below', 'accumulator.value');
  pipeline.connect('accumulator.value', 'below_5.value');
  pipeline.connect('below_5.above', 'add_three.value');
  pipeline.connect('below_5.below', 'branch_joiner');
  pipeline.connect('add_three.result', 'branch_joiner');
  pipeline.connect('below_10.above', 'add_two.value');
  return pipeline;
}

const loopWithTwoConditionalBranchesCalls = {
  'accumulator#1': { value: 4 },
  'accumulator#2': { value: 4 },
  'add_one#1': { add: undefined, value: 3 },
  'add_three#1': { add: undefined, value: 8 },
  'add_two#1': { add: undefined, value: 11 },
  'below_10#1': { threshold: undefined, value: 4 },
  'below_10#2': { threshold: undefined, value: 4 },
  'below_10#3': { threshold: undefined, value: 11 },
  'below_5#1': { threshold: undefined, value: 4 },
  'below_5#2': { threshold: undefined, value: 8 },
  'branch_joiner#1': { value: [4] },
  'branch_joiner#2': { value: [4] },
  'branch_joiner#3': { value: [11] },
};

const singleLoopWithTwoConditionalBranches: Scenario = {
  number: 7,
  kind: 'that has a single loop with two conditional branches',
  build: (make) => ({
    pipeline: buildLoopWithTwoConditionalBranches(make, 3),
    runs: [
      {
        inputs: { add_one: { value: 3 } },
        expectedOutputs: { add_two: { result: 13 } },
        expectedComponentCalls: loopWithTwoConditionalBranchesCalls,
      },
    ],
  }),
};

const loopReturningIntermediateOutputs: Scenario = {
  number: 22,
  kind: 'that has a loop and returns intermediate outputs from it',
  build: (make) => ({
    pipeline: buildLoopWithTwoConditionalBranches(make, 10),
    runs: [
      {
        inputs: { add_one: { value: 3 } },
        includeOutputsFrom: ['add_two', 'add_one', 'branch_joiner', 'below_10', 'accumulator', 'below_5', 'add_three'],
        // For components that ran several times, the last output wins.
        expectedOutputs: {
          add_two: { result: 13 },
          add_one: { result: 4 },
          branch_joiner: { value: 11 },
          below_10: { above: 11 },
          accumulator: { value: 8 },
          below_5: { above: 8 },
          add_three: { result: 11 },
        },
        expectedComponentCalls: loopWithTwoConditionalBranchesCalls,
      },
    ],
  }),
};

const twoBranchesOneLoopsBack: Scenario = {
  number: 13,
  kind: 'that has two branches, one of which loops back',
  build: (make) => {
    const pipeline = make({ maxRunsPerComponent: 10 });
    pipeline.addComponent('add_zero', new AddFixedValue({ add: 0 }));
    pipeline.addComponent('branch_joiner', new BranchJoiner({ type: z.number() }));
    pipeline.addComponent('sum', new Sum());
    pipeline.addComponent('below_10', new Threshold({ threshold: 10 }));
    pipeline.addComponent('add_one', new AddFixedValue({ add: 1 }));
    pipeline.addComponent('counter', new Accumulate());
    pipeline.addComponent('add_two', new AddFixedValue({ add: 2 }));
    pipeline.connect('add_zero', 'branch_joiner.value');
    pipeline.connect('branch_joiner', 'below_10.value');
    pipeline.connect('below_10.below', 'add_one.value');
    pipeline.connect('add_one.result', 'counter.value');
    pipeline.connect('counter.value', 'branch_joiner.value');
    pipeline.connect('below_10.above', 'add_two.value');
    pipeline.connect('add_two.result', 'sum.values');
    return {
      pipeline,
      runs: [
        {
          // A single user value on a lazy variadic socket comes first in its list.
          inputs: { add_zero: { value: 8 }, sum: { values: 2 } },
          expectedOutputs: { sum: { total: 23 } },
          expectedComponentCalls: {
            'add_one#1': { add: undefined, value: 8 },
            'add_one#2': { add: undefined, value: 9 },
            'add_two#1': { add: undefined, value: 19 },
            'add_zero#1': { add: undefined, value: 8 },
            'below_10#1': { threshold: undefined, value: 8 },
            'below_10#2': { threshold: undefined, value: 9 },
            'below_10#3': { threshold: undefined, value: 19 },
            'branch_joiner#1': { value: [8] },
            'branch_joiner#2': { value: [9] },
            'branch_joiner#3': { value: [19] },
            'counter#1': { value: 9 },
            'counter#2': { value: 10 },
            'sum#1': { values: [2, 21] },
          },
        },
      ],
    };
  },
};

defineScenarios('pipeline_run.feature: loops', ENGINES, [
  complex,
  twoLoopsOfIdenticalLengths,
  twoLoopsOfDifferentLengths,
  singleLoopWithTwoConditionalBranches,
  twoBranchesOneLoopsBack,
  loopReturningIntermediateOutputs,
]);
