/**
 * The syntax-tree guard: every position whose text nunjucks pastes into generated code must hold
 * an identifier, regex literals and template loading are refused, and node types it does not
 * know fail closed.
 */
import { describe, expect, it } from 'vitest';
import { assertSafeAst } from '../../../../src/utils/templating/ast-guard.js';
import { TemplateError, TemplateSecurityError, renderTemplate } from '../../../../src/utils/templating/index.js';

const Q = 'a"b';

describe('syntax-tree guard', () => {
  const positions: Array<[string, string]> = [
    ['a variable', `{{ ${Q} }}`],
    ['a set target', `{% set ${Q} = 1 %}`],
    ['a quoted set target', '{% set "x" = 1 %}'],
    ['a loop variable', `{% for ${Q} in [1] %}{% endfor %}`],
    ['a tuple loop variable', `{% for k, ${Q} in [[1, 2]] %}{% endfor %}`],
    ['a filter name', `{{ 1 | ${Q} }}`],
    ['a test name', `{{ 1 is ${Q} }}`],
    ['a test called with arguments', `{{ 1 is ${Q}(2) }}`],
    ['a macro name', `{% macro ${Q}() %}{% endmacro %}`],
    ['a macro argument', `{% macro m(${Q}) %}{% endmacro %}`],
    ['a macro keyword argument', `{% macro m(${Q}=1) %}{% endmacro %}`],
    ['a keyword argument of a call', `{{ range(${Q}=1) }}`],
    ['a dict key written as a name', `{{ {${Q}: 1} }}`],
    ['a block name', `{% block ${Q} %}{% endblock %}`],
  ];
  it.each(positions)('refuses a malformed name as %s', (_where, template) => {
    expect(() => renderTemplate(template)).toThrow(TemplateSecurityError);
  });

  it('refuses regex literals, which Jinja2 does not have', () => {
    expect(() => renderTemplate('{{ r/^(a+)+$/.test("aaaaaaaaaaaaaaaaaaaaaaaaaaaaa!") }}')).toThrow(TemplateSecurityError);
    expect(() => renderTemplate('{{ "x" | replace(r/x/g, "y") }}')).toThrow(/regular expression literals/);
  });

  it.each(['{% include "x" %}', '{% import "x" as y %}', '{% from "x" import y %}', '{% extends "x" %}'])(
    'refuses %s: sandboxed templates cannot load templates',
    (template) => {
      expect(() => renderTemplate(template)).toThrow(TemplateError);
      expect(() => renderTemplate(template)).toThrow(/cannot load other templates/);
    },
  );

  it.each(['{% asyncEach x in [1] %}{% endeach %}', '{% asyncAll x in [1] %}{% endall %}', '{% ifAsync true %}{% endif %}'])(
    'refuses the async tag in %s',
    (template) => {
      expect(() => renderTemplate(template)).toThrow(/is not Jinja2 and is not supported/);
    },
  );

  it('fails closed on node types it does not know', () => {
    const root = { typename: 'Root', children: [{ typename: 'Output', children: [{ typename: 'Exotic', value: 'x' }] }] };
    expect(() => assertSafeAst(root)).toThrow(/the node type 'Exotic' is not allowed/);
  });

  it('refuses values that are not nodes, non-integer positions and malformed extension names', () => {
    expect(() => assertSafeAst({ typename: 'Root', children: ['code'] })).toThrow(TemplateSecurityError);
    expect(() => assertSafeAst({ typename: 'Symbol', value: 'a', lineno: '1;evil()' })).toThrow(/source position/);
    const call = { typename: 'CallExtension', extName: 'x"]+evil+["', prop: 'run', args: { typename: 'NodeList', children: [] }, contentArgs: [] };
    expect(() => assertSafeAst(call)).toThrow(/extension name/);
    expect(() => assertSafeAst({ typename: 'Literal', value: { toString: () => 'evil()' } })).toThrow(/literal of type object/);
    expect(() => assertSafeAst({ typename: 'Compare', expr: { typename: 'Literal', value: 1 }, ops: [{ typename: 'CompareOperand', type: ';evil;', expr: { typename: 'Literal', value: 1 } }] })).toThrow(
      /comparison operator/,
    );
  });
});
