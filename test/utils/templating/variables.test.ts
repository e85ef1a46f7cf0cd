import { describe, expect, it } from 'vitest';
import { TemplateError, analyzeTemplate, templateVariables } from '../../../src/utils/templating/index.js';

describe('templateVariables (Haystack: find_undeclared_variables minus set targets)', () => {
  it('lists variables in first-appearance order', () => {
    expect(templateVariables('{{ query }} {% for d in documents %}{{ d.content }}{% endfor %} {{ query }} {{ extra }}')).toEqual([
      'query',
      'documents',
      'extra',
    ]);
  });

  it('reads the Jinja2 syntax: loop filters, slices, namespaces, tuple unpacking', () => {
    expect(templateVariables('{% for d in docs if d.score > min_score %}{{ d.content[:n] }}{% endfor %}')).toEqual(['docs', 'min_score', 'n']);
    expect(templateVariables('{% set ns = namespace(n=0) %}{% set ns.n = ns.n + step %}{{ ns.n }}')).toEqual(['step']);
    expect(templateVariables('{% set a, b = pair %}{{ a }}{{ b }}{{ (c, d) }}')).toEqual(['pair', 'c', 'd']);
  });

  it('excludes loop variables, loop, macro arguments and globals', () => {
    expect(
      templateVariables(
        '{% for k, v in pairs %}{{ k }}{{ v }}{{ loop.index }}{% endfor %}' +
          '{% macro m(a, b=dflt) %}{{ a }}{{ b }}{{ caller }}{% endmacro %}{{ m(x) }}' +
          '{% for i in range(3) %}{{ i }}{% endfor %}{{ True }}',
      ),
    ).toEqual(['pairs', 'dflt', 'x']);
  });

  it('removes every {% set %} target, wherever it is assigned (#9916)', () => {
    expect(templateVariables('{{ a }}{% if c %}{% set a = 1 %}{% endif %}{% set x, y = [1, 2] %}{{ x }}{{ y }}')).toEqual(['c']);
    expect(templateVariables('{% set block %}{{ inner }}{% endset %}{{ block }}')).toEqual(['inner']);
  });

  it('does not report filter names, test names, keyword names or dict keys', () => {
    expect(
      templateVariables('{{ a | default(b, boolean=true) }}{% if c is defined %}{% endif %}{{ {key: val}.key }}{{ f(kw=w) }}'),
    ).toEqual(['a', 'b', 'c', 'val', 'f', 'w']);
  });

  it('reports a loop variable used outside its loop', () => {
    expect(templateVariables('{% for d in docs %}{{ d }}{% endfor %}{{ d }}')).toEqual(['docs', 'd']);
  });

  it('tells whether a template is a single expression', () => {
    expect(analyzeTemplate('{{ x }}').singleExpression).toBe(true);
    expect(analyzeTemplate('{{ x }} ').singleExpression).toBe(false);
    expect(analyzeTemplate('{% set a = 1 %}').assigned).toEqual(['a']);
  });

  it('throws TemplateError on syntax errors', () => {
    expect(() => templateVariables('{% for x in %}')).toThrow(TemplateError);
  });
});
