import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { dumps, loads, marshalYaml, unmarshalYaml } from '../../src/serialization/yaml.js';
import { pipelineToDict } from '../../src/serialization/pipeline-dict.js';
import { AnswerJoiner } from '../../src/components/joiners/answer-joiner.js';
import { z } from 'zod';
import { AsyncPipeline, Component, Pipeline, createDefaultRegistry } from '../../src/index.js';
import { buildLoop, registry } from '../core/serialization/pipeline-fixture.js';

const HAYSTACK_YAML = readFileSync(new URL('../fixtures/serialization/haystack-pipeline.yaml', import.meta.url), 'utf8');

const EXPECTED_YAML = `components:
  add_one:
    init_parameters:
      add: 1
    type: AddFixedValue
  joiner:
    init_parameters:
      type_: float
    type: haystack.components.joiners.branch.BranchJoiner
  router:
    init_parameters:
      custom_filters: {}
      optional_variables: []
      routes:
      - condition: '{{ value < 10 }}'
        output: '{{ value }}'
        output_name: below
        output_type: int
      - condition: '{{ value >= 10 }}'
        output: '{{ value }}'
        output_name: above
        output_type: int
      unsafe: false
      validate_output_type: false
    type: haystack.components.routers.conditional_router.ConditionalRouter
  double:
    init_parameters: {}
    type: Double
connection_type_validation: true
connections:
- receiver: joiner.value
  sender: add_one.result
- receiver: router.value
  sender: joiner.value
- receiver: double.value
  sender: router.below
- receiver: joiner.value
  sender: double.value
max_runs_per_component: 20
metadata:
  owner: team
`;

describe('dumps', () => {
  it("writes Haystack's YAML style: sorted keys (components in insertion order), block style, list items at the parent's indent", () => {
    const pipeline = buildLoop(new Pipeline({ maxRunsPerComponent: 20, metadata: { owner: 'team' } }));
    expect(dumps(pipeline)).toBe(EXPECTED_YAML);
  });

  it('round-trips exactly through loads, on both pipeline classes', async () => {
    const pipeline = buildLoop(new Pipeline({ maxRunsPerComponent: 20, metadata: { owner: 'team' } }));
    const text = dumps(pipeline);
    const loaded = loads(text, { registry: registry() });
    expect(dumps(loaded)).toBe(text);
    expect(pipelineToDict(loaded)).toEqual(pipelineToDict(pipeline));
    const asyncLoaded = loads(text, { registry: registry(), pipelineClass: AsyncPipeline });
    expect(await asyncLoaded.runAsync({ add_one: { value: 3 } })).toEqual({ router: { above: 16 } });
  });

  it('quotes strings that YAML 1.1 (PyYAML) would read as something else', () => {
    const data = { words: ['yes', 'no', 'on', 'off', 'y', 'n', '~', 'null', 'true'], numbers: ['123', '1_000', '0o17', '1e3', '.5', '1:20'], date: '2024-01-01', plain: 'hello' };
    const text = marshalYaml(data);
    expect(text).toContain('plain: hello');
    expect(text).toContain("- 'yes'");
    expect(text).toContain("- '1_000'");
    expect(text).toContain("date: '2024-01-01'");
    expect(parse(text, { version: '1.1' })).toEqual(data);
    expect(unmarshalYaml(text)).toEqual(data);
  });

  it('keeps multi-line templates, empty containers and special numbers', () => {
    const data = { template: 'Hello {{ name }}\nBye', empty: {}, list: [], inf: Number.POSITIVE_INFINITY, none: null };
    expect(unmarshalYaml(marshalYaml(data))).toEqual(data);
  });
});

describe('loads: a YAML file written for Haystack', () => {
  it('builds the same pipeline from Haystack import paths and snake_case sockets, and runs it', async () => {
    const pipeline = loads(HAYSTACK_YAML);
    expect(pipeline.metadata).toEqual({ author: 'haystack' });
    expect(pipeline.getComponent('answer_joiner')).toBeInstanceOf(AnswerJoiner);
    expect(pipeline.connections()).toContainEqual({ sender: 'adapter.output', receiver: 'answer_joiner.topK' });
    const result = await pipeline.run({ joiner: { value: ['Answer: 42', 'Answer: 43'] }, answer_builder: { query: 'q' }, adapter: { n: 1 } });
    const answers = (result['answer_joiner'] as { answers: { data: string }[] }).answers;
    expect(answers.map((a) => a.data)).toEqual(['42']);
  });

  it('writes back what it read, type names spelled as in the file', () => {
    const fixture = parse(HAYSTACK_YAML) as ReturnType<typeof pipelineToDict>;
    const written = pipelineToDict(loads(HAYSTACK_YAML));
    const byPair = (c: { sender: string; receiver: string }) => `${c.sender}->${c.receiver}`;
    expect({ ...written, connections: written.connections.map(byPair).sort() }).toEqual({
      ...fixture,
      connections: fixture.connections.map(byPair).sort(),
    });
  });

  it("loads Haystack's own test_pipeline.yaml with a class registered under its Python path", () => {
    const haystackTestYaml = `components:
  Comp1:
    init_parameters:
      an_init_param: null
    type: test.core.pipeline.test_pipeline_base.FakeComponent
  Comp2:
    init_parameters:
      an_init_param: null
    type: test.core.pipeline.test_pipeline_base.FakeComponent
connection_type_validation: true
connections:
- receiver: Comp2.input_
  sender: Comp1.value
max_runs_per_component: 99
metadata: {}
`;
    const seen: unknown[] = [];
    class FakeComponent extends Component<{ input_: z.ZodString }, { value: z.ZodString }> {
      constructor(options: { anInitParam?: string | null } = {}) {
        super({ inputs: { input_: z.string() }, outputs: { value: z.string() }, initParameters: { anInitParam: options.anInitParam ?? null } });
        seen.push(options.anInitParam);
      }
      run({ input_ }: { input_: string }) {
        return { value: input_ };
      }
    }
    const registry = createDefaultRegistry().register(FakeComponent, { typeName: 'test.core.pipeline.test_pipeline_base.FakeComponent' });
    const pipeline = loads(haystackTestYaml, { registry });
    expect(seen).toEqual([null, null]);
    expect(pipeline.maxRunsPerComponent).toBe(99);
    expect(pipeline.connections()).toEqual([{ sender: 'Comp1.value', receiver: 'Comp2.input_' }]);
    expect(dumps(pipeline)).toBe(haystackTestYaml);
    // A pipeline built in code writes the registered name when given the registry.
    const built = new Pipeline({ maxRunsPerComponent: 99 })
      .addComponent('Comp1', new FakeComponent())
      .addComponent('Comp2', new FakeComponent())
      .connect('Comp1.value', 'Comp2.input_');
    expect(dumps(built, { registry })).toBe(haystackTestYaml);
    expect(dumps(built)).toContain('type: FakeComponent');
  });

  it('accepts !!python/tuple, as Haystack writes tuples', () => {
    expect(unmarshalYaml('a: !!python/tuple\n- 1\n- 2\n')).toEqual({ a: [1, 2] });
  });

  it('accepts bytes', () => {
    expect(unmarshalYaml(new TextEncoder().encode('a: 1\n'))).toEqual({ a: 1 });
  });
});
