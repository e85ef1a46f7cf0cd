/**
 * The generated-code verifier is an independent line of defence: on its own it rejects the code
 * stock nunjucks generates for every probe, and classic JavaScript smuggling tricks, while the
 * code the sandbox compiles for ordinary templates passes it (they render).
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { assertGeneratedCode } from '../../../../src/utils/templating/code-guard.js';
import { TemplateSecurityError, renderTemplate } from '../../../../src/utils/templating/index.js';
import { PROBES } from './probes.js';

const require = createRequire(import.meta.url);
const { Compiler } = require('nunjucks/src/compiler.js') as { Compiler: new (n?: string, t?: boolean) => { compile(ast: unknown): void; getCode(): string } };
const parser = require('nunjucks/src/parser.js') as { parse(s: string, e: unknown[], o: object): unknown };
const transformer = require('nunjucks/src/transformer.js') as { transform(a: unknown, f: unknown[], n?: string): unknown };

function stockCode(source: string): string {
  const compiler = new Compiler(undefined, false);
  compiler.compile(transformer.transform(parser.parse(source, [], {}), [], undefined));
  return compiler.getCode();
}

const valid = `function root(env, context, frame, runtime, cb) {
var lineno = 0;
var colno = 0;
var output = "";
try {
output += runtime.suppressValue(runtime.contextOrFrameLookup(context, frame, "a"), env.opts.autoescape);
cb(null, output);
} catch (e) {
  cb(runtime.handleError(e, lineno, colno));
}
}
return {
root: root
};`;

describe('generated-code verification', () => {
  it('accepts the shape nunjucks emits', () => {
    expect(() => assertGeneratedCode(valid)).not.toThrow();
  });

  it.each(Object.entries(PROBES))("rejects stock nunjucks' code for the %s probe", (_name, probe) => {
    expect(() => assertGeneratedCode(stockCode(probe))).toThrow(TemplateSecurityError);
  });

  const smuggled: Array<[string, string]> = [
    ['a free Function', 'Function("return process")()'],
    ['globalThis', 'globalThis.x = 1'],
    ['process', 'process.exit()'],
    ['require', 'require("fs")'],
    ['constructor through a member', 'env.constructor.constructor("x")()'],
    ['__proto__', 'frame.__proto__'],
    ['a computed member with a string key', 'frame["constructor"]["constructor"]("x")()'],
    ['a template literal', 'runtime.x`y`'],
    ['a single-quoted string', "frame.set('a', 1)"],
    ['a regular expression literal', 'var t_1 = /a/.source'],
    ['a regex after return', 'return /a/'],
    ['a regex after an if header', 'if (t_1) /"/.x'],
    ['a line comment', 'output // "'],
    ['a block comment', 'output /* "'],
    ['an HTML comment', 'output <!-- x'],
    ['a decrement (start of -->)', 't_1-->t_2'],
    ['a unicode escape in a name', '\\u0046unction("x")'],
    ['a non-ASCII name', 'ƒ()'],
    ['an arrow function', 't_1 => t_1'],
    ['optional chaining', 'env?.constructor'],
    ['a runtime member outside the allowlist', 'runtime.constructor'],
    ['Object outside its one shape', 'Object.getPrototypeOf(env)'],
    ['a bigint-style glued token', '1n'],
    ['a raw line separator in a string', '"a\u2028b"'],
  ];
  it.each(smuggled)('rejects %s', (_what, code) => {
    expect(() => assertGeneratedCode(code)).toThrow(TemplateSecurityError);
  });

  const ordinary = [
    '{% for k, v in d | dictsort %}{{ k }}={{ v }};{% endfor %}',
    '{% for a, b in pairs %}{{ a }}{{ b }}{% else %}none{% endfor %}',
    '{% macro m(x, y=2, z="q") %}{{ x }}{{ y }}{{ z }}{% endmacro %}{{ m(1) }}{{ m(1, z=3) }}',
    '{% macro w() %}[{{ caller() }}]{% endmacro %}{% call w() %}inner{% endcall %}',
    '{% set x %}cap{{ 1 }}{% endset %}{{ x }}{% filter upper %}abc{% endfilter %}{% raw %}{{ x }}{% endraw %}',
    '{% block b %}blk{% endblock %}',
    '{{ 7 // 2 }} {{ 2 ** 3 }} {{ 7 % 3 }} {{ 7 / 2 }} {{ -1 }} {{ 1 < 2 < 3 }} {{ not true }}',
    '{{ "a" in "abc" }} {{ 1 not in [1] }} {{ x is none }} {{ 4 is divisibleby(2) }} {{ 1 if true else 2 }}',
    '{{ "x" ~ 1 }} {{ {"a": 1, b: [1, 2.5]}["a"] }} {{ d.a }} {{ d["a"] }} {{ items[-1] }}',
    '{% for i in range(3) %}{{ loop.index }}{{ loop.first }}{{ loop.last }}{% endfor %}',
    '{% set c = cycler("a", "b") %}{{ c.next() }}{{ c.next() }}{% set j = joiner(",") %}{{ j() }}x{{ j() }}y',
    '{{ items | join(", ") }} {{ items | map("upper") | list }} {{ text.strip().split() }}',
    '{{ "\\u2028\\u2029\\n\'\\"" | length }} {{ 99999999999999999999999 }}',
    '{%- if x -%} a {%- elif y %}b{% else %}c{% endif -%}',
  ];
  it.each(ordinary)('lets the sandbox compile and render %s', (template) => {
    expect(() =>
      renderTemplate(template, { d: { a: 1, b: 2 }, pairs: [[1, 2]], items: ['a', 'b'], text: ' p q ', x: 0, y: 1 }),
    ).not.toThrow();
  });
});
