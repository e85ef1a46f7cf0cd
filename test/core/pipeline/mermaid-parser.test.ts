// @vitest-environment jsdom
/**
 * The Mermaid text of real pipelines goes through Mermaid's own parser (the `mermaid` package,
 * which needs a DOM: jsdom for this file only). A label or node id that Mermaid cannot read fails
 * here, not in a user's browser.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import mermaid from 'mermaid';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BranchJoiner, ConditionalRouter, OpenAIChatGenerator, Pipeline, Secret, Variadic, defineComponent, loads } from '../../../src/index.js';
import type { ShowOptions } from '../../../src/core/pipeline/draw.js';

const THEMES: readonly NonNullable<ShowOptions['theme']>[] = ['default', 'neutral', 'dark', 'forest'];
// jsdom replaces the global URL, which node:fs does not take: a path, then.
const HYBRID = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/serialization/haystack-3x-hybrid-rag.yaml'), 'utf8');

/** Mermaid's verdict on a text: the diagram type, or the parser's error (thrown). */
async function parse(text: string): Promise<string> {
  return (await mermaid.parse(text)).diagramType;
}

beforeAll(() => {
  mermaid.initialize({ startOnLoad: false });
});

const HOSTILE = ['a"b', 'x<y>z', 'p|q', 'h#1', 'semi;colon', 'br[ack]et', 'br{ace}', 'par(en)', '`tick`', 'amp&er', 'ünï 日本 🚀', 'new\nline', "it's", 'a -> b', '--> o', 'end'];

const Hostile = defineComponent({
  name: 'Hostile<T> "quoted" | #1;',
  inputs: {
    ...Object.fromEntries(HOSTILE.map((name, i) => [name, i % 2 === 0 ? z.record(z.string(), z.unknown()) : z.literal(`"${name}"`).optional()])),
    meta: z.record(z.string(), z.unknown()),
    callback: z.function({ input: [z.string(), z.array(z.number())], output: z.promise(z.void()) }),
    hook: z.function().optional(),
    tuple: z.tuple([z.string(), z.map(z.string(), z.set(z.number()))]),
    shaped: z.object({ 'odd key': z.string(), '<tag>': z.number().optional() }).nullable(),
    many: Variadic(z.union([z.literal('a|b'), z.literal('c;d'), z.literal('[e]')])),
  },
  outputs: Object.fromEntries(HOSTILE.map((name) => [name, z.record(z.string(), z.array(z.string()))])),
  run: () => ({}),
});

const Echo = defineComponent({
  name: 'Echo',
  inputs: { value: z.record(z.string(), z.unknown()) },
  outputs: { value: z.record(z.string(), z.unknown()) },
  run: ({ value }) => ({ value }),
});

/** A self-correcting loop: a router sends a draft back through a joiner until it is accepted. */
function loopingPipeline(): Pipeline {
  const draft = z.object({ text: z.string(), attempts: z.number() });
  const Writer = defineComponent({
    name: 'Writer',
    inputs: { draft },
    outputs: { draft },
    run: ({ draft }) => ({ draft: { ...draft, attempts: draft.attempts + 1 } }),
  });
  const p = new Pipeline({ maxRunsPerComponent: 5 });
  p.addComponent('joiner', new BranchJoiner({ type: draft }));
  p.addComponent('writer', new Writer());
  p.addComponent(
    'router',
    new ConditionalRouter({
      routes: [
        { condition: '{{ draft.attempts >= 3 }}', output: '{{ draft }}', outputName: 'accepted', outputType: draft },
        { condition: '{{ draft.attempts < 3 }}', output: '{{ draft }}', outputName: 'retry', outputType: draft },
      ],
    }),
  );
  p.connect('joiner.value', 'writer.draft').connect('writer.draft', 'router.draft').connect('router.retry', 'joiner.value');
  return p;
}

function hostilePipeline(): Pipeline {
  const p = new Pipeline();
  p.addComponent('hostile', new Hostile());
  // Component names may hold anything but a dot: Mermaid keywords, the i/o star nodes, spaces, quotes.
  for (const name of ['end', 'i', 'o', 'class', 'graph', 'subgraph', 'style', 'click', 'default', 'my node', 'q"uote', 'x[1]', 'ünï', 'endpoint', 'x', '_', 'a-b', 'A---oB']) {
    p.addComponent(name, new Echo());
  }
  p.connect('end.value', 'i.value').connect('i.value', 'o.value').connect('o.value', 'my node.value');
  p.connect('q"uote.value', 'x[1].value').connect('hostile.a"b', 'ünï.value').connect('class.value', 'A---oB.value');
  return p;
}

describe('Mermaid text through Mermaid’s parser', () => {
  it("parses the hybrid-RAG pipeline (Haystack 3.x's YAML) in every theme", async () => {
    const pipeline = loads(HYBRID);
    for (const theme of THEMES) expect(await parse(pipeline.toMermaid({ theme }))).toBe('flowchart-v2');
  });

  it('parses a looping pipeline, with its back edge and a generator with function sockets', async () => {
    const pipeline = loopingPipeline();
    pipeline.addComponent('llm', new OpenAIChatGenerator({ apiKey: Secret.fromToken('sk-test') }));
    for (const theme of THEMES) expect(await parse(pipeline.toMermaid({ theme }))).toBe('flowchart-v2');
    // The back edge into the joiner is drawn.
    expect(pipeline.toMermaid()).toMatch(/router\[.*-- "retry -> value<br>.*--> joiner\[/);
  });

  it('parses sockets and components with hostile names and types', async () => {
    const text = hostilePipeline().toMermaid();
    expect(text).toContain('Record#lt;string, unknown#gt;');
    // Names Mermaid cannot take as ids get one; plain names stay, as Haystack writes them.
    expect(text).toMatch(/component\.\d+\["<b>end<\/b>/);
    expect(text).toMatch(/(^|\s)endpoint\["<b>endpoint<\/b>/m);
    for (const theme of THEMES) expect(await parse(hostilePipeline().toMermaid({ theme }))).toBe('flowchart-v2');
  });

  it('parses an empty pipeline and a lone component', async () => {
    expect(await parse(new Pipeline().toMermaid())).toBe('flowchart-v2');
    expect(await parse(new Pipeline().addComponent('echo', new Echo()).toMermaid())).toBe('flowchart-v2');
  });

  it('rejects broken text, so the checks above can fail', async () => {
    const text = new Pipeline().addComponent('echo', new Echo()).toMermaid();
    await expect(parse(text.replace('"<b>echo</b>', '"<b>ec"ho</b>'))).rejects.toThrow(/Parse error/);
    await expect(parse(text.replace('--"value', '--"va"lue'))).rejects.toThrow(/Parse error/);
    await expect(parse(text.replace('echo[', 'end['))).rejects.toThrow(/Parse error/);
    await expect(parse(text.replace('--"value', '--"`va`lue'))).rejects.toThrow(/error/);
  });
});
