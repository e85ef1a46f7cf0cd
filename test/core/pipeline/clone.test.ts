import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CLONE, ChatMessage, Document, cloneValue } from '../../../src/index.js';
import { makeComponent } from './helpers.js';

describe('cloneValue', () => {
  it('deep-copies arrays, plain objects, maps, sets and dates', () => {
    const value = { a: [1, { b: 2 }], m: new Map([['k', { v: 1 }]]), s: new Set([[1]]), d: new Date(5) };
    const copy = cloneValue(value);
    expect(copy).toEqual(value);
    expect(copy).not.toBe(value);
    expect(copy.a[1]).not.toBe(value.a[1]);
    expect(copy.m.get('k')).not.toBe(value.m.get('k'));
    expect(copy.d).not.toBe(value.d);
  });

  it('keeps class instances (same prototype, copied fields) such as Document', () => {
    const doc = new Document({ content: 'hello', meta: { a: 1 } });
    const copy = cloneValue(doc);
    expect(copy).toBeInstanceOf(Document);
    expect(copy).not.toBe(doc);
    expect(copy.content).toBe('hello');
    expect(copy.id).toBe(doc.id);
    expect(copy.meta).toBe(doc.meta); // frozen: shared
  });

  it('shares frozen values, functions, components and objects whose state is private (ChatMessage)', () => {
    const frozen = Object.freeze({ a: [1] });
    expect(cloneValue(frozen)).toBe(frozen);
    const fn = () => 1;
    expect(cloneValue({ fn }).fn).toBe(fn);
    const component = makeComponent('C', {}, { v: z.number() }, () => ({ v: 1 }));
    expect(cloneValue({ component }).component).toBe(component);
    const message = ChatMessage.fromUser('hi');
    const copied = cloneValue([message]);
    expect(copied[0]).toBe(message);
    expect(copied[0]!.text).toBe('hi');
  });

  it('copies typed arrays (keeping their type) and keeps cycles', () => {
    const floats = new Float32Array([1, 2, 3]).subarray(1);
    const copy = cloneValue(floats);
    expect(copy).toBeInstanceOf(Float32Array);
    expect([...copy]).toEqual([2, 3]);
    copy[0] = 9;
    expect(floats[0]).toBe(2);
    const buffer = Buffer.from('abc');
    const copiedBuffer = cloneValue(buffer);
    expect(Buffer.isBuffer(copiedBuffer)).toBe(true);
    expect(copiedBuffer.toString()).toBe('abc');
    const cyclic: { self?: unknown } = {};
    cyclic.self = cyclic;
    const c = cloneValue(cyclic);
    expect(c.self).toBe(c);
  });

  it('lets a class decide through the CLONE method', () => {
    class Handle {
      constructor(readonly id: number) {}
      [CLONE]() {
        return this;
      }
    }
    const h = new Handle(1);
    expect(cloneValue([h])[0]).toBe(h);
  });
});
