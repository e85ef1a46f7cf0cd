import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { Pipeline, PipelineDrawingError, Variadic } from '../../../src/index.js';
import { makeComponent } from './helpers.js';

const addFixedValue = () =>
  makeComponent('AddFixedValue', { value: z.number(), add: z.number().optional() }, { result: z.number() }, ({ value }) => ({ result: value }));
const double = () => makeComponent('Double', { value: z.number() }, { value: z.number() }, ({ value }) => ({ value }));
const sum = () => makeComponent('Sum', { values: Variadic(z.number()) }, { total: z.number() }, ({ values }) => ({ total: values.length }));

function build(metadata?: Record<string, unknown>) {
  return new Pipeline(metadata ? { metadata } : {})
    .addComponent('first', addFixedValue())
    .addComponent('double', double())
    .addComponent('sum', sum())
    .connect('first.result', 'double.value')
    .connect('double.value', 'sum.values');
}

describe('Pipeline.toString()', () => {
  it("prints Haystack's summary: components and connections with types", () => {
    expect(build().toString()).toBe(
      '<Pipeline>\n🚅 Components\n  - first: AddFixedValue\n  - double: Double\n  - sum: Sum\n🛤️ Connections\n' +
        '  - first.result -> double.value (number)\n  - double.value -> sum.values (number)\n',
    );
  });

  it('prints the metadata first when there is some', () => {
    expect(build({ owner: 'me' }).toString()).toMatch(/^<Pipeline>\n🧱 Metadata\n  - owner: me\n🚅 Components/);
    expect(String(build())).toBe(build().toString());
  });
});

describe('Pipeline.toMermaid()', () => {
  it('draws every connection, the inputs and the outputs as Haystack does', () => {
    const text = build().toMermaid();
    expect(text.startsWith('\n%%{ init: {"theme":"neutral"} }%%\n\ngraph TD;\n\n')).toBe(true);
    const first = `first["<b>first</b><br><small><i>AddFixedValue<br><br>Optional inputs:<ul style='text-align:left;'><li>add (number | undefined)</li></ul></i></small>"]:::component`;
    const doubleNode = `double["<b>double</b><br><small><i>Double</i></small>"]:::component`;
    const sumNode = `sum["<b>sum</b><br><small><i>Sum<br><br>Optional inputs:<ul style='text-align:left;'><li>values (number)</li></ul></i></small>"]:::component`;
    expect(text).toContain(`${first} -- "result -> value<br><small><i>number</i></small>" --> ${doubleNode}`);
    expect(text).toContain(`${doubleNode} -- "value -> values<br><small><i>number</i></small>" --> ${sumNode}`);
    expect(text).toContain(`i{&ast;}--"value<br><small><i>number</i></small>"--> ${first}`);
    expect(text).toContain(`${sumNode}--"total<br><small><i>number</i></small>"--> o{&ast;}`);
    expect(text.endsWith('\nclassDef component text-align:center;\n\n')).toBe(true);
  });

  it('draws connections into optional sockets dotted, marked (opt.)', () => {
    const p = new Pipeline().addComponent('a', double()).addComponent('b', addFixedValue()).connect('a.value', 'b.add');
    expect(p.toMermaid({ theme: 'dark' })).toContain(`-. "value -> add (opt.)<br><small><i>number</i></small>" .->`);
    expect(p.toMermaid({ theme: 'dark' })).toContain('"theme":"dark"');
  });
});

describe('Pipeline.show()', () => {
  it('writes the Mermaid text to a file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'haystack-ts-draw-'));
    const path = join(dir, 'pipeline.mmd');
    await build().show({ path });
    expect(await readFile(path, 'utf8')).toBe(build().toMermaid());
  });

  it('prints it to stdout without a path', async () => {
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      await build().show();
      expect(write).toHaveBeenCalledWith(build().toMermaid());
    } finally {
      write.mockRestore();
    }
  });

  it('reports a file it cannot write as PipelineDrawingError', async () => {
    await expect(build().show({ path: '/nonexistent-dir/x/pipeline.mmd' })).rejects.toThrow(PipelineDrawingError);
  });
});
