import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineComponent, type AnyComponent } from '../../../src/index.js';
import { AddFixedValue } from '../../fixtures/sample-components/index.js';
import { anyOrder, deepCopy, expectSameNested, recordCalls, type ScenarioGraph } from './harness.js';

// The harness decides whether a scenario passes, so its recording and comparison are tested on
// their own: a harness that records nothing or compares leniently would make every scenario pass.

function graphOf(components: Record<string, AnyComponent>): ScenarioGraph {
  return {
    addComponent: () => undefined,
    connect: () => undefined,
    walk: () => Object.entries(components),
  };
}

class Point {
  constructor(
    readonly x: number,
    readonly tags: string[],
  ) {}
  norm() {
    return Math.abs(this.x);
  }
}

describe('feature harness', () => {
  it('records a copy of each call input per visit and restarts counting on reset', async () => {
    const Mangler = defineComponent({
      name: 'Mangler',
      inputs: { list: z.array(z.string()) },
      outputs: { list: z.array(z.string()) },
      run: ({ list }) => {
        list.push('extra');
        return { list };
      },
    });
    const add = new AddFixedValue();
    const mangler = new Mangler();
    const recorder = recordCalls(graphOf({ add, mangler }));
    add.run({ value: 1, add: undefined });
    add.run({ value: 2 });
    mangler.run({ list: ['a'] });
    expect(recorder.calls).toEqual({ 'add#1': { value: 1, add: undefined }, 'add#2': { value: 2 }, 'mangler#1': { list: ['a'] } });
    expect(Object.keys(recorder.calls['add#1'] ?? {})).toEqual(['value', 'add']);
    recorder.reset();
    add.run({ value: 3 });
    expect(recorder.calls).toEqual({ 'add#1': { value: 3 } });
  });

  it('counts a runAsync that delegates to run once', async () => {
    const Both = defineComponent({
      name: 'Both',
      inputs: { value: z.number() },
      outputs: { value: z.number() },
      run: ({ value }) => ({ value }),
    });
    const both = new Both();
    both.runAsync = async (input) => both.run(input);
    const recorder = recordCalls(graphOf({ both }));
    await both.runAsync({ value: 1 });
    expect(recorder.calls).toEqual({ 'both#1': { value: 1 } });
    expect(() => recordCalls(graphOf({ both }))).toThrow(/already recorded/);
  });

  it('deep-copies plain data and class instances, keeping prototypes and shared references', () => {
    const shared = ['t'];
    const original = { points: [new Point(-2, shared), new Point(3, shared)], bytes: new Uint8Array([1, 2]), when: new Date(0) };
    const copy = deepCopy(original);
    expect(copy).toEqual(original);
    expect(copy.points[0]).toBeInstanceOf(Point);
    expect(copy.points[0]?.norm()).toBe(2);
    expect(copy.points[0]?.tags).not.toBe(shared);
    expect(copy.points[0]?.tags).toBe(copy.points[1]?.tags);
    expect(copy.bytes).not.toBe(original.bytes);
    original.bytes[0] = 9;
    expect(copy.bytes[0]).toBe(1);
    const component = new AddFixedValue();
    expect(deepCopy({ component }).component).toBe(component);
  });

  it('anyOrder matches the same items in any order and nothing else', () => {
    expect(['b', 'a']).toEqual(anyOrder(['a', 'b']));
    expect([3, 3, 5]).toEqual(anyOrder([5, 3, 3]));
    expect(['a', 'a']).not.toEqual(anyOrder(['a', 'b']));
    expect(['a']).not.toEqual(anyOrder(['a', 'b']));
    expect('ab').not.toEqual(anyOrder(['a', 'b']));
    expect([{ c: 'y' }, { c: 'x' }]).toEqual(anyOrder([{ c: 'x' }, { c: 'y' }], (d) => d.c));
  });

  it('compares nested maps as Haystack does: names, sockets, then values', () => {
    expect(() => expectSameNested({ a: { x: 1 } }, { a: { x: 1 } }, 'same')).not.toThrow();
    expect(() => expectSameNested({ a: { x: 1 }, b: { y: 1 } }, { a: { x: 1 } }, 'extra entry')).toThrow(/which entries/);
    expect(() => expectSameNested({ a: { x: 1 } }, { a: { x: 1, y: undefined } }, 'missing socket')).toThrow(/sockets of 'a'/);
    expect(() => expectSameNested({ a: { x: 1, y: undefined } }, { a: { x: 1 } }, 'extra socket')).toThrow(/sockets of 'a'/);
    expect(() => expectSameNested({ a: { x: [1, 2] } }, { a: { x: [2, 1] } }, 'order')).toThrow(/'a'.x/);
    expect(() => expectSameNested({ a: { x: [1, 2] } }, { a: { x: anyOrder([2, 1]) } }, 'any order')).not.toThrow();
  });
});

describe('feature harness: classes with private state', () => {
  class Message {
    readonly #text: string;
    constructor(text: string) {
      this.#text = text;
    }
    get text() {
      return this.#text;
    }
    toDict() {
      return { text: this.#text };
    }
  }
  class Other {
    toDict() {
      return { text: 'a' };
    }
  }

  it('compares values with toDict() by class and toDict(), not by (invisible) own fields', () => {
    expect(new Message('a')).toEqual(new Message('a'));
    expect(new Message('a')).not.toEqual(new Message('b'));
    expect([{ m: new Message('a') }]).not.toEqual([{ m: new Message('b') }]);
    expect(new Message('a')).not.toEqual(new Other());
    expect(() => expectSameNested({ x: { m: [new Message('a')] } }, { x: { m: [new Message('b')] } }, 'msg')).toThrow();
  });

  it('shares instances whose state is private instead of copying them into broken shells', () => {
    const message = new Message('a');
    const copy = deepCopy({ messages: [message] });
    expect(copy.messages[0]).toBe(message);
    expect(copy.messages[0]?.text).toBe('a');
  });
});

describe('feature harness: concurrent calls', () => {
  it('records concurrent calls of one instance as separate visits', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const Waiter = defineComponent({
      name: 'Waiter',
      inputs: { value: z.number() },
      outputs: { value: z.number() },
      run: ({ value }) => ({ value }),
      runAsync: async ({ value }) => {
        await gate;
        return { value };
      },
    });
    const waiter = new Waiter();
    const recorder = recordCalls(graphOf({ waiter }));
    const first = waiter.runAsync?.({ value: 1 });
    const second = waiter.runAsync?.({ value: 2 });
    release();
    await Promise.all([first, second]);
    expect(recorder.calls).toEqual({ 'waiter#1': { value: 1 }, 'waiter#2': { value: 2 } });
  });
});
