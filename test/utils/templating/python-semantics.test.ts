import nunjucks from 'nunjucks';
import { describe, expect, it } from 'vitest';
import { createSandboxedEnvironment } from '../../../src/utils/templating/index.js';
import { pythonEquals } from '../../../src/python/equals.js';

const env = createSandboxedEnvironment();
const render = (source: string, vars: Record<string, unknown> = {}) => env.render(source, vars);

describe('Python semantics in templates', () => {
  it('compares lists and dicts by value, as Jinja does', () => {
    expect(render("{{ replies == ['Rome'] }}", { replies: ['Rome'] })).toBe('True');
    expect(render("{{ replies != ['Rome'] }}", { replies: ['Paris'] })).toBe('True');
    expect(render("{{ d == {'a': [1, 2]} }}", { d: { a: [1, 2] } })).toBe('True');
    expect(render("{{ d == {'a': [1, 3]} }}", { d: { a: [1, 2] } })).toBe('False');
  });

  it("follows Python's numeric equality and keeps strings apart from numbers", () => {
    expect(render('{{ 1 == 1.0 }} {{ True == 1 }} {{ "1" == 1 }} {{ none == None }}')).toBe('True True False True');
    expect(pythonEquals(undefined, null)).toBe(true);
    expect(pythonEquals(0, '')).toBe(false);
  });

  it("compares dates by instant and bigints by value, as the filters' == does", () => {
    // These two cases were where templates and metadata filters disagreed: templates said False.
    expect(render('{{ a == b }} {{ a == c }}', { a: new Date(0), b: new Date(0), c: new Date(86_400_000) })).toBe('True False');
    expect(render('{{ n == 2 }} {{ n == 2.5 }} {{ [n] == [2] }}', { n: 2n })).toBe('True False True');
    expect(render("{{ 2 in items }}", { items: [2n] })).toBe('True');
  });

  it("reports loop.changed with Python's !=, so 1 after True is no change", () => {
    expect(render('{% for x in xs %}{% if loop.changed(x) %}{{ x }};{% endif %}{% endfor %}', { xs: [true, 1, 2, 2, [1], [true]] })).toBe('True;2;[1];');
  });

  it('evaluates chained comparisons as Python does', () => {
    expect(render('{{ 1 < 2 < 3 }} {{ 3 > 2 > 2 }}')).toBe('True False');
  });

  it('tests membership by equality', () => {
    expect(render("{{ ['a'] in items }} {{ 'x' in 'xyz' }} {{ 'k' in d }}", { items: [['a']], d: { k: 1 } })).toBe('True True True');
  });

  it('supports the keyword forms of join, map, unique, min and max', () => {
    const docs = [{ content: 'b', n: 2 }, { content: 'a', n: 1 }, { content: 'b', n: 3 }];
    expect(render("{{ docs|join(', ', attribute='content') }}", { docs })).toBe('b, a, b');
    expect(render("{{ docs|map(attribute='content')|join('') }}", { docs })).toBe('bab');
    expect(render("{{ words|map('upper')|join(' ') }}", { words: ['x', 'y'] })).toBe('X Y');
    expect(render("{{ docs|unique(attribute='content')|map(attribute='n')|join(',') }}", { docs })).toBe('2,1');
    expect(render("{{ (docs|min(attribute='n')).content }} {{ (docs|max(attribute='n')).n }}", { docs })).toBe('a 3');
    expect(render('{{ [1, 2.5]|join(";") }}')).toBe('1;2.5');
  });

  it('still refuses sandbox escapes through the new filters', () => {
    expect(() => render("{{ docs|map(attribute='constructor') }}", { docs: [{}] })).toThrow(/sandbox/i);
    expect(() => render("{{ docs|join(',', attribute='__proto__') }}", { docs: [{}] })).toThrow(/sandbox/i);
  });

  it('leaves plain nunjucks users untouched', () => {
    expect(nunjucks.renderString("{{ a == ['x'] }}", { a: ['x'] })).toBe('false');
  });
});
