/**
 * A component that throws or rejects with something that is not an Error (a plain object, a
 * string, `undefined`) is reported readably, with what it threw kept as `cause`.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PipelineRuntimeError, defineComponent } from '../../../src/index.js';
import { MAX_THROWN_TEXT } from '../../../src/core/thrown-value.js';
import { RUNNERS, rejection } from './runners.js';

function thrower(value: unknown, mode: 'throw' | 'reject') {
  const Cls = defineComponent({
    name: 'Thrower',
    inputs: {},
    outputs: { v: z.int() },
    run: () => {
      if (mode === 'throw') throw value;
      return Promise.reject(value);
    },
  });
  return new Cls();
}

const cases: readonly [string, unknown, RegExp][] = [
  ['a plain object', { code: 42, reason: 'quota' }, /Error: \{ code: 42, reason: 'quota' \}$/],
  ['a string', 'plain words', /Error: 'plain words'$/],
  ['undefined', undefined, /Error: undefined$/],
  ['null', null, /Error: null$/],
  ['an object without prototype', Object.assign(Object.create(null) as object, { a: 1 }), /Error: \[Object: null prototype\] \{ a: 1 \}$/],
];

describe.each(RUNNERS)('non-Error failures ($label)', (runner) => {
  for (const mode of ['throw', 'reject'] as const) {
    it.each(cases)(`${mode}ing %s gives a readable message and keeps the value as cause`, async (_label, value, message) => {
      const error = (await rejection(runner.run((p) => void p.addComponent('t', thrower(value, mode)), {}))) as PipelineRuntimeError;
      expect(error).toBeInstanceOf(PipelineRuntimeError);
      expect(error.component).toBe('t');
      expect(error.message).toMatch(message);
      expect(error.message).not.toMatch(/\[object Object\]/);
      expect(error.cause).toBe(value);
    });
  }

  it('bounds the rendering of a huge thrown value', async () => {
    const huge = { text: 'x'.repeat(100_000), list: Array.from({ length: 10_000 }, (_, i) => i) };
    const error = (await rejection(runner.run((p) => void p.addComponent('t', thrower(huge, 'throw')), {}))) as PipelineRuntimeError;
    const rendered = error.message.slice(error.message.indexOf('Error: ') + 'Error: '.length);
    expect(rendered.length).toBeLessThan(MAX_THROWN_TEXT + 100);
    expect(rendered).toMatch(/more characters\)$/);
    expect(error.cause).toBe(huge);
  });

  it('describes a thrown Proxy whose traps all throw without failing itself', async () => {
    const hostile = new Proxy(
      {},
      {
        get: () => {
          throw new Error('trap');
        },
        getPrototypeOf: () => {
          throw new Error('trap');
        },
        ownKeys: () => {
          throw new Error('trap');
        },
      },
    );
    const error = (await rejection(runner.run((p) => void p.addComponent('t', thrower(hostile, 'throw')), {}))) as PipelineRuntimeError;
    expect(error).toBeInstanceOf(PipelineRuntimeError);
    expect(error.component).toBe('t');
    expect(error.cause).toBe(hostile);
  });
});
