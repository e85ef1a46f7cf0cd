import { AddFixedValue, Double, Parity, Repeat, Subtract } from '../../fixtures/sample-components/index.js';
import { ENGINES } from './engines.js';
import { defineScenarios, type Scenario } from './harness.js';

// Forks and merges of pipeline_run.feature: routers whose untaken branch never runs, fan-out of
// one socket to several receivers, and merges into components with several mandatory sockets.

const twoBranchesThatDontMerge: Scenario = {
  number: 9,
  kind: "that has two branches that don't merge",
  build: (make) => {
    const pipeline = make({ maxRunsPerComponent: 1 });
    pipeline.addComponent('add_one', new AddFixedValue({ add: 1 }));
    pipeline.addComponent('parity', new Parity());
    pipeline.addComponent('add_ten', new AddFixedValue({ add: 10 }));
    pipeline.addComponent('double', new Double());
    pipeline.addComponent('add_three', new AddFixedValue({ add: 3 }));
    pipeline.connect('add_one.result', 'parity.value');
    pipeline.connect('parity.even', 'add_ten.value');
    pipeline.connect('parity.odd', 'double.value');
    pipeline.connect('add_ten.result', 'add_three.value');
    return {
      pipeline,
      runs: [
        {
          inputs: { add_one: { value: 1 } },
          expectedOutputs: { add_three: { result: 15 } },
          expectedComponentCalls: {
            'add_one#1': { add: undefined, value: 1 },
            'add_ten#1': { add: undefined, value: 2 },
            'add_three#1': { add: undefined, value: 12 },
            'parity#1': { value: 2 },
          },
        },
        {
          inputs: { add_one: { value: 2 } },
          expectedOutputs: { double: { value: 6 } },
          expectedComponentCalls: {
            'add_one#1': { add: undefined, value: 2 },
            'double#1': { value: 3 },
            'parity#1': { value: 3 },
          },
        },
      ],
    };
  },
};

const threeBranchesThatDontMerge: Scenario = {
  number: 10,
  kind: "that has three branches that don't merge",
  build: (make) => {
    const pipeline = make({ maxRunsPerComponent: 1 });
    pipeline.addComponent('add_one', new AddFixedValue({ add: 1 }));
    pipeline.addComponent('repeat', new Repeat({ outputs: ['first', 'second'] }));
    pipeline.addComponent('add_ten', new AddFixedValue({ add: 10 }));
    pipeline.addComponent('double', new Double());
    pipeline.addComponent('add_three', new AddFixedValue({ add: 3 }));
    pipeline.addComponent('add_one_again', new AddFixedValue({ add: 1 }));
    pipeline.connect('add_one.result', 'repeat.value');
    pipeline.connect('repeat.first', 'add_ten.value');
    pipeline.connect('repeat.second', 'double.value');
    pipeline.connect('repeat.second', 'add_three.value');
    pipeline.connect('add_three.result', 'add_one_again.value');
    return {
      pipeline,
      runs: [
        {
          inputs: { add_one: { value: 1 } },
          expectedOutputs: { add_one_again: { result: 6 }, add_ten: { result: 12 }, double: { value: 4 } },
          expectedComponentCalls: {
            'add_one#1': { add: undefined, value: 1 },
            'add_one_again#1': { add: undefined, value: 5 },
            'add_ten#1': { add: undefined, value: 2 },
            'add_three#1': { add: undefined, value: 2 },
            'double#1': { value: 2 },
            'repeat#1': { value: 2 },
          },
        },
      ],
    };
  },
};

const twoBranchesThatMerge: Scenario = {
  number: 11,
  kind: 'that has two branches that merge',
  build: (make) => {
    const pipeline = make({ maxRunsPerComponent: 1 });
    pipeline.addComponent('first_addition', new AddFixedValue({ add: 2 }));
    pipeline.addComponent('second_addition', new AddFixedValue({ add: 2 }));
    pipeline.addComponent('third_addition', new AddFixedValue({ add: 2 }));
    pipeline.addComponent('diff', new Subtract());
    pipeline.addComponent('fourth_addition', new AddFixedValue({ add: 1 }));
    pipeline.connect('first_addition.result', 'second_addition.value');
    pipeline.connect('second_addition.result', 'diff.firstValue');
    pipeline.connect('third_addition.result', 'diff.secondValue');
    pipeline.connect('diff', 'fourth_addition.value');
    return {
      pipeline,
      runs: [
        {
          inputs: { first_addition: { value: 1 }, third_addition: { value: 1 } },
          expectedOutputs: { fourth_addition: { result: 3 } },
          expectedComponentCalls: {
            'diff#1': { firstValue: 5, secondValue: 3 },
            'first_addition#1': { add: undefined, value: 1 },
            'fourth_addition#1': { add: undefined, value: 2 },
            'second_addition#1': { add: undefined, value: 3 },
            'third_addition#1': { add: undefined, value: 1 },
          },
        },
      ],
    };
  },
};

const branchesThatMergeAndDoNotMerge: Scenario = {
  number: 12,
  kind: 'that has different combinations of branches that merge and do not merge',
  build: (make) => {
    const pipeline = make({ maxRunsPerComponent: 1 });
    pipeline.addComponent('add_one', new AddFixedValue());
    pipeline.addComponent('parity', new Parity());
    pipeline.addComponent('add_ten', new AddFixedValue({ add: 10 }));
    pipeline.addComponent('double', new Double());
    pipeline.addComponent('add_four', new AddFixedValue({ add: 4 }));
    pipeline.addComponent('add_two', new AddFixedValue());
    pipeline.addComponent('add_two_as_well', new AddFixedValue());
    pipeline.addComponent('diff', new Subtract());
    pipeline.connect('add_one.result', 'parity.value');
    pipeline.connect('parity.even', 'add_four.value');
    pipeline.connect('parity.odd', 'double.value');
    pipeline.connect('add_ten.result', 'diff.firstValue');
    pipeline.connect('double.value', 'diff.secondValue');
    pipeline.connect('parity.odd', 'add_ten.value');
    pipeline.connect('add_four.result', 'add_two.value');
    pipeline.connect('add_four.result', 'add_two_as_well.value');
    // On the untaken branch, add_two and add_two_as_well get a user value on an optional socket
    // only: that must not make them run.
    const userAdds = { add_two: { add: 2 }, add_two_as_well: { add: 2 } };
    return {
      pipeline,
      runs: [
        {
          inputs: { add_one: { value: 1 }, ...userAdds },
          expectedOutputs: { add_two: { result: 8 }, add_two_as_well: { result: 8 } },
          expectedComponentCalls: {
            'add_four#1': { add: undefined, value: 2 },
            'add_one#1': { add: undefined, value: 1 },
            'add_two#1': { add: 2, value: 6 },
            'add_two_as_well#1': { add: 2, value: 6 },
            'parity#1': { value: 2 },
          },
        },
        {
          inputs: { add_one: { value: 2 }, ...userAdds },
          expectedOutputs: { diff: { difference: 7 } },
          expectedComponentCalls: {
            'add_one#1': { add: undefined, value: 2 },
            'add_ten#1': { add: undefined, value: 3 },
            'diff#1': { firstValue: 13, secondValue: 6 },
            'double#1': { value: 3 },
            'parity#1': { value: 3 },
          },
        },
      ],
    };
  },
};

defineScenarios('pipeline_run.feature: branches', ENGINES, [
  twoBranchesThatDontMerge,
  threeBranchesThatDontMerge,
  twoBranchesThatMerge,
  branchesThatMergeAndDoNotMerge,
]);
