import { describe, expect, it } from 'vitest';
import {
  TemplateError,
  createSandboxedEnvironment,
  pythonRepr,
  renderTemplate,
} from '../../../src/utils/templating/index.js';

describe('rendering like Jinja2', () => {
  it('prints values as Python str() does', () => {
    expect(renderTemplate('{{ a }}|{{ b }}|{{ c }}|{{ d }}|{{ e }}|{{ f }}', {
      a: null,
      b: true,
      c: ['a', 1, null, false],
      d: { k: "it's", n: 1.5 },
      e: 0.1,
      f: undefined,
    })).toBe(`None|True|['a', 1, None, False]|{'k': "it's", 'n': 1.5}|0.1|`);
    expect(pythonRepr('a\nb')).toBe("'a\\nb'");
    expect(pythonRepr(new Set())).toBe('set()');
  });

  it('can print like nunjucks instead', () => {
    const env = createSandboxedEnvironment({ pythonOutput: false });
    expect(env.render('{{ a }}|{{ b }}|{{ c }}', { a: null, b: true, c: [1, 2] })).toBe('|true|1,2');
  });

  it('drops exactly one trailing newline and keeps other whitespace', () => {
    expect(renderTemplate('Hello {{ name }}!\n', { name: 'x' })).toBe('Hello x!');
    expect(renderTemplate('Hello\n\n', {})).toBe('Hello\n');
    expect(renderTemplate('  {% if true %}\nA\n{% endif %}  ', {})).toBe('  \nA\n  ');
  });

  it('renders undefined variables as empty and raises on attribute access of them', () => {
    expect(renderTemplate('[{{ missing }}]{% for x in missing %}x{% endfor %}{{ missing | length }}', {})).toBe('[]0');
    expect(() => renderTemplate('{{ missing.attr }}', {})).toThrow(/cannot read 'attr' of an undefined value/);
    expect(renderTemplate('[{{ obj.missing }}]', { obj: {} })).toBe('[]');
  });

  it('supports Jinja names, tests, Python string and dict methods, tojson', () => {
    expect(renderTemplate('{{ True }} {{ False }} {{ None }}', {})).toBe('True False None');
    expect(renderTemplate('{% if x is none %}n{% endif %}{% if y is mapping %}m{% endif %}', { x: null, y: {} })).toBe('nm');
    expect(renderTemplate('{{ s.strip() }}|{{ s.split() }}|{{ "a-b".replace("-", "+") }}|{{ "ab".startswith("a") }}', { s: ' x y ' })).toBe(
      "x y|['x', 'y']|a+b|True",
    );
    expect(renderTemplate('{{ d.get("a") }} {{ d.get("z", 0) }} {{ d.keys() }} {{ d.items() }}', { d: { a: 1 } })).toBe(
      "1 0 ['a'] [('a', 1)]",
    );
    expect(renderTemplate('{{ d | tojson }}', { d: { a: [1, '<'] } })).toBe('{"a": [1, "\\u003c"]}');
    expect(renderTemplate('{{ ", ".join(xs) }}', { xs: ['a', 'b'] })).toBe('a, b');
  });

  it('supports loops, macros, set blocks and filters', () => {
    const template =
      '{% macro item(d, p="-") %}{{ p }}{{ d.content }}{% endmacro %}' +
      '{% for d in docs %}{{ loop.index }}{{ item(d) }}{% if not loop.last %},{% endif %}{% endfor %}' +
      '{% set footer %}({{ docs | length }}){% endset %}{{ footer }}';
    expect(renderTemplate(template, { docs: [{ content: 'a' }, { content: 'b' }] })).toBe('1-a,2-b(2)');
  });

  it('reports syntax errors with a location', () => {
    let caught: unknown;
    try {
      renderTemplate('line one\n{{ x }', {});
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(TemplateError);
    expect((caught as TemplateError).message).toMatch(/syntax error/);
    expect((caught as TemplateError).line).toBe(2);
  });

  it('wraps errors thrown by filters', () => {
    const env = createSandboxedEnvironment({
      filters: {
        boom: () => {
          throw new Error('kaput');
        },
      },
    });
    expect(() => env.render('{{ 1 | boom }}')).toThrow(/kaput/);
  });

  it('returns native values for single-expression templates', () => {
    const env = createSandboxedEnvironment();
    expect(env.compile('{{ docs }}').renderNative({ docs: [1, 2] })).toEqual([1, 2]);
    expect(env.compile('{{ n + 1 }}').renderNative({ n: 1 })).toBe(2);
    expect(env.compile('a{{ docs }}').renderNative({ docs: [1] })).toBe('a[1]');
  });

  it('accepts custom filters and globals', () => {
    const env = createSandboxedEnvironment({ filters: { twice: (v) => `${String(v)}${String(v)}` }, globals: { site: 'H' } });
    expect(env.render('{{ "a" | twice }}{{ site }}')).toBe('aaH');
    expect(env.compile('{{ site }}{{ q }}').variables).toEqual(['q']);
  });
});
