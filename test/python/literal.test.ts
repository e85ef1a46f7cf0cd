import { describe, expect, it } from 'vitest';
import { parsePythonLiteral, pythonTruthy, tryParsePythonLiteral } from '../../src/python/literal.js';

const fails = (text: string) => expect(tryParsePythonLiteral(text).ok, `'${text}' should not parse`).toBe(false);

describe('parsePythonLiteral: numbers', () => {
  it.each([
    ['123', 123],
    ['-5', -5],
    ['+7', 7],
    ['- 1', -1],
    ['1_000', 1000],
    ['0', 0],
    ['00', 0],
    ['0x1F', 31],
    ['0o17', 15],
    ['0b101', 5],
    ['1.5', 1.5],
    ['.5', 0.5],
    ['5.', 5],
    ['1e3', 1000],
    ['-2.5E-3', -0.0025],
    ['  42', 42],
    ['42\n', 42],
  ])('%j → %j', (text, value) => {
    expect(parsePythonLiteral(text)).toBe(value);
  });

  it('refuses what Python refuses: leading zeros, names, operators, complex, bad digits', () => {
    for (const text of ['00123', '007', 'inf', 'nan', '1 + 2', '1j', '2J', '0b102', '1__0', '1_', '--1', '-True', '1 2']) fails(text);
  });

  it('turns "1,000" into the tuple (1, 0), as literal_eval does', () => {
    expect(parsePythonLiteral('1,000')).toEqual([1, 0]);
  });
});

describe('parsePythonLiteral: strings and bytes', () => {
  it.each([
    ["'quoted'", 'quoted'],
    ['"double"', 'double'],
    ['"it\'s"', "it's"],
    ["'it\\'s'", "it's"],
    ["'a\\nb'", 'a\nb'],
    ["'\\x41\\u00e9\\101'", 'Aé' + 'A'],
    ["'a' 'b' \"c\"", 'abc'],
    ["r'\\d+'", '\\d+'],
    ["u'x'", 'x'],
    ["'''multi\nline'''", 'multi\nline'],
    ["'\\q'", '\\q'],
  ])('%j → %j', (text, value) => {
    expect(parsePythonLiteral(text)).toBe(value);
  });

  it('reads bytes into a Uint8Array', () => {
    expect(parsePythonLiteral("b'ab\\x00'")).toEqual(new Uint8Array([97, 98, 0]));
    fails("b'a' 'b'");
  });

  it('keeps plain text a non-literal: the caller then keeps the string', () => {
    for (const text of ['hello world', 'hello', '', '   ', "f'x'", "'unterminated", "'a\nb'", 'Document(id=1)']) fails(text);
  });
});

describe('parsePythonLiteral: containers and constants', () => {
  it('reads lists, tuples, dicts, sets and constants', () => {
    expect(parsePythonLiteral("[1, 'a', None, True, False]")).toEqual([1, 'a', null, true, false]);
    expect(parsePythonLiteral('[1, 2,]')).toEqual([1, 2]);
    expect(parsePythonLiteral('(1,)')).toEqual([1]);
    expect(parsePythonLiteral('()')).toEqual([]);
    expect(parsePythonLiteral('(1)')).toBe(1);
    expect(parsePythonLiteral("{'k': None, 'n': {'x': [1, (2, 3)]}}")).toEqual({ k: null, n: { x: [1, [2, 3]] } });
    expect(parsePythonLiteral('{}')).toEqual({});
    expect(parsePythonLiteral('{1, 2, 2}')).toEqual(new Set([1, 2]));
    expect(parsePythonLiteral('set()')).toEqual(new Set());
  });

  it('writes non-string dict keys as Python prints them', () => {
    expect(parsePythonLiteral("{1: 'a', True: 'b', None: 'c'}")).toEqual({ 1: 'a', True: 'b', None: 'c' });
    fails("{(1, 2): 'a'}");
    fails('{[1]}');
  });

  it('keeps a __proto__ key as an own property, without touching prototypes', () => {
    const value = parsePythonLiteral("{'__proto__': {'polluted': True}}") as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('refuses malformed containers and very deep nesting', () => {
    for (const text of ['[1, 2', '[,]', "{'a' 1}", "{'a': 1 'b': 2}", '(1, 2', 'set(1)', 'list()']) fails(text);
    fails('['.repeat(200) + ']'.repeat(200));
  });
});

describe('pythonTruthy', () => {
  it('follows Python truthiness', () => {
    for (const falsy of [null, undefined, false, 0, '', [], {}, new Set(), new Uint8Array()]) expect(pythonTruthy(falsy)).toBe(false);
    for (const truthy of [true, 1, -1, Number.NaN, 'False', [0], { a: 0 }, new Set([0]), new Date()]) expect(pythonTruthy(truthy)).toBe(true);
  });
});

describe('parsePythonLiteral ∘ pythonRepr (the template printer)', () => {
  it('reads back every plain value the sandbox prints', async () => {
    const { pythonRepr } = await import('../../src/utils/templating/index.js');
    const values: unknown[] = [
      0,
      -3,
      2.5,
      1e-7,
      'plain',
      "it's",
      'say "hi"',
      'back\\slash',
      'multi\nline\ttab',
      'unicode é ✓ 😀',
      '',
      true,
      false,
      null,
      [],
      [1, 'a', null, [true, { k: 'v' }]],
      { a: 1, 'b c': ['x'], nested: { deep: [1.5, -2] } },
      {},
    ];
    for (const value of values) expect(parsePythonLiteral(pythonRepr(value)), pythonRepr(value)).toEqual(value);
  });
});
