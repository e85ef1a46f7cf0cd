/**
 * Denial-of-service templates end in a TemplateLimitError naming the limit (or a TemplateError),
 * never in a V8 out-of-memory crash or an endless render. Small limits keep the tests fast; the
 * defaults are checked by the issue's own template.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { PromptBuilder } from '../../../../src/components/builders/prompt-builder.js';
import {
  TemplateError,
  TemplateLimitError,
  createSandboxedEnvironment,
  renderTemplate,
  type TemplateLimits,
} from '../../../../src/utils/templating/index.js';
import { configureTemplateLimits, resetTemplateLimits } from '../../../../src/utils/templating/limits-options.js';

afterEach(resetTemplateLimits);

function limitHit(template: string, limits: TemplateLimits, variables: Record<string, unknown> = {}): TemplateLimitError {
  const env = createSandboxedEnvironment({ limits });
  let caught: unknown;
  try {
    env.render(template, variables);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(TemplateLimitError);
  return caught as TemplateLimitError;
}

describe('bounded rendering', () => {
  it("ends the issue's repeat/split template with a typed error", () => {
    expect(() => renderTemplate('{{ ("x".repeat(400000000).split("")) | length }}')).toThrow(TemplateError);
    expect(() => renderTemplate('{{ "x".split("") }}')).toThrow(/empty separator/);
  });

  it('refuses amplifying filters before they allocate, with the default limits', () => {
    for (const template of [
      '{{ "ab" | center(1000000000) }}',
      '{{ [1] | batch(1000000000, "x") | length }}',
      '{{ [1] | slice(1000000000) | length }}',
      '{{ "a\\nb" | indent(1000000000) }}',
      '{{ "abc" | replace("", "' + 'y'.repeat(100) + '") | length }}',
    ]) {
      expect(() => renderTemplate(template.replace('"abc"', 's'), { s: 'a'.repeat(100_000) }), template).toThrow(TemplateLimitError);
    }
  });

  it('refuses Python string methods that would exceed maxValueLength', () => {
    const s = 'a b '.repeat(5_000);
    expect(limitHit('{{ s.split(" ") | length }}', { maxValueLength: 1_000 }, { s }).limit).toBe('maxValueLength');
    expect(limitHit('{{ s.split() | length }}', { maxValueLength: 1_000 }, { s }).limit).toBe('maxValueLength');
    expect(limitHit('{{ s.replace("a", "xxxx") | length }}', { maxValueLength: 30_000 }, { s }).limit).toBe('maxValueLength');
    expect(limitHit('{{ ",".join(items) | length }}', { maxValueLength: 1_000 }, { items: Array(2_000).fill('x') }).limit).toBe('maxValueLength');
  });

  it('stops exponential string growth through ~', () => {
    // A namespace carries the value across iterations (a plain `set` is scoped to one, as in Jinja2).
    const error = limitHit('{% set ns = namespace(s="x") %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s | length }}', {});
    expect(error.limit).toBe('maxValueLength');
  });

  it('counts printed values and literal template text against maxOutputLength', () => {
    expect(limitHit('{% for i in range(10000) %}{{ i }}{% endfor %}', { maxOutputLength: 1_000 }).limit).toBe('maxOutputLength');
    expect(limitHit('{% for i in range(10000) %}0123456789{% endfor %}', { maxOutputLength: 1_000 }).limit).toBe('maxOutputLength');
    expect(limitHit('{{ s }}', { maxOutputLength: 1_000 }, { s: 'x'.repeat(2_000) }).limit).toBe('maxOutputLength');
  });

  it('counts loop iterations over all loops, nested ones included', () => {
    const error = limitHit('{% for a in range(1000) %}{% for b in range(1000) %}{% endfor %}{% endfor %}', { maxLoopIterations: 10_000 });
    expect(error.limit).toBe('maxLoopIterations');
    expect(error.value).toBe(10_000);
    expect(error.message).toMatch(/limit 'maxLoopIterations' reached/);
  });

  it('enforces the deadline inside loops that print nothing', () => {
    const error = limitHit('{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}', {
      timeoutMs: 1,
      maxLoopIterations: Infinity,
    });
    expect(error.limit).toBe('timeoutMs');
  });

  it('refuses templates longer than maxTemplateLength at compile time', () => {
    const env = createSandboxedEnvironment({ limits: { maxTemplateLength: 100 } });
    expect(() => env.compile('x'.repeat(101))).toThrow(TemplateLimitError);
  });

  it('turns unbounded recursion into a TemplateError', () => {
    expect(() => renderTemplate('{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}')).toThrow(TemplateError);
  });

  it('applies process-wide limits to the components, and lets them be raised', () => {
    configureTemplateLimits({ maxOutputLength: 100 });
    const builder = new PromptBuilder({ template: '{{ q }}' });
    expect(() => builder.run({ q: 'x'.repeat(200) })).toThrow(TemplateLimitError);
    configureTemplateLimits({ maxOutputLength: 1_000 });
    expect(builder.run({ q: 'x'.repeat(200) }).prompt).toHaveLength(200);
  });

  it('lets one environment raise a limit above the process default', () => {
    configureTemplateLimits({ maxOutputLength: 100 });
    const env = createSandboxedEnvironment({ limits: { maxOutputLength: 10_000 } });
    expect(env.render('{{ s }}', { s: 'x'.repeat(5_000) })).toHaveLength(5_000);
    expect(env.limits.maxOutputLength).toBe(10_000);
  });
});
