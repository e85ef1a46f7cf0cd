/**
 * The parametrised strict-compatibility cases of Haystack's test/core/test_type_utils.py, on the zod
 * mapping of docs/types.md: every type is compatible with itself; `T` fits `Optional[T]`,
 * `Union[T, complex]` and `Any`, never the other way round; plus Haystack's explicit lists of
 * compatible and incompatible pairs. `typing.X` and builtin `x` spellings map to the same schema,
 * so each pair appears once.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { typesAreCompatible } from '../../../src/index.js';
import {
  any,
  bool,
  ByteStream,
  bytes,
  chatMessage,
  Class1,
  Class2,
  Class3,
  cls,
  complex,
  dict,
  document,
  float,
  GeneratedAnswer,
  int,
  list,
  literal,
  mapping,
  nullable,
  optional,
  Path,
  sequence,
  set,
  str,
  tuple,
  union,
  verdict,
} from './fixtures.js';

const ok = (s: z.ZodType, r: z.ZodType) => typesAreCompatible(s, r).compatible;

const C1 = () => cls(Class1);
const C2 = () => cls(Class2);
const C3 = () => cls(Class3);

enum Enum1 {
  TEST1 = 'test1',
  TEST2 = 'test2',
}

const primitiveTypes: [string, () => z.ZodType][] = [
  ['bool', bool],
  ['bytes', bytes],
  ['dict', () => dict()],
  ['float', float],
  ['int', int],
  ['list', () => list()],
  ['str', str],
  ['Path', () => cls(Path)],
];
const classTypes: [string, () => z.ZodType][] = [
  ['Class1', C1],
  ['Class3', C3],
];
const containerTypes: [string, () => z.ZodType][] = [
  ['dict[str, int]', () => dict(str(), int())],
  ['dict[str, Class1]', () => dict(str(), C1())],
  ['list[int]', () => list(int())],
  ['list[Class1]', () => list(C1())],
  ['Mapping[str, dict[str, int]]', () => mapping(str(), dict(str(), int()))],
  ['set[str]', () => set(str())],
  ['Sequence[bool]', () => sequence(bool())],
  ['tuple[int]', () => tuple(int())],
];
const nestedContainerTypes: [string, () => z.ZodType][] = [
  ['list[set[Sequence[bool]]]', () => list(set(sequence(bool())))],
  ['list[set[Sequence[Class1]]]', () => list(set(sequence(C1())))],
  ['dict[str, Mapping[str, dict[str, int]]]', () => dict(str(), mapping(str(), dict(str(), int())))],
  ['dict[str, Mapping[str, dict[str, Class1]]]', () => dict(str(), mapping(str(), dict(str(), C1())))],
  [
    "tuple[Optional[Literal['a', 'b', 'c']], Union[Path, dict[int, Class1]]]",
    () => tuple(optional(literal('a', 'b', 'c')), union(cls(Path), mapping(int(), C1()))),
  ],
];
const literals: [string, () => z.ZodType][] = [
  ["Literal['a', 'b', 'c']", () => literal('a', 'b', 'c')],
  ['Literal[Enum1.TEST1]', () => z.literal(Enum1.TEST1)],
];
const haystackTypes: [string, () => z.ZodType][] = [
  ['ByteStream', () => cls(ByteStream)],
  ['ChatMessage', chatMessage],
  ['Document', document],
  ['GeneratedAnswer', () => cls(GeneratedAnswer)],
];
const extras: [string, () => z.ZodType][] = [['Union[int, str]', () => union(int(), str())]];
const optionalTypes: [string, () => z.ZodType][] = [
  ['int | None', () => nullable(int())],
  ['str | None', () => nullable(str())],
];

const allTypes = [
  ...primitiveTypes,
  ...classTypes,
  ...containerTypes,
  ...literals,
  ...haystackTypes,
  ...nestedContainerTypes,
  ...extras,
];

describe('every type is compatible with itself', () => {
  it.each([...allTypes, ...optionalTypes])('%s (same schema object)', (_name, make) => {
    const t = make();
    expect(typesAreCompatible(t, t)).toEqual({ compatible: true, conversion: undefined });
  });

  it.each([...allTypes, ...optionalTypes])('%s (two equal schemas)', (_name, make) => {
    expect(typesAreCompatible(make(), make())).toEqual({ compatible: true, conversion: undefined });
  });
});

const wrappers: [string, (t: z.ZodType) => z.ZodType][] = [
  ['Optional[T] (.optional())', (t) => optional(t)],
  ['T | None (.nullable())', (t) => nullable(t)],
  ['Union[T, complex]', (t) => union(t, complex())],
  ['Union[complex, T]', (t) => union(complex(), t)],
  ['Any', () => any()],
  ['unknown', () => z.unknown()],
];

const asymmetric: [string, z.ZodType, z.ZodType][] = [];
for (const [name, make] of allTypes) {
  for (const [wrapperName, wrapper] of wrappers) asymmetric.push([`${name} → ${wrapperName}`, make(), wrapper(make())]);
}
asymmetric.push(
  ['Class3 → Class1', C3(), C1()],
  ['Class3 → Union[int, Class1]', C3(), union(int(), C1())],
  ['list[Class3] → list[Class1]', list(C3()), list(C1())],
  ['dict[str, Class3] → dict[str, Class1]', dict(str(), C3()), dict(str(), C1())],
  ["Literal['a', 'b'] → Literal['a', 'b', 'c']", literal('a', 'b'), literal('a', 'b', 'c')],
  ['int → int | str', int(), union(int(), str())],
  ['str → str | int | float', str(), union(str(), int(), float())],
  ['list[int] → list[Any]', list(int()), list(any())],
  ['list[Class1] → list[Any]', list(C1()), list(any())],
  ['list[set[Sequence[bool]]] → list[set[Sequence[Any]]]', list(set(sequence(bool()))), list(set(sequence(any())))],
  ['list[set[Sequence[Class3]]] → list[set[Sequence[Class1]]]', list(set(sequence(C3()))), list(set(sequence(C1())))],
  ['list[set[Sequence[Class1]]] → list[set[Sequence[Any]]]', list(set(sequence(C1()))), list(set(sequence(any())))],
  ['Mapping[str, int] → Mapping[Any, int]', mapping(str(), int()), mapping(any(), int())],
  ['dict[str, int] → dict[str, Any]', dict(str(), int()), dict(str(), any())],
  ['Mapping[str, int] → Mapping[Any, Any]', mapping(str(), int()), mapping(any(), any())],
  ['dict[str, Class3] → dict[str, Class1]', dict(str(), C3()), dict(str(), C1())],
  ['Mapping[str, Class1] → Mapping[Any, Class1]', mapping(str(), C1()), mapping(any(), C1())],
  ['dict[str, Class1] → dict[str, Any]', dict(str(), C1()), dict(str(), any())],
  [
    'dict[str, Mapping[str, dict[str, int]]] → dict[str, Mapping[Any, dict[str, Any]]]',
    dict(str(), mapping(str(), dict(str(), int()))),
    dict(str(), mapping(any(), dict(str(), any()))),
  ],
  [
    'dict[str, Mapping[str, dict[str, Class3]]] → dict[str, Mapping[str, dict[str, Class1]]]',
    dict(str(), mapping(str(), dict(str(), C3()))),
    dict(str(), mapping(str(), dict(str(), C1()))),
  ],
  [
    "tuple[Literal['a','b','c'], Union[Path, Mapping[int, Class1]]] → tuple[Optional[Literal[...]], same]",
    tuple(literal('a', 'b', 'c'), union(cls(Path), mapping(int(), C1()))),
    tuple(optional(literal('a', 'b', 'c')), union(cls(Path), mapping(int(), C1()))),
  ],
);

describe('asymmetric strict compatibility', () => {
  it.each(asymmetric)('%s is strictly compatible', (_name, sender, receiver) => {
    expect(typesAreCompatible(sender, receiver)).toEqual({ compatible: true, conversion: undefined });
  });

  it.each(asymmetric.filter(([name]) => !name.startsWith('list → ')))(
    '%s: the reverse is not compatible',
    (_name, sender, receiver) => {
      expect(ok(receiver, sender)).toBe(false);
    },
  );

  // zod has no bare `list`: `z.array(z.unknown())` is `list[Any]`, and Haystack wraps anything into a
  // `list[Any]` (its element accepts the value). So the reverse connects, through a wrap, never strictly.
  it.each(asymmetric.filter(([name]) => name.startsWith('list → ')))(
    '%s: the reverse only connects by wrapping, as into list[Any]',
    (_name, sender, receiver) => {
      expect(verdict(receiver, sender)).toBe('wrap');
    },
  );
});

describe('always incompatible pairs', () => {
  it.each<[string, z.ZodType, z.ZodType]>([
    ['tuple[int, str] → tuple[Any]', tuple(int(), str()), tuple(any())],
    ['int → str', int(), str()],
    ['Class1 → Class2', C1(), C2()],
    ['list[int] → list[str]', list(int()), list(str())],
    ['list[Class1] → list[Class2]', list(C1()), list(C2())],
    ["Literal['a', 'b', 'c'] → Literal['x', 'y']", literal('a', 'b', 'c'), literal('x', 'y')],
    ['Literal[Enum1.TEST1] → Literal[Enum1.TEST2]', z.literal(Enum1.TEST1), z.literal(Enum1.TEST2)],
    ['list[set[Sequence[str]]] → list[set[Sequence[bool]]]', list(set(sequence(str()))), list(set(sequence(bool())))],
    ['list[set[Sequence[str]]] → set[list[Sequence[str]]]', list(set(sequence(str()))), set(list(sequence(str())))],
    ['list[set[Sequence[Class1]]] → list[set[Sequence[Class2]]]', list(set(sequence(C1()))), list(set(sequence(C2())))],
    ['list[set[Sequence[Class1]]] → set[list[Sequence[Class1]]]', list(set(sequence(C1()))), set(list(sequence(C1())))],
    ['Mapping[str, int] → Mapping[int, int]', mapping(str(), int()), mapping(int(), int())],
    ['dict[str, int] → dict[str, float] is fine here, dict[str, float] → dict[str, int] is not', dict(str(), float()), dict(str(), int())],
    ['dict[str, Class1] → dict[str, Class2]', dict(str(), C1()), dict(str(), C2())],
    ['Mapping[str, Any] → Mapping[int, int]', mapping(str(), any()), mapping(int(), int())],
    ['dict[str, Any] → dict[str, int]', dict(str(), any()), dict(str(), int())],
    ['Mapping[str, Any] → Mapping[int, Class1]', mapping(str(), any()), mapping(int(), C1())],
    [
      'dict[str, Mapping[str, dict[str, int]]] → Mapping[str, dict[str, dict[str, int]]]',
      dict(str(), mapping(str(), dict(str(), int()))),
      mapping(str(), dict(str(), dict(str(), int()))),
    ],
    [
      'dict[str, Mapping[str, dict[str, int]]] → dict[str, Mapping[int, dict[str, int]]]',
      dict(str(), mapping(str(), dict(str(), int()))),
      dict(str(), mapping(int(), dict(str(), int()))),
    ],
    [
      'dict[str, Mapping[str, dict[str, int]]] → dict[str, Mapping[str, dict[str, dict]]]',
      dict(str(), mapping(str(), dict(str(), int()))),
      dict(str(), mapping(str(), dict(str(), dict()))),
    ],
    [
      'dict[str, Mapping[str, dict[str, Class1]]] → dict[str, Mapping[str, dict[str, Class2]]]',
      dict(str(), mapping(str(), dict(str(), C1()))),
      dict(str(), mapping(str(), dict(str(), C2()))),
    ],
  ])('%s is rejected', (_name, sender, receiver) => {
    expect(typesAreCompatible(sender, receiver)).toEqual({ compatible: false });
  });

  it.each<[string, z.ZodType, z.ZodType]>([
    ['Union[int, bool] → Union[int, str]', union(int(), bool()), union(int(), str())],
    ['Union[int, Class1] → Union[int, Class2]', union(int(), C1()), union(int(), C2())],
  ])('partially overlapping unions: %s is rejected', (_name, sender, receiver) => {
    expect(ok(sender, receiver)).toBe(false);
  });
});

describe('containers and their bare forms', () => {
  it.each<[string, z.ZodType, z.ZodType]>([
    ['list[int] → list', list(int()), list()],
    ['dict[str, int] → dict', dict(str(), int()), dict()],
    ['set[float] → set', set(float()), set()],
    ['tuple[int, str] → tuple', tuple(int(), str()), tuple()],
    ['list[list[int]] → list[list]', list(list(int())), list(list())],
    ['list[list[int]] → list', list(list(int())), list()],
    ['dict[str, dict[str, int]] → dict[str, dict]', dict(str(), dict(str(), int())), dict(str(), dict())],
    ['dict[str, dict[str, int]] → dict', dict(str(), dict(str(), int())), dict()],
    ['set[set[int]] → set[set]', set(set(int())), set(set())],
    ['tuple[tuple[int, str], bool] → tuple[tuple, bool]', tuple(tuple(int(), str()), bool()), tuple(tuple(), bool())],
    ['tuple[tuple[int, str], bool] → tuple', tuple(tuple(int(), str()), bool()), tuple()],
    ['list[dict[str, int]] → list[dict]', list(dict(str(), int())), list(dict())],
    ['dict[str, list[int]] → dict[str, list]', dict(str(), list(int())), dict(str(), list())],
    ['set[tuple[int, str]] → set[tuple]', set(tuple(int(), str())), set(tuple())],
    ['tuple[list[int], dict[str, bool]] → tuple[list, dict]', tuple(list(int()), dict(str(), bool())), tuple(list(), dict())],
    ['list[list[list[int]]] → list[list[list]]', list(list(list(int()))), list(list(list()))],
    ['list[list[list[int]]] → list[list]', list(list(list(int()))), list(list())],
  ])('%s is compatible, the reverse is not', (_name, sender, receiver) => {
    expect(ok(sender, receiver)).toBe(true);
    expect(ok(receiver, sender)).toBe(false);
  });

  it.each<[string, z.ZodType, z.ZodType]>([
    ['list[Any] ↔ list', list(any()), list()],
    ['dict[Any, Any] ↔ dict', mapping(any(), any()), mapping()],
    ['set[Any] ↔ set', set(any()), set()],
    ['Callable[[Any], Any] ↔ Callable[..., Any]', z.function({ input: [any()], output: any() }), z.function()],
  ])('%s: both directions are compatible', (_name, a, b) => {
    expect(ok(a, b)).toBe(true);
    expect(ok(b, a)).toBe(true);
  });

  it('a bare union (no members) is compatible with nothing, not even itself as another object', () => {
    const bare = z.union([]);
    expect(ok(bare, z.union([]))).toBe(false);
    expect(ok(union(str(), int()), z.union([]))).toBe(false);
    expect(ok(z.union([]), union(str(), int()))).toBe(false);
  });
});

describe('functions (Callable)', () => {
  const fn = (input: z.ZodType[], output: z.ZodType) =>
    z.function({ input: input as [z.ZodType, ...z.ZodType[]], output });

  it.each<[string, z.ZodType, z.ZodType]>([
    ['Callable[[int, str], bool] → Callable', fn([int(), str()], bool()), z.function()],
    ['Callable[[list], int] → Callable[[list], Any]', fn([list()], int()), fn([list()], any())],
    [
      'Callable[[Callable[[int], str]], list[str]] → Callable',
      fn([fn([int()], str())], list(str())),
      z.function(),
    ],
    [
      'Callable[[Callable[[int], str]], list[str]] → Callable[[Callable[[Any], Any]], Any]',
      fn([fn([int()], str())], list(str())),
      fn([fn([any()], any())], any()),
    ],
    [
      'Callable[[Callable[[Callable[[int], str]], bool]], str] → Callable[[Callable[[Callable[[Any], Any]], Any]], Any]',
      fn([fn([fn([int()], str())], bool())], str()),
      fn([fn([fn([any()], any())], any())], any()),
    ],
  ])('%s is compatible, the reverse is not', (_name, sender, receiver) => {
    expect(ok(sender, receiver)).toBe(true);
    expect(ok(receiver, sender)).toBe(false);
  });

  it.each<[string, z.ZodType, z.ZodType]>([
    ['different return types', fn([int(), str()], bool()), fn([int(), str()], list())],
    ['different parameter types', fn([int(), int()], bool()), fn([int(), str()], bool())],
    ['more parameters', fn([int(), str()], bool()), fn([int(), str(), int()], bool())],
    ['fewer parameters', fn([int(), str()], bool()), fn([int()], bool())],
  ])('%s: incompatible both ways', (_name, a, b) => {
    expect(ok(a, b)).toBe(false);
    expect(ok(b, a)).toBe(false);
  });
});
