import { z } from 'zod';
import { defineComponent, Document } from '../../../src/index.js';
import { AddFixedValue, Double, Remainder, Sum } from '../../fixtures/sample-components/index.js';
import { ENGINES } from './engines.js';
import { anyOrder, defineScenarios, type Scenario } from './harness.js';

// Lazy variadic sockets of pipeline_run.feature: a joiner waits for every sender that can still
// run, skips senders on untaken branches, and lists values in the order they were written.

const branchesMergeIntoSingleVariadicInput: Scenario = {
  number: 19,
  kind: 'that has multiple branches that merge into a component with a single variadic input',
  build: (make) => {
    const pipeline = make({ maxRunsPerComponent: 1 });
    pipeline.addComponent('add_one', new AddFixedValue());
    pipeline.addComponent('parity', new Remainder({ divisor: 2 }));
    pipeline.addComponent('add_ten', new AddFixedValue({ add: 10 }));
    pipeline.addComponent('double', new Double());
    pipeline.addComponent('add_four', new AddFixedValue({ add: 4 }));
    pipeline.addComponent('add_one_again', new AddFixedValue());
    pipeline.addComponent('sum', new Sum());
    pipeline.connect('add_one.result', 'parity.value');
    pipeline.connect('parity.remainderIs0', 'add_ten.value');
    pipeline.connect('parity.remainderIs1', 'double.value');
    pipeline.connect('add_one.result', 'sum.values');
    pipeline.connect('add_ten.result', 'sum.values');
    pipeline.connect('double.value', 'sum.values');
    pipeline.connect('parity.remainderIs1', 'add_four.value');
    pipeline.connect('add_four.result', 'add_one_again.value');
    pipeline.connect('add_one_again.result', 'sum.values');
    return {
      pipeline,
      runs: [
        {
          inputs: { add_one: { value: 1 } },
          expectedOutputs: { sum: { total: 14 } },
          expectedComponentCalls: {
            'add_one#1': { add: undefined, value: 1 },
            'add_ten#1': { add: undefined, value: 2 },
            'parity#1': { value: 2 },
            'sum#1': { values: [2, 12] },
          },
        },
        {
          inputs: { add_one: { value: 2 } },
          expectedOutputs: { sum: { total: 17 } },
          expectedComponentCalls: {
            'add_four#1': { add: undefined, value: 3 },
            'add_one#1': { add: undefined, value: 2 },
            'add_one_again#1': { add: undefined, value: 7 },
            'double#1': { value: 3 },
            'parity#1': { value: 3 },
            'sum#1': { values: [3, 6, 8] },
          },
        },
      ],
    };
  },
};

const branchesOfDifferentLengthsMergeIntoSingleVariadicInput: Scenario = {
  number: 20,
  kind: 'that has multiple branches of different lengths that merge into a component with a single variadic input',
  build: (make) => {
    const pipeline = make({ maxRunsPerComponent: 1 });
    pipeline.addComponent('first_addition', new AddFixedValue({ add: 2 }));
    pipeline.addComponent('second_addition', new AddFixedValue({ add: 2 }));
    pipeline.addComponent('third_addition', new AddFixedValue({ add: 2 }));
    pipeline.addComponent('sum', new Sum());
    pipeline.addComponent('fourth_addition', new AddFixedValue({ add: 1 }));
    pipeline.connect('first_addition.result', 'second_addition.value');
    pipeline.connect('first_addition.result', 'sum.values');
    pipeline.connect('second_addition.result', 'sum.values');
    pipeline.connect('third_addition.result', 'sum.values');
    pipeline.connect('sum.total', 'fourth_addition.value');
    return {
      pipeline,
      runs: [
        {
          inputs: { first_addition: { value: 1 }, third_addition: { value: 1 } },
          expectedOutputs: { fourth_addition: { result: 12 } },
          expectedComponentCalls: {
            'first_addition#1': { add: undefined, value: 1 },
            'fourth_addition#1': { add: undefined, value: 11 },
            'second_addition#1': { add: undefined, value: 3 },
            'sum#1': { values: anyOrder([3, 3, 5]) },
            'third_addition#1': { add: undefined, value: 1 },
          },
        },
      ],
    };
  },
};

const documents = z.array(z.instanceof(Document));

const autoJoinerWithUserInputs: Scenario = {
  number: 52,
  kind: 'that has an auto joiner that takes in user inputs',
  build: (make) => {
    const FakeRetriever = defineComponent({
      name: 'FakeRetriever',
      inputs: { query: z.string() },
      outputs: { documents },
      run: ({ query }) => ({ documents: [new Document({ content: `Document for query: ${query}` })] }),
    });
    const FakeRanker = defineComponent({
      name: 'FakeRanker',
      inputs: { documents },
      outputs: { documents },
      run: ({ documents: received }) => ({ documents: received }),
    });
    const pipeline = make({ maxRunsPerComponent: 1 });
    pipeline.addComponent('retriever', new FakeRetriever());
    pipeline.addComponent('ranker', new FakeRanker());
    pipeline.connect('retriever.documents', 'ranker.documents');
    const userDoc = new Document({ content: 'User document' });
    const retrieved = new Document({ content: 'Document for query: test query' });
    return {
      pipeline,
      runs: [
        {
          // A list socket that is connected and also given by the user collects both: user value first.
          inputs: { retriever: { query: 'test query' }, ranker: { documents: [userDoc] } },
          expectedOutputs: { ranker: { documents: [userDoc, retrieved] } },
          expectedComponentCalls: {
            'retriever#1': { query: 'test query' },
            'ranker#1': { documents: [userDoc, retrieved] },
          },
        },
      ],
    };
  },
};

defineScenarios('pipeline_run.feature: lazy variadic joins', ENGINES, [
  branchesMergeIntoSingleVariadicInput,
  branchesOfDifferentLengthsMergeIntoSingleVariadicInput,
  autoJoinerWithUserInputs,
]);
