import nunjucks from 'nunjucks';
import { describe, expect, it } from 'vitest';
import {
  TemplateError,
  TemplateSecurityError,
  createSandboxedEnvironment,
  renderTemplate,
} from '../../../src/utils/templating/index.js';
import { HaystackError } from '../../../src/errors.js';

const escapes: Array<[string, Record<string, unknown>]> = [
  ['{{ range.constructor("return process")() }}', {}],
  ['{{ cycler.constructor("return process")() }}', {}],
  ['{{ joiner.constructor("return globalThis")() }}', {}],
  ['{{ "".constructor.constructor("return process")() }}', {}],
  ['{{ [].constructor.constructor("return process")() }}', {}],
  ['{{ {}.constructor }}', {}],
  ['{{ foo["constructor"]["constructor"]("return 1")() }}', { foo: {} }],
  ['{% set x = "constructor" %}{{ foo[x][x]("return 1")() }}', { foo: {} }],
  ['{% set x = "constr" ~ "uctor" %}{{ foo[x] }}', { foo: {} }],
  ['{{ foo[key] }}', { foo: {}, key: 'constructor' }],
  ['{{ foo[key] }}', { foo: {}, key: '__proto__' }],
  ['{{ foo.__proto__ }}', { foo: {} }],
  ['{{ foo.prototype }}', { foo: () => 1 }],
  ['{{ foo.__lookupGetter__("__proto__") }}', { foo: {} }],
  ['{{ foo.__defineGetter__ }}', { foo: {} }],
  ['{{ fn.caller }}', { fn: function named() {} }],
  ['{{ constructor }}', {}],
  ['{{ __proto__ }}', {}],
  ['{{ foo.toString.constructor("return 1")() }}', { foo: {} }],
  ['{{ r/x/.constructor }}', {}],
  ['{{ proc.env }}', { proc: process }],
  ['{{ g.process }}', { g: globalThis }],
  ['{{ leak() }}', { leak: () => Function }],
  ['{{ holder.fn("return 1") }}', { holder: { fn: Function } }],
  ['{{ items | sort(attribute="constructor") }}', { items: [{}] }],
  ['{{ items | groupby("constructor.constructor") }}', { items: [{}] }],
  ['{{ items | sum("__proto__") }}', { items: [{}] }],
  ['{{ items | selectattr("constructor") }}', { items: [{}] }],
  ['{{ range(10000000) | length }}', {}],
];

describe('template sandbox', () => {
  it.each(escapes)('refuses %s', (template, variables) => {
    let caught: unknown;
    try {
      renderTemplate(template, variables);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(TemplateSecurityError);
    expect(caught).toBeInstanceOf(HaystackError);
    expect((caught as Error).message).toMatch(/sandbox/);
  });

  it('reports literal violations at compile time', () => {
    const env = createSandboxedEnvironment();
    expect(() => env.compile('{{ a.constructor }}')).toThrow(TemplateSecurityError);
    // A computed name can only be caught while rendering.
    const compiled = env.compile('{{ a[k] }}');
    expect(compiled.render({ a: { x: 1 }, k: 'x' })).toBe('1');
    expect(() => compiled.render({ a: {}, k: 'constructor' })).toThrow(TemplateSecurityError);
  });

  it('never calls a function with the nunjucks context as `this`', () => {
    const seen: unknown[] = [];
    renderTemplate('{{ f() }}', {
      f(this: unknown) {
        seen.push(this);
        return '';
      },
    });
    expect(seen).toEqual([undefined]);
  });

  it('has no loader: include, import and extends cannot read files', () => {
    expect(() => renderTemplate('{% include "/etc/passwd" %}')).toThrow(TemplateError);
    expect(() => renderTemplate('{% extends "base.html" %}')).toThrow(TemplateError);
  });

  it('refuses dangerous globals and filter names', () => {
    const env = createSandboxedEnvironment();
    expect(() => env.addGlobal('p', process)).toThrow(TemplateSecurityError);
    expect(() => env.addGlobal('constructor', 1)).toThrow(TemplateSecurityError);
    expect(() => env.addFilter('__proto__', (v) => v)).toThrow(HaystackError);
    expect(() => env.render('{{ x | constructor }}', { x: 1 })).toThrow(TemplateError);
  });

  it('does not change nunjucks for other users in the process', () => {
    createSandboxedEnvironment().render('{{ x }}', { x: 1 });
    const runtime = (nunjucks as unknown as { runtime: { memberLookup: (o: unknown, k: string) => unknown } }).runtime;
    expect(runtime.memberLookup({}, 'constructor')).toBeTypeOf('function');
    expect(nunjucks.renderString('{{ x.constructor }}', { x: {} })).not.toBe('');
    expect(nunjucks.renderString('{{ v }}', { v: null })).toBe('');
  });

  it('lets macros use caller()', () => {
    const t = '{% macro box() %}[{{ caller() }}]{% endmacro %}{% call box() %}in{% endcall %}';
    expect(renderTemplate(t)).toBe('[in]');
  });

  it('still allows ordinary data access and safe methods', () => {
    const out = renderTemplate('{{ doc.meta.title }} {{ doc["meta"]["title"] }} {{ items[-1] }} {{ s.upper() }} {{ items.length }}', {
      doc: { meta: { title: 'T' } },
      items: [1, 2, 3],
      s: 'ab',
    });
    expect(out).toBe('T T 3 AB 3');
  });
});
