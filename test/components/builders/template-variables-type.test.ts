import { describe, expectTypeOf, it } from 'vitest';
import type { TemplateVariables } from '../../../src/components/builders/template-variables-type.js';

const TUTORIAL = `
Given the following information, answer the question.

Context:
{% for document in documents %}
    {{ document.content }}
{% endfor %}

Question: {{question}}
Answer:
`;

describe('TemplateVariables reads a literal template at compile time', () => {
  it('finds output variables, attribute access and loop sources, not loop-local names', () => {
    expectTypeOf<TemplateVariables<typeof TUTORIAL>>().toEqualTypeOf<'documents' | 'question'>();
    expectTypeOf<TemplateVariables<'{{ a }} {{b.c.d}} {{- e | upper | trim -}}'>>().toEqualTypeOf<'a' | 'b' | 'e'>();
    expectTypeOf<TemplateVariables<'{% for x in xs %}{{ x }}{{ loop.index }}{% endfor %}{{ x }}'>>().toEqualTypeOf<'xs' | 'x'>();
    expectTypeOf<TemplateVariables<'{% if flag %}{{ a }}{% elif not other %}b{% else %}c{% endif %}'>>().toEqualTypeOf<'flag' | 'a' | 'other'>();
    expectTypeOf<TemplateVariables<'{# {{ hidden }} #}{% message role="user" %}{{ q }}{% endmessage %}'>>().toEqualTypeOf<'q'>();
  });

  it('is never for a template without variables', () => {
    expectTypeOf<TemplateVariables<'Hello, world.'>>().toBeNever();
  });

  it('gives up (string) on what it cannot read exactly', () => {
    expectTypeOf<TemplateVariables<string>>().toEqualTypeOf<string>();
    expectTypeOf<TemplateVariables<'{{ a | default(b) }}'>>().toEqualTypeOf<string>();
    expectTypeOf<TemplateVariables<'{{ a + b }}'>>().toEqualTypeOf<string>();
    expectTypeOf<TemplateVariables<'{% set x = 1 %}{{ x }}'>>().toEqualTypeOf<string>();
    expectTypeOf<TemplateVariables<'{% for k, v in d.items() %}{% endfor %}'>>().toEqualTypeOf<string>();
    expectTypeOf<TemplateVariables<'{% for x in xs %}{{ x }}'>>().toEqualTypeOf<string>();
    expectTypeOf<TemplateVariables<'{{ "literal" }}'>>().toEqualTypeOf<string>();
    expectTypeOf<TemplateVariables<'{{ a[0] }}'>>().toEqualTypeOf<string>();
  });

  it('gives up on very long templates instead of hitting the recursion limit', () => {
    type Ten = '{{ a }}{{ a }}{{ a }}{{ a }}{{ a }}{{ a }}{{ a }}{{ a }}{{ a }}{{ a }}';
    type Hundred = `${Ten}${Ten}${Ten}${Ten}${Ten}${Ten}${Ten}${Ten}${Ten}${Ten}`;
    expectTypeOf<TemplateVariables<Hundred>>().toEqualTypeOf<'a'>();
    expectTypeOf<TemplateVariables<`${Hundred}${Hundred}${Hundred}`>>().toEqualTypeOf<string>();
  });
});
