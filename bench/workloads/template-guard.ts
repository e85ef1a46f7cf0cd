/**
 * TPL (our own workload, not in WORKLOADS.md): what the template-injection guards and the render
 * budget cost on a typical RAG prompt (issue 19). `compile` is a full `env.compile` (parse, AST
 * guard, compile, generated-code check, `new Function`); `ast_guard_us` and `code_guard_us` time the
 * two checks alone on the same template, so their share of the compile is visible; `render` renders
 * the compiled prompt with 10 documents. `size` 1 is the prompt, 20 is it repeated 20 times.
 */
import { createRequire } from 'node:module';
import { Document } from '../../src/index.js';
import { assertSafeAst } from '../../src/utils/templating/ast-guard.js';
import { assertGeneratedCode } from '../../src/utils/templating/code-guard.js';
import { createSandboxedEnvironment } from '../../src/utils/templating/index.js';
import { hardenCompiler, type HardenableCompiler } from '../../src/utils/templating/safe-emit.js';
import { isMainModule, quickRequested, round, runAsScript, summarize, timeSeries } from '../lib/record.js';
import { recorder, type WorkloadOptions } from '../lib/workload.js';

/** The hybrid-RAG tutorial's prompt shape: instructions, a documents loop with metadata, the question. */
export const RAG_PROMPT = `Given the following information, answer the question.
If the answer is not contained in the documents, say "I don't know".

Context:
{% for document in documents %}
  [{{ loop.index }}] {{ document.content }}{% if document.meta.title %} (source: {{ document.meta.title }}){% endif %}
{% endfor %}

{% if documents | length == 0 %}No documents were found.{% endif %}
Question: {{ question | trim }}
Answer:
`;

const require = createRequire(import.meta.url);
const { Compiler } = require('nunjucks/src/compiler.js') as { Compiler: new (n?: string, t?: boolean) => HardenableCompiler & { getCode(): string } };
const parser = require('nunjucks/src/parser.js') as { parse(s: string, e: unknown[], o: object): unknown };
const transformer = require('nunjucks/src/transformer.js') as { transform(a: unknown, f: unknown[], n?: string): unknown };

function microseconds(reps: number, call: () => void): number {
  for (let i = 0; i < Math.max(5, reps / 10); i += 1) call();
  const start = performance.now();
  for (let i = 0; i < reps; i += 1) call();
  return round(((performance.now() - start) * 1000) / reps);
}

export async function runTemplateGuard(options: WorkloadOptions = {}) {
  const { records, put } = recorder(options.sink);
  const reps = options.quick ? 5 : 200;
  const env = createSandboxedEnvironment();
  const documents = Array.from({ length: 10 }, (_, i) => new Document({ content: `Document ${i} `.repeat(40), meta: { title: `t${i}` } }));
  for (const size of options.quick ? [1] : [1, 20]) {
    const source = Array.from({ length: size }, () => RAG_PROMPT).join('\n');
    const ast = transformer.transform(parser.parse(source, [], {}), [], undefined);
    const compiler = new Compiler(undefined, false);
    hardenCompiler(compiler);
    compiler.compile(ast);
    const code = compiler.getCode();
    const guards = { ast_guard_us: microseconds(reps, () => assertSafeAst(ast)), code_guard_us: microseconds(reps, () => assertGeneratedCode(code)) };
    const compileSamples = await timeSeries({ warmup: 5, reps }, () => env.compile(source), (t) => {
      if (t.variables.join() !== 'documents,question') throw new Error(`TPL: unexpected variables ${t.variables.join()}`);
    });
    put({ workload: 'TPL', params: { step: 'compile', size }, ...summarize(compileSamples), extra: { reps, ...guards, code_chars: code.length } });
    const compiled = env.compile(source);
    const renderSamples = await timeSeries({ warmup: 5, reps }, () => compiled.render({ documents, question: ' why? ' }), (text) => {
      if (!text.includes('Question: why?')) throw new Error('TPL: the prompt did not render');
    });
    put({ workload: 'TPL', params: { step: 'render', size }, ...summarize(renderSamples), extra: { reps, documents: documents.length } });
  }
  return records;
}

if (isMainModule(import.meta.url)) runAsScript(() => runTemplateGuard({ quick: quickRequested() }));
