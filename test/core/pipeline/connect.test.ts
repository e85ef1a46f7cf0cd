import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Pipeline, PipelineConnectError, Variadic } from '../../../src/index.js';
import { makeComponent } from './helpers.js';

const num = () => makeComponent('Num', { value: z.number() }, { value: z.number() }, ({ value }) => ({ value }));
const two = () =>
  makeComponent('Two', { a: z.number(), b: z.number() }, { x: z.number(), y: z.number() }, ({ a, b }) => ({ x: a, y: b }));
const str = () => makeComponent('Str', { text: z.string() }, { text: z.string() }, ({ text }) => ({ text }));
const list = () =>
  makeComponent('List', { items: z.array(z.string()) }, { items: z.array(z.string()) }, ({ items }) => ({ items }));

describe('Pipeline.connect: resolution', () => {
  it('connects explicit sockets and lists the connection', () => {
    const p = new Pipeline().addComponent('a', num()).addComponent('b', num()).connect('a.value', 'b.value');
    expect(p.connections()).toEqual([{ sender: 'a.value', receiver: 'b.value' }]);
  });

  it('resolves the short form when exactly one pair of types matches', () => {
    const q = new Pipeline().addComponent('s', str()).addComponent('m', makeComponent('M', { n: z.number(), t: z.string() }, {}, () => ({})));
    q.connect('s', 'm');
    expect(q.connections()).toEqual([{ sender: 's.text', receiver: 'm.t' }]);
  });

  it('picks the pair with equal names when several pairs match', () => {
    const p = new Pipeline().addComponent('a', two()).addComponent('b', makeComponent('B', { x: z.number(), z: z.number() }, {}, () => ({})));
    p.connect('a', 'b');
    expect(p.connections()).toEqual([{ sender: 'a.x', receiver: 'b.x' }]);
  });

  it('reports ambiguity with a suggestion and the socket status', () => {
    const p = new Pipeline().addComponent('a', two()).addComponent('b', two());
    expect(() => p.connect('a', 'b')).toThrow(
      "Pipeline.connect: Cannot connect 'a' with 'b': more than one connection is possible between these components. Please specify the connection name, like: pipeline.connect('a.x', 'b.a').\n'a':\n - x: number\n - y: number\n'b':\n - a: number (available)\n - b: number (available)",
    );
  });

  it('prefers strict pairs over pairs that need a conversion', () => {
    const sender = makeComponent('S', {}, { one: z.string(), many: z.array(z.string()) }, () => ({}));
    const receiver = makeComponent('R', { items: z.array(z.string()) }, {}, () => ({}));
    const p = new Pipeline().addComponent('s', sender).addComponent('r', receiver).connect('s', 'r');
    expect(p.connections()).toEqual([{ sender: 's.many', receiver: 'r.items' }]);
  });

  it('accepts anything when connectionTypeValidation is off', () => {
    const p = new Pipeline({ connectionTypeValidation: false }).addComponent('n', num()).addComponent('s', str()).connect('n', 's');
    expect(p.connections()).toEqual([{ sender: 'n.value', receiver: 's.text' }]);
  });

  it('lists connections in Haystack graph-edge order: senders by insertion, receivers by first connection', () => {
    const p = new Pipeline()
      .addComponent('z', two())
      .addComponent('b', makeComponent('Sink', { v: Variadic(z.number()) }, {}, () => ({})))
      .addComponent('a', makeComponent('Sink', { v: Variadic(z.number()) }, {}, () => ({})));
    p.connect('z.y', 'b.v').connect('z.x', 'a.v').connect('z.x', 'b.v');
    expect(p.connections().map((c) => `${c.sender}>${c.receiver}`)).toEqual(['z.y>b.v', 'z.x>b.v', 'z.x>a.v']);
  });
});

describe('Pipeline.connect: errors', () => {
  it('rejects self-loops before anything else', () => {
    const p = new Pipeline().addComponent('a', num());
    expect(() => p.connect('a.value', 'a.value')).toThrow(/Connecting a Component to itself is not supported/);
    // @ts-expect-error: unknown component (also a compile error on a chained pipeline)
    expect(() => p.connect('ghost', 'ghost')).toThrow(/itself/);
  });

  it('names unknown components', () => {
    const p = new Pipeline().addComponent('a', num());
    const error = (() => {
      try {
        // @ts-expect-error: unknown component (also a compile error on a chained pipeline)
        p.connect('a', 'b');
      } catch (e) {
        return e as PipelineConnectError;
      }
    })();
    expect(error).toBeInstanceOf(PipelineConnectError);
    expect(error?.message).toMatch(/^Pipeline\.connect: Component named 'b' not found/);
    expect(error?.component).toBe('b');
  });

  it('names unknown sockets and lists the existing ones', () => {
    const p = new Pipeline().addComponent('a', num()).addComponent('b', num());
    // @ts-expect-error: unknown socket (also a compile error)
    expect(() => p.connect('a.nope', 'b')).toThrow("Pipeline.connect: 'a.nope' does not exist. Output connections of a are: value (type number)");
    // @ts-expect-error: unknown socket (also a compile error)
    expect(() => p.connect('a', 'b.nope')).toThrow("Pipeline.connect: 'b.nope' does not exist. Input connections of b are: value (type number)");
  });

  it('rejects a sender without outputs', () => {
    const p = new Pipeline().addComponent('a', makeComponent('NoOut', { value: z.number() }, {}, () => ({}))).addComponent('b', num());
    expect(() => p.connect('a', 'b')).toThrow(/'a' does not have any output connections/);
  });

  it('reports mismatched types of two named sockets', () => {
    const p = new Pipeline().addComponent('n', num()).addComponent('s', str());
    expect(() => p.connect('n.value', 's.text')).toThrow(
      "Pipeline.connect: Cannot connect 'n.value' with 's.text': their declared input and output types do not match.\n'n':\n - value: number\n's':\n - text: string (available)",
    );
    p.addComponent('t', two());
    // @ts-expect-error: 't' was added by a statement, which a chained pipeline's type does not see
    expect(() => p.connect('t', 's')).toThrow(/Cannot connect 't' with 's': no matching connections available/);
  });

  it('refuses a second sender on a non-list socket and names the first sender', () => {
    const p = new Pipeline().addComponent('a', num()).addComponent('b', num()).addComponent('c', num());
    p.connect('a', 'c');
    expect(() => p.connect('b', 'c')).toThrow(/Component 'c' cannot accept multiple inputs to 'value'. It is already connected to component 'a'/);
  });
});

describe('Pipeline.connect: multiple senders', () => {
  it('promotes a list socket to auto-variadic at the second sender and flattens the lists', async () => {
    const p = new Pipeline().addComponent('a', list()).addComponent('b', list()).addComponent('c', list());
    p.connect('a', 'c').connect('b', 'c');
    expect(p.inputs()).toMatchObject({ c: { items: { isMandatory: false } } });
    const out = await p.run({ a: { items: ['x'] }, b: { items: ['y', 'z'] } });
    expect(out).toEqual({ c: { items: ['x', 'y', 'z'] } });
  });

  it('ignores a connection that is already there (and, coarsely, another pair between the same sockets)', () => {
    const p = new Pipeline().addComponent('a', two()).addComponent('b', two());
    p.connect('a.x', 'b.a').connect('a.x', 'b.a');
    p.connect('a.y', 'b.b');
    // Haystack's coarse check: 'a.x' already feeds 'b' and 'b.b' is already fed by 'a'.
    p.connect('a.x', 'b.b');
    expect(p.connections()).toEqual([
      { sender: 'a.x', receiver: 'b.a' },
      { sender: 'a.y', receiver: 'b.b' },
    ]);
  });

  it('allows cycles through two components', () => {
    const joiner = makeComponent('J', { value: Variadic(z.number()) }, { value: z.number() }, ({ value }) => ({ value: value[0]! }));
    const p = new Pipeline().addComponent('j', joiner).addComponent('n', num()).connect('j', 'n').connect('n', 'j');
    expect(p.connections()).toHaveLength(2);
  });
});
