/**
 * A load that fails leaves nothing half-built behind: components handed in through `components`
 * (or built before the failure) are released and can join another pipeline.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AsyncPipeline, DeserializationError, Pipeline, PipelineConnectError, defineComponent, loads, pipelineFromDict } from '../../../src/index.js';

const Echo = defineComponent({ name: 'Echo', inputs: { value: z.int() }, outputs: { value: z.int() }, run: ({ value }) => ({ value }) });

const yaml = (connection: string) => `components:
  first:
    type: Echo
    init_parameters: {}
  second:
    type: Echo
    init_parameters: {}
connections:
- sender: ${connection}
  receiver: second.value
`;

describe('a failed load', () => {
  it('releases the components it was given when a connection fails', () => {
    const first = new Echo();
    const second = new Echo();
    expect(() => loads(yaml('first.nope'), { components: { first, second } })).toThrow(PipelineConnectError);
    const reused = new Pipeline().addComponent('a', first).addComponent('b', second).connect('a.value', 'b.value');
    expect(reused.connections()).toEqual([{ sender: 'a.value', receiver: 'b.value' }]);
  });

  it('releases them when a later component cannot be built', () => {
    const first = new Echo();
    expect(() =>
      pipelineFromDict(
        { components: { first: { type: 'Echo', init_parameters: {} }, broken: { type: 'NotRegistered', init_parameters: {} } }, connections: [] },
        { components: { first }, pipelineClass: AsyncPipeline },
      ),
    ).toThrow(DeserializationError);
    expect(() => new AsyncPipeline().addComponent('again', first)).not.toThrow();
  });

  it('still succeeds with the same instances afterwards', () => {
    const first = new Echo();
    const second = new Echo();
    expect(() => loads(yaml('first.nope'), { components: { first, second } })).toThrow();
    const loaded = loads(yaml('first.value'), { components: { first, second } });
    expect(loaded.getComponent('first')).toBe(first);
  });
});
