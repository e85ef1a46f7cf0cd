import { z } from 'zod';
import { Component, defineComponent, Variadic, type RunInput, type RunOutput, type VariadicSchema } from '../../../src/index.js';
import { AddFixedValue, Double, FString, Hello, StringListJoiner, TextSplitter } from '../../fixtures/sample-components/index.js';
import { ENGINES } from './engines.js';
import { defineScenarios, type PendingScenario, type Scenario } from './harness.js';

// Straight-line pipelines of pipeline_run.feature: defaults, dynamic sockets, included
// intermediate outputs, and isolation of the values each component receives.

const noComponents: Scenario = {
  number: 1,
  kind: 'that has no components',
  build: (make) => ({
    pipeline: make({ maxRunsPerComponent: 1 }),
    runs: [{ inputs: {}, expectedOutputs: {}, expectedComponentCalls: {} }],
  }),
};

const linear: Scenario = {
  number: 2,
  kind: 'that is linear',
  build: (make) => {
    const pipeline = make({ maxRunsPerComponent: 1 });
    pipeline.addComponent('first_addition', new AddFixedValue({ add: 2 }));
    pipeline.addComponent('second_addition', new AddFixedValue());
    pipeline.addComponent('double', new Double());
    pipeline.connect('first_addition', 'double');
    pipeline.connect('double', 'second_addition');
    return {
      pipeline,
      runs: [
        {
          inputs: { first_addition: { value: 1 } },
          expectedOutputs: { second_addition: { result: 7 } },
          expectedComponentCalls: {
            'first_addition#1': { value: 1, add: undefined },
            'double#1': { value: 3 },
            'second_addition#1': { value: 6, add: undefined },
          },
        },
      ],
    };
  },
};

const withDefaultInputs = { a: z.number(), b: z.number().default(2) };
const withDefaultOutputs = { b: z.number() };
/** Declares `b` as output but returns an undeclared `c`: undeclared keys still reach the pipeline's outputs. */
class WithDefault extends Component<typeof withDefaultInputs, typeof withDefaultOutputs> {
  constructor() {
    super({ inputs: withDefaultInputs, outputs: withDefaultOutputs });
  }
  run({ a, b = 2 }: RunInput<typeof withDefaultInputs>) {
    return { c: a + b } as unknown as RunOutput<typeof withDefaultOutputs>;
  }
}

const singleComponentWithDefaultInput: Scenario = {
  number: 4,
  kind: 'that has a single component with a default input',
  build: (make) => {
    const pipeline = make({ maxRunsPerComponent: 1 });
    pipeline.addComponent('with_defaults', new WithDefault());
    return {
      pipeline,
      runs: [
        {
          inputs: { with_defaults: { a: 40, b: 30 } },
          expectedOutputs: { with_defaults: { c: 70 } },
          expectedComponentCalls: { 'with_defaults#1': { a: 40, b: 30 } },
        },
        {
          inputs: { with_defaults: { a: 40 } },
          expectedOutputs: { with_defaults: { c: 42 } },
          expectedComponentCalls: { 'with_defaults#1': { a: 40, b: 2 } },
        },
      ],
    };
  },
};

const dynamicInputsDefinedInInit: Scenario = {
  number: 8,
  kind: 'that has a component with dynamic inputs defined in init',
  build: (make) => {
    const pipeline = make({ maxRunsPerComponent: 1 });
    pipeline.addComponent('hello', new Hello());
    pipeline.addComponent('fstring', new FString({ template: 'This is the greeting: {greeting}!', variables: ['greeting'] }));
    pipeline.addComponent('splitter', new TextSplitter());
    pipeline.connect('hello.output', 'fstring.greeting');
    pipeline.connect('fstring.string', 'splitter.sentence');
    return {
      pipeline,
      runs: [
        {
          inputs: { hello: { word: 'Alice' } },
          expectedOutputs: { splitter: { output: ['This', 'is', 'the', 'greeting:', 'Hello,', 'Alice!!'] } },
          expectedComponentCalls: {
            'fstring#1': { greeting: 'Hello, Alice!', template: undefined },
            'hello#1': { word: 'Alice' },
            'splitter#1': { sentence: 'This is the greeting: Hello, Alice!!' },
          },
        },
        {
          inputs: { hello: { word: 'Alice' }, fstring: { template: 'Received: {greeting}' } },
          expectedOutputs: { splitter: { output: ['Received:', 'Hello,', 'Alice!'] } },
          expectedComponentCalls: {
            'fstring#1': { greeting: 'Hello, Alice!', template: 'Received: {greeting}' },
            'hello#1': { word: 'Alice' },
            'splitter#1': { sentence: 'Received: Hello, Alice!' },
          },
        },
      ],
    };
  },
};

/** Appends to the list it receives and returns that same list. */
const InputMangler = defineComponent({
  name: 'InputMangler',
  inputs: { inputList: z.array(z.string()) },
  outputs: { mangledList: z.array(z.string()) },
  run: ({ inputList }) => {
    inputList.push('extra_item');
    return { mangledList: inputList };
  },
});

const mutableInput: Scenario = {
  number: 14,
  kind: 'that has a component with mutable input',
  build: (make) => {
    const pipeline = make({ maxRunsPerComponent: 1 });
    pipeline.addComponent('mangler1', new InputMangler());
    pipeline.addComponent('mangler2', new InputMangler());
    pipeline.addComponent('concat1', new StringListJoiner());
    pipeline.addComponent('concat2', new StringListJoiner());
    pipeline.connect('mangler1', 'concat1');
    pipeline.connect('mangler2', 'concat2');
    // One list object given to both manglers: each must mutate its own copy.
    const inputList = ['foo', 'bar'];
    return {
      pipeline,
      runs: [
        {
          inputs: { mangler1: { inputList }, mangler2: { inputList } },
          expectedOutputs: {
            concat1: { output: ['foo', 'bar', 'extra_item'] },
            concat2: { output: ['foo', 'bar', 'extra_item'] },
          },
          expectedComponentCalls: {
            'concat1#1': { inputs: [['foo', 'bar', 'extra_item']] },
            'concat2#1': { inputs: [['foo', 'bar', 'extra_item']] },
            'mangler1#1': { inputList: ['foo', 'bar'] },
            'mangler2#1': { inputList: ['foo', 'bar'] },
          },
        },
      ],
    };
  },
};

const linearWithIntermediateOutputs: Scenario = {
  number: 21,
  kind: 'that is linear and returns intermediate outputs',
  build: (make) => {
    const pipeline = make({ maxRunsPerComponent: 1 });
    pipeline.addComponent('first_addition', new AddFixedValue({ add: 2 }));
    pipeline.addComponent('second_addition', new AddFixedValue());
    pipeline.addComponent('double', new Double());
    pipeline.connect('first_addition', 'double');
    pipeline.connect('double', 'second_addition');
    const calls = {
      'double#1': { value: 3 },
      'first_addition#1': { add: undefined, value: 1 },
      'second_addition#1': { add: undefined, value: 6 },
    };
    return {
      pipeline,
      runs: [
        {
          inputs: { first_addition: { value: 1 } },
          includeOutputsFrom: ['second_addition', 'double', 'first_addition'],
          expectedOutputs: { double: { value: 6 }, first_addition: { result: 3 }, second_addition: { result: 7 } },
          expectedComponentCalls: calls,
        },
        {
          inputs: { first_addition: { value: 1 } },
          includeOutputsFrom: ['double'],
          expectedOutputs: { double: { value: 6 }, second_addition: { result: 7 } },
          expectedComponentCalls: calls,
        },
      ],
    };
  },
};

/** Doubles its input and also returns the original value on a second, unconnected socket. */
const DoubleWithOriginal = defineComponent({
  name: 'DoubleWithOriginal',
  inputs: { value: z.number() },
  outputs: { value: z.number(), original: z.number() },
  run: ({ value }) => ({ value: value * 2, original: value }),
});

const linearWithIntermediateOutputsFromMultipleSockets: Scenario = {
  number: 23,
  kind: 'that is linear and returns intermediate outputs from multiple sockets',
  build: (make) => {
    const pipeline = make({ maxRunsPerComponent: 1 });
    pipeline.addComponent('first_addition', new AddFixedValue({ add: 2 }));
    pipeline.addComponent('second_addition', new AddFixedValue());
    pipeline.addComponent('double', new DoubleWithOriginal());
    pipeline.connect('first_addition', 'double');
    pipeline.connect('double.value', 'second_addition');
    const calls = {
      'double#1': { value: 3 },
      'first_addition#1': { add: undefined, value: 1 },
      'second_addition#1': { add: undefined, value: 6 },
    };
    return {
      pipeline,
      runs: [
        {
          inputs: { first_addition: { value: 1 } },
          includeOutputsFrom: ['second_addition', 'double', 'first_addition'],
          expectedOutputs: {
            double: { original: 3, value: 6 },
            first_addition: { result: 3 },
            second_addition: { result: 7 },
          },
          expectedComponentCalls: calls,
        },
        {
          inputs: { first_addition: { value: 1 } },
          includeOutputsFrom: ['double'],
          expectedOutputs: { double: { original: 3, value: 6 }, second_addition: { result: 7 } },
          expectedComponentCalls: calls,
        },
      ],
    };
  },
};

const PARROT_DEFAULT = "Parrot doesn't only parrot!";
type ParrotInputs = Record<string, z.ZodDefault<z.ZodString>>;
const parrotOutputs = { response: z.string() };
/** A component whose one input socket is named and defaulted at construction (`set_input_type` with a default). */
class ParrotWithDynamicDefaultInputs extends Component<ParrotInputs, typeof parrotOutputs> {
  constructor(readonly inputVariable: string) {
    super({ inputs: { [inputVariable]: z.string().default(PARROT_DEFAULT) }, outputs: parrotOutputs });
  }
  run(input: RunInput<ParrotInputs>) {
    return { response: input[this.inputVariable] ?? '' };
  }
}

const dynamicDefaultInputs: Scenario = {
  number: 42,
  kind: 'with a component that has dynamic default inputs',
  build: (make) => {
    const pipeline = make();
    pipeline.addComponent('parrot', new ParrotWithDynamicDefaultInputs('parrot'));
    return {
      pipeline,
      runs: [
        {
          inputs: { parrot: { parrot: 'Are you a parrot?' } },
          expectedOutputs: { parrot: { response: 'Are you a parrot?' } },
          expectedComponentCalls: { 'parrot#1': { parrot: 'Are you a parrot?' } },
        },
        {
          inputs: {},
          expectedOutputs: { parrot: { response: PARROT_DEFAULT } },
          expectedComponentCalls: { 'parrot#1': { parrot: PARROT_DEFAULT } },
        },
      ],
    };
  },
};

type VariadicParrotInputs = Record<string, VariadicSchema<z.ZodString, 'lazy'>>;
const variadicParrotOutputs = { response: z.array(z.string()) };
/** Like the parrot above, but its one socket is a `Variadic` with a default (`set_input_type(..., Variadic[str], default=...)`). */
class ParrotWithVariadicDynamicDefaultInputs extends Component<VariadicParrotInputs, typeof variadicParrotOutputs> {
  constructor(readonly inputVariable: string) {
    super({ inputs: { [inputVariable]: Variadic(z.string(), { default: PARROT_DEFAULT }) }, outputs: variadicParrotOutputs });
  }
  run(input: RunInput<VariadicParrotInputs>) {
    return { response: input[this.inputVariable] ?? [] };
  }
}

const variadicDynamicDefaultInputs: Scenario = {
  number: 43,
  kind: 'with a component that has variadic dynamic default inputs',
  build: (make) => {
    const pipeline = make({ maxRunsPerComponent: 1 });
    pipeline.addComponent('parrot', new ParrotWithVariadicDynamicDefaultInputs('parrot'));
    return {
      pipeline,
      runs: [
        {
          inputs: { parrot: { parrot: 'Are you a parrot?' } },
          expectedOutputs: { parrot: { response: ['Are you a parrot?'] } },
          expectedComponentCalls: { 'parrot#1': { parrot: ['Are you a parrot?'] } },
        },
        {
          inputs: {},
          expectedOutputs: { parrot: { response: [PARROT_DEFAULT] } },
          expectedComponentCalls: { 'parrot#1': { parrot: [PARROT_DEFAULT] } },
        },
      ],
    };
  },
};

/**
 * A value object standing in for Haystack's pandas DataFrame: the engine must pass class instances
 * through (copies included) without treating them as plain data.
 */
class Frame {
  constructor(readonly columns: Readonly<Record<string, readonly number[]>>) {}
  get rowCount(): number {
    return Object.values(this.columns)[0]?.length ?? 0;
  }
}
const frame = () => new Frame({ a: [1, 2], b: [1, 2] });
const frameSchema = z.instanceof(Frame);

const DataFramer = defineComponent({
  name: 'DataFramer',
  inputs: { dataframe: frameSchema },
  outputs: { dataframe: frameSchema },
  run: ({ dataframe }) => {
    // Throws if the engine handed over a copy that lost the prototype.
    if (!(dataframe instanceof Frame) || dataframe.rowCount !== 2) throw new Error('DataFramer: expected a Frame of 2 rows');
    return { dataframe: frame() };
  },
});

const componentsReturningDataframes: Scenario = {
  number: 47,
  kind: 'that has components returning dataframes',
  build: (make) => {
    const pipeline = make({ maxRunsPerComponent: 1 });
    pipeline.addComponent('df_1', new DataFramer());
    pipeline.addComponent('df_2', new DataFramer());
    pipeline.connect('df_1', 'df_2');
    return {
      pipeline,
      runs: [
        {
          inputs: { df_1: { dataframe: frame() } },
          expectedOutputs: { df_2: { dataframe: frame() } },
          expectedComponentCalls: { 'df_1#1': { dataframe: frame() }, 'df_2#1': { dataframe: frame() } },
        },
      ],
    };
  },
};

defineScenarios('pipeline_run.feature: linear pipelines', ENGINES, [
  noComponents,
  linear,
  singleComponentWithDefaultInput,
  dynamicInputsDefinedInInit,
  mutableInput,
  linearWithIntermediateOutputs,
  linearWithIntermediateOutputsFromMultipleSockets,
  dynamicDefaultInputs,
  variadicDynamicDefaultInputs,
  componentsReturningDataframes,
]);
