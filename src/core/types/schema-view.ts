import { z } from 'zod';
import { ComponentError } from '../../errors.js';

/**
 * Read-only introspection of zod 4 schemas, shared by the compatibility rules and `typeName`.
 *
 * zod 4 exposes a schema's definition on `schema._zod.def`; the public types of those internals are
 * wide unions, so this module reads them through one narrow interface and keeps every cast here.
 *
 * Socket types are compared by the type of value that flows through a connection: the *output*
 * type of a schema (`z.output`), because the engine hands a sender's value to the receiver as is.
 * Wrappers that do not change that type are therefore transparent (see {@link resolve}).
 */

/** The fields of `_zod.def` this module reads; every one is optional because each schema kind has its own. */
export interface SchemaDef {
  readonly type: string;
  readonly innerType?: z.ZodType;
  readonly element?: z.ZodType;
  readonly options?: readonly z.ZodType[];
  readonly keyType?: z.ZodType;
  readonly valueType?: z.ZodType;
  readonly items?: readonly z.ZodType[];
  readonly rest?: z.ZodType | null;
  readonly shape?: Readonly<Record<string, z.ZodType>>;
  readonly catchall?: z.ZodType;
  readonly input?: z.ZodType;
  readonly output?: z.ZodType;
  readonly in?: z.ZodType;
  readonly out?: z.ZodType;
  readonly left?: z.ZodType;
  readonly right?: z.ZodType;
  readonly getter?: () => z.ZodType;
  readonly format?: string;
  readonly checks?: readonly { readonly _zod: { readonly def: { readonly check?: string; readonly format?: string } } }[];
}

interface Internals {
  readonly _zod: {
    readonly def: SchemaDef;
    readonly bag: Readonly<Record<string, unknown>>;
    readonly values?: ReadonlySet<unknown>;
    readonly optin?: string;
    readonly optout?: string;
  };
}

/** A class constructor, as `z.instanceof` keeps it. */
export type AnyClass = abstract new (...args: never[]) => unknown;

function internals(schema: z.ZodType): Internals['_zod'] {
  return (schema as unknown as Internals)._zod;
}

/**
 * Throws a clear error when a public entry point gets something that is not a zod 4 schema (a
 * zod 3 schema, a `Variadic(...)` wrapper, a plain object), instead of failing deep inside.
 */
export function assertSchema(value: unknown, where: string, role: string): asserts value is z.ZodType {
  const zod = (value as { _zod?: { def?: { type?: unknown } } } | null | undefined)?._zod;
  if (typeof zod?.def?.type !== 'string') {
    const got = value === null ? 'null' : typeof value === 'object' ? `an object with keys ${Object.keys(value as object).join(', ') || '(none)'}` : typeof value;
    throw new ComponentError(
      `${where}: expected the ${role} to be a zod 4 schema (z.string(), z.array(...), ...), got ${got}. ` +
        'Declare sockets with zod 4 schemas; for a variadic socket pass its item schema.',
    );
  }
}

/** The schema's definition. */
export function defOf(schema: z.ZodType): SchemaDef {
  return internals(schema).def;
}

/** The literal values a `z.literal` / `z.enum` accepts, or undefined for other kinds. */
export function literalValues(schema: z.ZodType): readonly unknown[] | undefined {
  const def = defOf(schema);
  if (def.type !== 'literal' && def.type !== 'enum') return undefined;
  return [...(internals(schema).values ?? [])];
}

/** The class of a `z.instanceof(Cls)` schema (zod keeps it in the bag); `Date` for `z.date()`, `File` for `z.file()`. */
export function classOf(schema: z.ZodType): AnyClass | undefined {
  const def = defOf(schema);
  if (def.type === 'date') return Date;
  if (def.type === 'file') return (globalThis as { File?: AnyClass }).File;
  if (def.type !== 'custom') return undefined;
  const cls = internals(schema).bag['Class'];
  return typeof cls === 'function' ? (cls as AnyClass) : undefined;
}

const INT_FORMATS = new Set(['safeint', 'int32', 'uint32']);

/** True for `z.int()`, `z.number().int()`, `z.int32()`, `z.uint32()`: Python's `int`. */
export function isIntegerNumber(schema: z.ZodType): boolean {
  const def = defOf(schema);
  if (def.type !== 'number') return false;
  if (def.format !== undefined && INT_FORMATS.has(def.format)) return true;
  return (def.checks ?? []).some((c) => c._zod.def.check === 'number_format' && INT_FORMATS.has(c._zod.def.format ?? ''));
}

/** The explicit display name given with `.meta({ typeName: 'Name' })`, if any. */
export function explicitTypeName(schema: z.ZodType): string | undefined {
  const meta = z.globalRegistry.get(schema);
  const name = meta?.['typeName'];
  return typeof name === 'string' && name.length > 0 ? name : undefined;
}

/**
 * Peels wrappers that do not change the output type: `.default()`, `.prefault()`, `.catch()`,
 * `.readonly()`, `z.lazy()`, and `.pipe()` / `.transform()` (their output side). `nonoptional` is
 * kept: it changes the type (removes `undefined`), see {@link unionMembers}.
 * A lazy schema that only refers to itself resolves to `z.never()`.
 */
export function resolve(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (let guard = 0; guard < 64; guard++) {
    const def = defOf(current);
    switch (def.type) {
      case 'default':
      case 'prefault':
      case 'catch':
      case 'readonly':
        current = def.innerType as z.ZodType;
        continue;
      case 'lazy':
        current = lazyInner(current);
        continue;
      case 'pipe':
        current = def.out as z.ZodType;
        continue;
      default:
        return current;
    }
  }
  return NEVER;
}

/**
 * The schema behind a `z.lazy()`. zod caches it on `_zod.innerType`; calling the getter again would
 * build a fresh schema each time and defeat the recursion guards, which work on object identity.
 */
export function lazyInner(schema: z.ZodType): z.ZodType {
  const cached = (schema as unknown as { _zod: { innerType?: z.ZodType } })._zod.innerType;
  return cached ?? (defOf(schema).getter as () => z.ZodType)();
}

/**
 * True if, as an object property, the key may be absent from the *output* value (zod's `optout`):
 * `.optional()`, not `.default()` (zod fills a default only when it parses, and the engine hands
 * values over without parsing them).
 */
export function isOptionalOut(schema: z.ZodType): boolean {
  return internals(schema).optout === 'optional';
}

const NEVER = z.never();
const UNDEFINED = z.undefined();
const NULL = z.null();

/** `any` and `unknown`: Python's `Any`. A `.transform()` output is unknown to the type system, so it counts too. */
export function isAnyLike(schema: z.ZodType): boolean {
  const type = defOf(resolve(schema)).type;
  return type === 'any' || type === 'unknown' || type === 'transform';
}

/** True for kinds that are unions of other schemas: `z.union`, `.optional()`, `.nullable()`, `nonoptional`. */
export function isUnionLike(schema: z.ZodType): boolean {
  const type = defOf(resolve(schema)).type;
  return type === 'union' || type === 'optional' || type === 'nullable' || type === 'nonoptional';
}

/**
 * The members of a union-like schema, flattened and resolved: `T.optional()` is `[T, undefined]`,
 * `T.nullable()` is `[T, null]`, nested unions are flattened, `nonoptional` drops `undefined`.
 * Any other schema is its own single member.
 */
export function unionMembers(schema: z.ZodType): readonly z.ZodType[] {
  // zod 4 schemas are immutable, so the flattening is done once per schema; connect() asks often.
  let members = membersCache.get(schema);
  if (members === undefined) {
    members = Object.freeze(collectMembers(schema, new Set()));
    membersCache.set(schema, members);
  }
  return members;
}

const membersCache = new WeakMap<z.ZodType, readonly z.ZodType[]>();

function collectMembers(schema: z.ZodType, visiting: Set<z.ZodType>): z.ZodType[] {
  const resolved = resolve(schema);
  // A recursive union (`Json = z.lazy(() => z.union([z.string(), z.array(Json), Json]))`) that
  // contains itself adds no members the second time round.
  if (visiting.has(resolved)) return [];
  visiting.add(resolved);
  try {
    const def = defOf(resolved);
    const members = (inner: z.ZodType): z.ZodType[] => collectMembers(inner, visiting);
    switch (def.type) {
      case 'union':
        return (def.options ?? []).flatMap(members);
      case 'optional':
        return [...members(def.innerType as z.ZodType), UNDEFINED];
      case 'nullable':
        return [...members(def.innerType as z.ZodType), NULL];
      case 'nonoptional':
        return members(def.innerType as z.ZodType).filter((m) => !acceptsUndefinedOnly(m));
      default:
        return [resolved];
    }
  } finally {
    visiting.delete(resolved);
  }
}

function acceptsUndefinedOnly(schema: z.ZodType): boolean {
  const type = defOf(schema).type;
  return type === 'undefined' || type === 'void';
}

/** True if a `undefined`/`null` member: the "None" of a Python `Optional`. */
export function isNoneLike(schema: z.ZodType): boolean {
  const type = defOf(resolve(schema)).type;
  return type === 'undefined' || type === 'void' || type === 'null';
}

/** The element schema of a `z.array`, after resolving wrappers; undefined for other kinds. */
export function arrayElement(schema: z.ZodType): z.ZodType | undefined {
  const def = defOf(resolve(schema));
  return def.type === 'array' ? def.element : undefined;
}
