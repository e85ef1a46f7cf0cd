/**
 * A value that cannot cross a connection's conversion stops the run as Haystack does
 * (`_write_component_outputs`): a PipelineRuntimeError naming no component, whose cause is the
 * conversion's own error, on every engine.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConversionError, PipelineRuntimeError, defineComponent, isErrorNamed } from '../../../src/index.js';
import { RUNNERS, rejection } from './runners.js';

const Lists = defineComponent({
  name: 'Lists',
  inputs: { n: z.int() },
  outputs: { items: z.array(z.string()) },
  run: ({ n }) => ({ items: Array.from({ length: n }, (_, i) => `x${i}`) }),
});
const Single = defineComponent({ name: 'Single', inputs: { text: z.string() }, outputs: { text: z.string() }, run: ({ text }) => ({ text }) });
const Side = defineComponent({ name: 'Side', inputs: { v: z.int() }, outputs: { v: z.int() }, run: ({ v }) => ({ v }) });

describe.each(RUNNERS)('a failed conversion between components ($label)', (runner) => {
  it.each([0, 2])('unwrapping a list of %i items names no component and has the ConversionError as cause', async (n) => {
    const error = await rejection(
      runner.run(
        (p) => {
          p.addComponent('side', new Side()).addComponent('lists', new Lists()).addComponent('single', new Single()).connect('lists.items', 'single.text');
        },
        { side: { v: 1 }, lists: { n } },
        { pipeline: { connectionTypeValidation: true } },
      ),
    );
    expect(isErrorNamed(error, PipelineRuntimeError)).toBe(true);
    const failure = error as PipelineRuntimeError;
    expect(failure.component).toBeUndefined();
    expect(failure.cause).toBeInstanceOf(ConversionError);
    expect(isErrorNamed(failure.cause, PipelineRuntimeError)).toBe(false);
    expect(failure.message).toMatch(/Failed to perform conversion between components:\nSender component: 'lists' \(type: 'Lists'\)\nSender socket: 'items'\nReceiver component: 'single' \(type: 'Single'\)\nReceiver socket: 'text'/);
    expect(failure.message).toMatch(n === 0 ? /Cannot get first item of an empty list/ : /Cannot unwrap a list of 2 items/);
  });
});
