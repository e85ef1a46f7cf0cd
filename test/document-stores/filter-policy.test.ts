import { describe, expect, it } from 'vitest';
import { ComponentError, applyFilterPolicy, filterPolicyFromString, type Filters } from '../../src/index.js';

const lang = { field: 'meta.lang', operator: '==', value: 'en' } as const;
const year = { field: 'meta.year', operator: '>', value: 2020 } as const;
const year2 = { field: 'meta.year', operator: '<', value: 2000 } as const;
const type = { field: 'meta.type', operator: '==', value: 'article' } as const;

describe('applyFilterPolicy (Haystack 3.x semantics, inputs never mutated)', () => {
  it('REPLACE: run-time filters when given, else init', () => {
    expect(applyFilterPolicy('replace', lang, year)).toBe(year);
    expect(applyFilterPolicy('replace', lang, undefined)).toBe(lang);
    expect(applyFilterPolicy('replace', lang, {})).toBe(lang);
    expect(applyFilterPolicy('replace', undefined, undefined)).toBeUndefined();
  });

  it('MERGE: two comparisons on different fields are AND-ed; on the same field the run-time one wins', () => {
    expect(applyFilterPolicy('merge', lang, year)).toEqual({ operator: 'AND', conditions: [lang, year] });
    expect(applyFilterPolicy('merge', year, year2)).toBe(year2);
    expect(applyFilterPolicy('merge', lang, undefined)).toBe(lang);
    expect(applyFilterPolicy('merge', undefined, year)).toBe(year);
  });

  it('MERGE: an init comparison joins a run-time AND unless its field is there', () => {
    const runtime: Filters = { operator: 'AND', conditions: [year, type] };
    expect(applyFilterPolicy('merge', lang, runtime)).toEqual({ operator: 'AND', conditions: [year, type, lang] });
    expect(applyFilterPolicy('merge', year2, runtime)).toEqual({ operator: 'AND', conditions: [year, type] });
    const or: Filters = { operator: 'OR', conditions: [year] };
    expect(applyFilterPolicy('merge', lang, or)).toBe(or);
    expect(runtime).toEqual({ operator: 'AND', conditions: [year, type] });
  });

  it('MERGE: a run-time comparison replaces same-field conditions of an init AND', () => {
    const init: Filters = { operator: 'AND', conditions: [lang, year] };
    expect(applyFilterPolicy('merge', init, year2)).toEqual({ operator: 'AND', conditions: [lang, year2] });
    // Repeated runs do not accumulate conditions (Haystack bug #12500).
    applyFilterPolicy('merge', init, type);
    expect(applyFilterPolicy('merge', init, type)).toEqual({ operator: 'AND', conditions: [lang, year, type] });
    expect(applyFilterPolicy('merge', { operator: 'OR', conditions: [lang] }, year)).toBe(year);
  });

  it('MERGE: two logical filters with the same operator concatenate, otherwise the run-time one wins', () => {
    const a: Filters = { operator: 'AND', conditions: [lang] };
    const b: Filters = { operator: 'AND', conditions: [year] };
    expect(applyFilterPolicy('merge', a, b)).toEqual({ operator: 'AND', conditions: [lang, year] });
    const c: Filters = { operator: 'OR', conditions: [year] };
    expect(applyFilterPolicy('merge', a, c)).toBe(c);
  });

  it('parses policies case-insensitively', () => {
    expect(filterPolicyFromString('MERGE')).toBe('merge');
    expect(filterPolicyFromString('Replace')).toBe('replace');
    expect(() => filterPolicyFromString('other')).toThrow(ComponentError);
    expect(() => filterPolicyFromString('other')).toThrow(/Supported policies are: \['replace', 'merge'\]/);
  });
});
