import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { pipelineFromDict, pipelineToDict } from '../../src/serialization/pipeline-dict.js';
import { AnswerJoiner } from '../../src/components/joiners/answer-joiner.js';
import { OutputAdapter } from '../../src/components/converters/output-adapter.js';
import { AsyncPipeline, DeserializationError, Pipeline, PipelineConnectError } from '../../src/index.js';
import { buildLoop, registry } from '../core/serialization/pipeline-fixture.js';
import { Double } from '../fixtures/sample-components/double.js';

const expectedDict = {
  metadata: { owner: 'team' },
  max_runs_per_component: 20,
  components: {
    add_one: { type: 'AddFixedValue', init_parameters: { add: 1 } },
    joiner: { type: 'haystack.components.joiners.branch.BranchJoiner', init_parameters: { type_: 'float' } },
    router: {
      type: 'haystack.components.routers.conditional_router.ConditionalRouter',
      init_parameters: {
        routes: [
          { condition: '{{ value < 10 }}', output: '{{ value }}', output_name: 'below', output_type: 'int' },
          { condition: '{{ value >= 10 }}', output: '{{ value }}', output_name: 'above', output_type: 'int' },
        ],
        custom_filters: {},
        unsafe: false,
        validate_output_type: false,
        optional_variables: [],
      },
    },
    double: { type: 'Double', init_parameters: {} },
  },
  connections: [
    { sender: 'add_one.result', receiver: 'joiner.value' },
    { sender: 'joiner.value', receiver: 'router.value' },
    { sender: 'router.below', receiver: 'double.value' },
    { sender: 'double.value', receiver: 'joiner.value' },
  ],
  connection_type_validation: true,
};

describe('pipelineToDict', () => {
  it("writes Haystack's layout: metadata, max runs, components in order, connections in edge order", () => {
    const pipeline = buildLoop(new Pipeline({ maxRunsPerComponent: 20, metadata: { owner: 'team' } }));
    const dict = pipelineToDict(pipeline);
    expect(dict).toEqual(expectedDict);
    expect(Object.keys(dict.components)).toEqual(['add_one', 'joiner', 'router', 'double']);
  });

  it('refuses metadata that is not plain data', () => {
    expect(() => pipelineToDict(new Pipeline({ metadata: { when: new Date() } }))).toThrow(
      "pipelineToDict: the pipeline's metadata has an unsupported value of type 'Date' under key 'when'",
    );
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(() => pipelineToDict(new Pipeline({ metadata: cyclic }))).toThrow(/nesting deeper than 64 levels/);
  });

  it('writes camelCase sockets snake_cased, as Haystack names them', () => {
    const pipeline = new Pipeline()
      .addComponent('adapter', new OutputAdapter({ template: '{{ n }}', outputType: z.int() }))
      .addComponent('answers', new AnswerJoiner())
      .connect('adapter.output', 'answers.topK');
    expect(pipelineToDict(pipeline).connections).toEqual([{ sender: 'adapter.output', receiver: 'answers.top_k' }]);
    const loaded = pipelineFromDict(pipelineToDict(pipeline));
    expect(loaded.connections()).toEqual([{ sender: 'adapter.output', receiver: 'answers.topK' }]);
  });
});

describe('pipelineFromDict', () => {
  it('round-trips exactly and the copy runs like the original on both engines', async () => {
    const original = buildLoop(new Pipeline({ maxRunsPerComponent: 20, metadata: { owner: 'team' } }));
    const copy = pipelineFromDict(pipelineToDict(original), { registry: registry() });
    expect(copy).toBeInstanceOf(Pipeline);
    expect(pipelineToDict(copy)).toEqual(expectedDict);
    const asyncCopy = pipelineFromDict(pipelineToDict(original), { registry: registry(), pipelineClass: AsyncPipeline });
    expect(asyncCopy).toBeInstanceOf(AsyncPipeline);
    const data = { add_one: { value: 1 } };
    const expected = { router: { above: 16 } };
    expect(await original.run(data)).toEqual(expected);
    expect(await copy.run(data)).toEqual(expected);
    expect(await asyncCopy.runAsync(data)).toEqual(expected);
  });

  it("uses Haystack's defaults for missing top-level keys", () => {
    const pipeline = pipelineFromDict({ components: {}, connections: [] });
    expect([pipeline.metadata, pipeline.maxRunsPerComponent, pipeline.connectionTypeValidation]).toEqual([{}, 100, true]);
    expect(pipelineFromDict({}).maxRunsPerComponent).toBe(100);
  });

  it('reuses the instances it is given', () => {
    const double = new Double();
    const pipeline = pipelineFromDict(expectedDict, { registry: registry(), components: { double } });
    expect(pipeline.getComponent('double')).toBe(double);
  });

  it('does not modify the given data', () => {
    const data = structuredClone(expectedDict);
    pipelineFromDict(data, { registry: registry() });
    expect(data).toEqual(expectedDict);
  });

  it('refuses malformed data with messages that say where', () => {
    const load = (data: unknown) => () => pipelineFromDict(data, { registry: registry() });
    expect(load([])).toThrow(DeserializationError);
    expect(load({ components: [] })).toThrow(/'components' must be a mapping/);
    expect(load({ max_runs_per_component: 0 })).toThrow(/'max_runs_per_component' must be a positive integer, got number 0/);
    expect(load({ metadata: 'x' })).toThrow(/'metadata' must be a mapping/);
    expect(load({ connection_type_validation: 'yes' })).toThrow(/'connection_type_validation' must be a boolean/);
    expect(load({ connections: {} })).toThrow(/'connections' must be a list/);
    expect(load({ ...expectedDict, connections: [{ receiver: 'joiner.value' }] })).toThrow(/missing sender in connection/);
    expect(load({ ...expectedDict, connections: [{ sender: 'add_one.result' }] })).toThrow(/missing receiver in connection/);
    expect(load({ ...expectedDict, connections: ['add_one.result'] })).toThrow(/each connection must be a mapping/);
    expect(load({ components: { a: { init_parameters: {} } } })).toThrow(/missing 'type' in component 'a'/);
  });

  it('applies every connect rule: an unknown socket is a PipelineConnectError', () => {
    const data = { ...expectedDict, connections: [{ sender: 'add_one.nope', receiver: 'joiner.value' }] };
    expect(() => pipelineFromDict(data, { registry: registry() })).toThrow(PipelineConnectError);
  });
});
