/**
 * A component whose returned object throws when read (a throwing getter, a Proxy whose `ownKeys`
 * trap throws, a revoked Proxy) fails as the component: a PipelineRuntimeError naming it, with the
 * outputs produced so far, on every engine.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PipelineRuntimeError, defineComponent } from '../../../src/index.js';
import { RUNNERS, rejection } from './runners.js';

const First = defineComponent({ name: 'First', inputs: { v: z.int() }, outputs: { v: z.int(), extra: z.int() }, run: ({ v }) => ({ v, extra: v }) });

function returning(make: () => object, async: boolean) {
  const Cls = defineComponent({
    name: 'Hostile',
    inputs: { v: z.int() },
    outputs: { out: z.int() },
    run: () => (async ? Promise.resolve(make() as never) : (make() as never)),
  });
  return new Cls();
}

const boom = (): never => {
  throw new Error('read boom');
};
const shapes: readonly [string, () => object][] = [
  [
    'a throwing getter',
    () =>
      Object.defineProperty({}, 'out', {
        enumerable: true,
        get: boom,
      }),
  ],
  ['a Proxy whose ownKeys trap throws', () => new Proxy({ out: 1 }, { ownKeys: boom })],
  ['a Proxy whose get trap throws', () => new Proxy({ out: 1 }, { get: (_t, key) => (key === 'then' ? undefined : boom()) })],
  [
    'a revoked Proxy',
    () => {
      const { proxy, revoke } = Proxy.revocable({ out: 1 }, {});
      revoke();
      return proxy;
    },
  ],
];

describe.each(RUNNERS)('hostile output objects ($label)', (runner) => {
  for (const async of [false, true]) {
    it.each(shapes)(`${async ? 'resolving' : 'returning'} %s fails as the component, with partial outputs`, async (_label, make) => {
      const error = await rejection(
        runner.run(
          (p) => {
            p.addComponent('first', new First()).addComponent('hostile', returning(make, async)).connect('first.v', 'hostile.v');
          },
          { first: { v: 3 } },
          { pipeline: {} },
        ),
      );
      expect(error).toBeInstanceOf(PipelineRuntimeError);
      const failure = error as PipelineRuntimeError;
      expect(failure.component).toBe('hostile');
      expect(failure.componentType).toBe('Hostile');
      expect(failure.message).toMatch(/The following component failed to run:\nComponent name: 'hostile'/);
      expect(failure.cause).toBeInstanceOf(Error);
      expect(failure.partialOutputs).toEqual({ first: { extra: 3 } });
    });
  }

});
