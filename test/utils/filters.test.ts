import { describe, expect, it } from 'vitest';
import { Document, FilterError, documentMatchesFilter, type Filters } from '../../src/index.js';
import { pythonEquals } from '../../src/templating/index.js';

// The executed example of spec §2.7: a{n:1}, b{n:True}, c{n:1.0}, d{}, e{n:"1"}, f{p:{q:3}}.
const docs = [
  new Document({ id: 'a', content: 'a', meta: { n: 1 } }),
  new Document({ id: 'b', content: 'b', meta: { n: true } }),
  new Document({ id: 'c', content: 'c', meta: { n: 1.0 } }),
  new Document({ id: 'd', content: 'd' }),
  new Document({ id: 'e', content: 'e', meta: { n: '1' } }),
  new Document({ id: 'f', content: 'f', meta: { p: { q: 3 } } }),
];
const matching = (filters: Filters) => docs.filter((doc) => documentMatchesFilter(filters, doc)).map((doc) => doc.id);

describe('Haystack filter semantics (executed examples)', () => {
  it.each<[string, Filters, string[]]>([
    ['== 1 matches 1, True, 1.0', { field: 'meta.n', operator: '==', value: 1 }, ['a', 'b', 'c']],
    ['!= 1 matches missing fields too', { field: 'meta.n', operator: '!=', value: 1 }, ['d', 'e', 'f']],
    ['in [1, "1"]', { field: 'meta.n', operator: 'in', value: [1, '1'] }, ['a', 'b', 'c', 'e']],
    ['not in [1]', { field: 'meta.n', operator: 'not in', value: [1] }, ['d', 'e', 'f']],
    ['nested meta path', { field: 'meta.p.q', operator: '>=', value: 3 }, ['f']],
    ['bare name means meta.<name>', { field: 'p', operator: '!=', value: null }, ['f']],
    ['== null matches missing', { field: 'meta.n', operator: '==', value: null }, ['d', 'f']],
    [
      'NOT negates the AND of its conditions',
      {
        operator: 'NOT',
        conditions: [
          { field: 'content', operator: '==', value: 'a' },
          { field: 'meta.n', operator: '==', value: 1 },
        ],
      },
      ['b', 'c', 'd', 'e', 'f'],
    ],
    [
      'OR and nested AND',
      {
        operator: 'OR',
        conditions: [
          { field: 'id', operator: '==', value: 'f' },
          { operator: 'AND', conditions: [{ field: 'meta.n', operator: '==', value: true }, { field: 'content', operator: 'in', value: ['b', 'c'] }] },
        ],
      },
      ['b', 'c', 'f'],
    ],
    ['empty AND is true', { operator: 'AND', conditions: [] }, ['a', 'b', 'c', 'd', 'e', 'f']],
    ['empty OR is false', { operator: 'OR', conditions: [] }, []],
    ['empty NOT is false', { operator: 'NOT', conditions: [] }, []],
    ['ordering against None is false', { field: 'meta.missing', operator: '<', value: 5 }, []],
  ])('%s', (_name, filters, expected) => {
    expect(matching(filters)).toEqual(expected);
  });

  it('raises FilterError for the whole query when a string meets a number in a range filter', () => {
    expect(() => matching({ field: 'meta.n', operator: '>', value: 0 })).toThrow(FilterError);
    expect(() => matching({ field: 'meta.n', operator: '>', value: 0 })).toThrow(/only comparable if they are ISO formatted dates/);
  });
});

describe('dates', () => {
  const dated = [
    new Document({ id: 'old', meta: { date: '2020-01-01' } }),
    new Document({ id: 'new', meta: { date: '2024-06-01T12:00:00' } }),
    new Document({ id: 'aware', meta: { date: '2024-06-01T12:00:00+02:00' } }),
  ];
  const ids = (filters: Filters) => dated.filter((d) => documentMatchesFilter(filters, d)).map((d) => d.id);

  it('compares ISO strings as dates', () => {
    expect(ids({ field: 'meta.date', operator: '>=', value: '2021-01-01' })).toEqual(['new', 'aware']);
    expect(ids({ field: 'meta.date', operator: '<', value: '2024-06-01T11:00:00Z' })).toEqual(['old', 'aware']);
    expect(ids({ field: 'meta.date', operator: '<=', value: '2024-06-01T12:00:00' })).toEqual(['old', 'new', 'aware']);
  });

  it('gives a naive date the other side\'s time zone', () => {
    // 'new' (naive 12:00) takes +02:00 from the filter and equals it; 'aware' is the same instant.
    expect(ids({ field: 'meta.date', operator: '>=', value: '2024-06-01T12:00:00+02:00' })).toEqual(['new', 'aware']);
    // The naive filter takes +02:00 from 'aware': 11:00+02:00 is 09:00Z, before aware's 10:00Z.
    expect(ids({ field: 'meta.date', operator: '>', value: '2024-06-01T11:00:00' })).toEqual(['new', 'aware']);
    expect(ids({ field: 'meta.date', operator: '>', value: '2024-06-01T11:00:00Z' })).toEqual(['new']);
  });

  it('accepts Date values and rejects strings that are not dates', () => {
    expect(ids({ field: 'meta.date', operator: '>', value: new Date('2023-01-01T00:00:00Z') })).toEqual(['new', 'aware']);
    expect(() => ids({ field: 'meta.date', operator: '>', value: 'yesterday-ish' })).toThrow(FilterError);
  });
});

describe('malformed filters', () => {
  const doc = docs[0]!;
  it.each<[string, unknown, RegExp]>([
    ['comparison without operator', { field: 'meta.n', value: 1 }, /'operator' key missing in \{'field': 'meta.n', 'value': 1\}/],
    ['comparison without value', { field: 'meta.n', operator: '==' }, /'value' key missing/],
    ['logical without conditions', { operator: 'AND' }, /'conditions' key missing/],
    ['logical without operator', { conditions: [] }, /'operator' key missing/],
    ['unknown logical operator', { operator: 'XOR', conditions: [] }, /Unknown logical operator 'XOR'. Valid operators are: \['AND', 'NOT', 'OR'\]/],
    ['lower-case logical operator', { operator: 'and', conditions: [] }, /Unknown logical operator 'and'/],
    ['unknown comparison operator', { field: 'meta.n', operator: '=~', value: 1 }, /Unknown comparison operator '=~'/],
    ['in with a non-list', { field: 'meta.n', operator: 'in', value: 'abc' }, /must be a `list`.*<class 'str'>/],
    ['range with a list', { field: 'meta.n', operator: '>', value: [1] }, /can't be of type <class 'list'>/],
    ['unknown document attribute', { field: 'author.name', operator: '==', value: 1 }, /Unknown document field 'author'/],
    ['conditions not a list', { operator: 'AND', conditions: {} }, /'conditions' must be a list/],
    ['not an object', 'meta.n == 1', /expected a filter object/],
  ])('%s', (_name, filters, message) => {
    expect(() => documentMatchesFilter(filters as Filters, doc)).toThrow(FilterError);
    expect(() => documentMatchesFilter(filters as Filters, doc)).toThrow(message);
  });

  it('raises for incomparable types in range filters', () => {
    const listDoc = new Document({ meta: { tags: ['a'] } });
    expect(() => documentMatchesFilter({ field: 'meta.tags', operator: '>', value: 1 }, listDoc)).toThrow(FilterError);
  });
});

describe('pythonEquals', () => {
  it('follows Python equality for JSON-like values', () => {
    expect(pythonEquals(1, true)).toBe(true);
    expect(pythonEquals(0, false)).toBe(true);
    expect(pythonEquals(2, true)).toBe(false);
    expect(pythonEquals('1', 1)).toBe(false);
    expect(pythonEquals([1, { a: true }], [1.0, { a: 1 }])).toBe(true);
    expect(pythonEquals({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(true);
    expect(pythonEquals({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(pythonEquals(null, undefined)).toBe(true);
    expect(pythonEquals(Number.NaN, Number.NaN)).toBe(false);
  });
});
