import { describe, expect, expectTypeOf, it } from 'vitest';
import { analyzeTemplate, type TemplateAnalysis } from '../../../src/templating/index.js';

describe('analyzeTemplate from the haystack-ts/templating entry point', () => {
  it('reports the undeclared variables, as docs/llm.md documents', () => {
    const analysis = analyzeTemplate('{% for d in documents %}{{ d.content }}{% endfor %}{{ question }}');
    expectTypeOf(analysis).toEqualTypeOf<TemplateAnalysis>();
    expect(analysis.variables).toEqual(['documents', 'question']);
    expect(analysis.singleExpression).toBe(false);
  });
});
