/**
 * The Jinja2 syntax and semantics added to the template layer (slices, tuples, namespaces, loop
 * filters, `%` and `str.format`, Haystack object attributes) open no way out of the sandbox and no
 * unbounded allocation: hostile uses end in a typed error.
 */
import { describe, expect, it } from 'vitest';
import { toolCall } from '../../../../src/dataclasses/chat-message-content.js';
import {
  TemplateError,
  TemplateLimitError,
  TemplateSecurityError,
  createSandboxedEnvironment,
  renderTemplate,
} from '../../../../src/utils/templating/index.js';

function raised(template: string, variables: Record<string, unknown> = {}): unknown {
  try {
    renderTemplate(template, variables);
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('Python template semantics stay inside the sandbox', () => {
  it('assigns attributes only on namespace() objects, and never blocked names', () => {
    expect(raised('{% set d = {} %}{% set d.x = 1 %}')).toBeInstanceOf(TemplateError);
    expect(raised('{% set s = "a" %}{% set s.length = 0 %}')).toBeInstanceOf(TemplateError);
    expect(raised('{% set ns = namespace() %}{% set ns.__proto__ = 1 %}')).toBeInstanceOf(TemplateSecurityError);
    expect(raised('{% set ns = namespace() %}{% set ns.constructor = 1 %}')).toBeInstanceOf(TemplateSecurityError);
    expect(raised('{% set ns = namespace() %}{{ ns.constructor }}')).toBeInstanceOf(TemplateSecurityError);
    expect(raised('{{ namespace.constructor }}')).toBeInstanceOf(TemplateSecurityError);
  });

  it("reads a ToolCall's arguments but never a function's", () => {
    expect(renderTemplate('{{ c.arguments.q }}', { c: toolCall({ toolName: 't', arguments: { q: 'x' } }) })).toBe('x');
    const env = createSandboxedEnvironment({ globals: { f: function sloppy() {} } });
    expect(() => env.render('{{ f.arguments }}')).toThrow(TemplateSecurityError);
    expect(() => env.render('{{ f.caller }}')).toThrow(TemplateSecurityError);
  });

  it('str.format fields go through the sandbox member lookup', () => {
    expect(raised("{{ '{0.__class__}'.format('x') }}")).toBeInstanceOf(TemplateSecurityError);
    expect(raised("{{ '{0.constructor}'.format('x') }}")).toBeInstanceOf(TemplateSecurityError);
    expect(raised("{{ '{0[constructor]}'.format(d) }}", { d: {} })).toBeInstanceOf(TemplateSecurityError);
    expect(raised("{{ '{x.__proto__}'.format(x=1) }}")).toBeInstanceOf(TemplateSecurityError);
    expect(renderTemplate("{{ '{0.a}-{0[b]}'.format(d) }}", { d: { a: 1, b: 2 } })).toBe('1-2');
  });

  it('the loop helpers and slices expose no host objects', () => {
    expect(raised('{% for x in [1] %}{{ loop.changed.constructor }}{% endfor %}')).toBeInstanceOf(TemplateSecurityError);
    expect(raised('{% for x in [1] %}{{ loop.cycle.call }}{% endfor %}')).toBeUndefined();
    expect(raised('{{ "abc"[::0] }}')).toBeInstanceOf(TemplateError);
    expect(raised('{{ none[1:] }}')).toBeInstanceOf(TemplateError);
  });

  it('refuses repeats and paddings beyond maxValueLength before allocating', () => {
    const env = createSandboxedEnvironment({ limits: { maxValueLength: 1_000 } });
    for (const template of [
      "{{ 'x' * 1000000000 }}",
      '{{ [0] * 1000000000 }}',
      "{{ '%1000000000s' % 'a' }}",
      "{{ '{:1000000000}'.format('a') }}",
      "{{ 'a'.zfill(1000000000) }}",
      "{{ 'a'.center(1000000000) }}",
      "{{ 'a'.ljust(1000000000) }}",
      "{{ '%.1000000000f' % 1 }}",
      '{{ ("x" * 600) + ("y" * 600) }}',
      '{{ [1] * 600 + [2] * 600 }}',
    ]) {
      expect(() => env.render(template), template).toThrow(TemplateLimitError);
    }
  });

  it('counts the items a loop filter tests against maxLoopIterations', () => {
    const env = createSandboxedEnvironment({ limits: { maxLoopIterations: 100 } });
    expect(() => env.render('{% for i in range(1000) if i > 2000 %}{% endfor %}')).toThrow(TemplateLimitError);
  });

  it('rejects hostile names in the new syntax at compile time', () => {
    expect(raised('{% for a"b in [1] if a %}{% endfor %}')).toBeInstanceOf(TemplateError);
    expect(raised('{% set ns = namespace() %}{% set ns["a\\"b"] = 1 %}')).toBeInstanceOf(TemplateSecurityError);
    expect(raised('{% set ns = namespace() %}{% set ns["__proto__"] = 1 %}')).toBeInstanceOf(TemplateSecurityError);
    expect(raised('{% set ns = namespace() %}{% set ns[0] = 1 %}')).toBeInstanceOf(TemplateSecurityError);
    expect(raised('{% set a, b"c = 1, 2 %}')).toBeInstanceOf(TemplateError);
  });
});
