import { z } from 'zod';
import { DeserializationError, SerializationError } from '../../errors.js';
import { classOf, defOf, explicitTypeName, isIntegerNumber, resolve, type AnyClass } from '../types/schema-view.js';
import { ByteStream } from '../../dataclasses/byte-stream.js';
import { ChatMessage } from '../../dataclasses/chat-message.js';
import { Document } from '../../dataclasses/document.js';
import { SparseEmbedding } from '../../dataclasses/sparse-embedding.js';
import { ExtractedAnswer, GeneratedAnswer } from '../../dataclasses/answer.js';

/**
 * Socket types as strings, in the syntax of Haystack's `serialize_type` (`list[int]`, `str | None`,
 * `typing.Optional[list[haystack.dataclasses.document.Document]]`), so a `BranchJoiner`'s `type_` or a
 * router's `output_type` written by Haystack loads here, and ours loads in Haystack.
 *
 * | Haystack name                                   | zod schema                          |
 * |-------------------------------------------------|-------------------------------------|
 * | `str`                                           | `z.string()`                        |
 * | `int`                                           | `z.int()`                           |
 * | `float`                                         | `z.number()`                        |
 * | `bool`                                          | `z.boolean()`                       |
 * | `None`                                          | `z.null()`                          |
 * | `typing.Any` (`Any`)                            | `z.any()`                           |
 * | `bytes`                                         | `z.instanceof(Uint8Array)`          |
 * | `list[T]` (`typing.List`, `Sequence`; bare `list` = `list[Any]`) | `z.array(T)`       |
 * | `dict[str, V]` (`typing.Dict`, `Mapping`; bare `dict`) | `z.record(z.string(), V)`    |
 * | `tuple[A, B]`                                   | `z.tuple([A, B])`                   |
 * | `set[T]`                                        | `z.set(T)`                          |
 * | `A \| B`, `typing.Union[A, B]`                  | `z.union([A, B])`                   |
 * | `typing.Optional[T]`                            | `T.nullable()`                      |
 * | `haystack.dataclasses.document.Document` (and `ChatMessage`, `ByteStream`, `SparseEmbedding`, `GeneratedAnswer`, `ExtractedAnswer`) | `z.instanceof(Cls)` |
 *
 * Writing: `.optional()` / `.nullable()` / `.nullish()` become `T | None`; a schema with
 * `.meta({ typeName: 'my.module.Cls' })` is written with that name; anything else (`z.object`,
 * literals, unknown classes) is a {@link SerializationError}. Reading: unknown names are a
 * {@link DeserializationError}; user types are added with `registry.registerType(name, schema)`.
 * A schema read from a string is written back as exactly that string, so loaded YAML round-trips.
 */

/** Classes with a Haystack import path, written and read by name. */
const BUILTIN_CLASSES: ReadonlyArray<readonly [string, AnyClass]> = [
  ['haystack.dataclasses.document.Document', Document],
  ['haystack.dataclasses.chat_message.ChatMessage', ChatMessage],
  ['haystack.dataclasses.byte_stream.ByteStream', ByteStream],
  ['haystack.dataclasses.sparse_embedding.SparseEmbedding', SparseEmbedding],
  ['haystack.dataclasses.answer.GeneratedAnswer', GeneratedAnswer],
  ['haystack.dataclasses.answer.ExtractedAnswer', ExtractedAnswer],
];

/** Extra names a reader accepts, e.g. from `registry.registerType`. */
export type TypeNameTable = ReadonlyMap<string, z.ZodType>;

// Schemas built from a string remember it, so a Haystack YAML's spelling survives a round trip.
const ORIGINAL_NAME = new WeakMap<z.ZodType, string>();

const LIST_NAMES = new Set(['list', 'List', 'typing.List', 'Sequence', 'typing.Sequence', 'collections.abc.Sequence']);
const DICT_NAMES = new Set(['dict', 'Dict', 'typing.Dict', 'Mapping', 'typing.Mapping', 'collections.abc.Mapping']);
const TUPLE_NAMES = new Set(['tuple', 'Tuple', 'typing.Tuple']);
const SET_NAMES = new Set(['set', 'Set', 'typing.Set']);
const UNION_NAMES = new Set(['Union', 'typing.Union']);
const OPTIONAL_NAMES = new Set(['Optional', 'typing.Optional']);
const ANY_NAMES = new Set(['Any', 'typing.Any']);

function simpleSchema(name: string, extra: TypeNameTable | undefined): z.ZodType | undefined {
  switch (name) {
    case 'str':
      return z.string();
    case 'int':
      return z.int();
    case 'float':
      return z.number();
    case 'bool':
      return z.boolean();
    case 'None':
    case 'NoneType':
      return z.null();
    case 'bytes':
      return z.instanceof(Uint8Array);
  }
  if (ANY_NAMES.has(name)) return z.any();
  if (LIST_NAMES.has(name)) return z.array(z.any());
  if (DICT_NAMES.has(name)) return z.record(z.string(), z.any());
  const extraSchema = extra?.get(name);
  if (extraSchema !== undefined) return extraSchema;
  const builtin = BUILTIN_CLASSES.find(([n]) => n === name);
  return builtin ? z.instanceof(builtin[1] as unknown as typeof Document) : undefined;
}

/** A parsed type expression: a name with optional bracketed arguments. */
interface TypeNode {
  readonly name: string;
  readonly args: readonly TypeNode[] | undefined;
  readonly union: readonly TypeNode[] | undefined;
}

class TypeNameParser {
  #pos = 0;
  constructor(readonly text: string) {}

  parse(): TypeNode {
    const node = this.#union();
    this.#skipSpace();
    if (this.#pos !== this.text.length) this.#fail(`unexpected '${this.text.slice(this.#pos)}'`);
    return node;
  }

  #union(): TypeNode {
    const members = [this.#atom()];
    for (this.#skipSpace(); this.text[this.#pos] === '|'; this.#skipSpace()) {
      this.#pos++;
      members.push(this.#atom());
    }
    return members.length === 1 ? (members[0] as TypeNode) : { name: '|', args: undefined, union: members };
  }

  #atom(): TypeNode {
    this.#skipSpace();
    const match = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/.exec(this.text.slice(this.#pos));
    if (!match) this.#fail('expected a type name');
    const name = match[0];
    this.#pos += name.length;
    this.#skipSpace();
    if (this.text[this.#pos] !== '[') return { name, args: undefined, union: undefined };
    this.#pos++;
    const args = [this.#union()];
    for (this.#skipSpace(); this.text[this.#pos] === ','; this.#skipSpace()) {
      this.#pos++;
      args.push(this.#union());
    }
    if (this.text[this.#pos] !== ']') this.#fail("expected ']'");
    this.#pos++;
    return { name, args, union: undefined };
  }

  #skipSpace(): void {
    while (this.text[this.#pos] === ' ') this.#pos++;
  }

  #fail(why: string): never {
    throw new DeserializationError(`typeNameToSchema: cannot parse type '${this.text}': ${why} at position ${this.#pos}.`);
  }
}

const MAX_TYPE_NAME_LENGTH = 1000;

/**
 * Reads a Haystack type string into a zod schema (see the table above).
 *
 * @throws DeserializationError for syntax errors and names that are neither built in nor in `extra`.
 * @example
 * typeNameToSchema('list[haystack.dataclasses.document.Document]'); // z.array(z.instanceof(Document))
 */
export function typeNameToSchema(name: string, extra?: TypeNameTable): z.ZodType {
  if (typeof name !== 'string') {
    throw new DeserializationError(`typeNameToSchema: expected a type name string, got ${name === null ? 'null' : typeof name}.`);
  }
  if (name.length > MAX_TYPE_NAME_LENGTH) {
    throw new DeserializationError(`typeNameToSchema: type name longer than ${MAX_TYPE_NAME_LENGTH} characters.`);
  }
  const schema = build(new TypeNameParser(name).parse(), name, extra);
  ORIGINAL_NAME.set(schema, name);
  return schema;
}

function build(node: TypeNode, whole: string, extra: TypeNameTable | undefined): z.ZodType {
  if (node.union) return z.union(node.union.map((m) => build(m, whole, extra)));
  const args = node.args?.map((a) => build(a, whole, extra));
  const unknown = (): never => {
    throw new DeserializationError(
      `typeNameToSchema: unknown type '${node.name}' in '${whole}'. Built-in names are str, int, float, bool, None, ` +
        'typing.Any, list, dict, tuple, set, typing.Optional, typing.Union and the haystack.dataclasses classes; ' +
        'register your own with registry.registerType(name, schema).',
    );
  };
  if (args === undefined) return simpleSchema(node.name, extra) ?? unknown();
  const arity = (n: number): void => {
    if (args.length !== n) {
      throw new DeserializationError(`typeNameToSchema: '${node.name}' takes ${n} argument(s), got ${args.length} in '${whole}'.`);
    }
  };
  if (LIST_NAMES.has(node.name)) {
    arity(1);
    return z.array(args[0] as z.ZodType);
  }
  if (DICT_NAMES.has(node.name)) {
    arity(2);
    const key = args[0] as z.ZodType;
    const keyType = defOf(resolve(key)).type;
    if (keyType !== 'string' && keyType !== 'any') {
      throw new DeserializationError(`typeNameToSchema: only str keys are supported in '${whole}' (JavaScript object keys are strings).`);
    }
    return z.record(z.string(), args[1] as z.ZodType);
  }
  if (TUPLE_NAMES.has(node.name)) return z.tuple(args as [z.ZodType, ...z.ZodType[]]);
  if (SET_NAMES.has(node.name)) {
    arity(1);
    return z.set(args[0] as z.ZodType);
  }
  if (UNION_NAMES.has(node.name)) return args.length === 1 ? (args[0] as z.ZodType) : z.union(args);
  if (OPTIONAL_NAMES.has(node.name)) {
    arity(1);
    return (args[0] as z.ZodType).nullable();
  }
  return unknown();
}

/**
 * Writes a zod schema as a Haystack type string (see the table above).
 *
 * @throws SerializationError for schemas with no Haystack equivalent; name them with
 * `.meta({ typeName: 'my.module.Cls' })`.
 * @example
 * schemaToTypeName(z.array(z.string())); // 'list[str]'
 */
export function schemaToTypeName(schema: z.ZodType): string {
  return write(schema, schema);
}

function write(schema: z.ZodType, whole: z.ZodType): string {
  const original = ORIGINAL_NAME.get(schema);
  if (original !== undefined) return original;
  const explicit = explicitTypeName(schema);
  if (explicit !== undefined) return explicit;
  const resolved = resolve(schema);
  if (resolved !== schema) return write(resolved, whole);
  const def = defOf(schema);
  switch (def.type) {
    case 'string':
      return 'str';
    case 'number':
      return isIntegerNumber(schema) ? 'int' : 'float';
    case 'boolean':
      return 'bool';
    case 'null':
    case 'undefined':
    case 'void':
      return 'None';
    case 'any':
    case 'unknown':
      return 'typing.Any';
    case 'array':
      return `list[${write(def.element as z.ZodType, whole)}]`;
    case 'record': {
      const key = write(def.keyType as z.ZodType, whole);
      return `dict[${key === 'typing.Any' ? 'str' : key}, ${write(def.valueType as z.ZodType, whole)}]`;
    }
    case 'tuple':
      return `tuple[${(def.items ?? []).map((i) => write(i, whole)).join(', ')}]`;
    case 'set':
      return `set[${write((def as { valueType?: z.ZodType }).valueType as z.ZodType, whole)}]`;
    case 'union':
      return joinUnion((def.options ?? []).map((o) => write(o, whole)));
    case 'optional':
    case 'nullable':
      return joinUnion([write(def.innerType as z.ZodType, whole), 'None']);
    case 'nonoptional':
      return write(def.innerType as z.ZodType, whole);
  }
  const cls = classOf(schema);
  if (cls === Uint8Array) return 'bytes';
  const builtin = cls && BUILTIN_CLASSES.find(([, c]) => c === cls);
  if (builtin) return builtin[0];
  throw new SerializationError(
    `schemaToTypeName: cannot write a '${def.type}' schema${cls ? ` of class ${cls.name}` : ''} as a Haystack type name ` +
      `(in ${describeForMessage(whole)}). Use one of the documented types, or name it with .meta({ typeName: 'my.module.Cls' }) ` +
      'and register it for loading with registry.registerType.',
  );
}

function joinUnion(members: string[]): string {
  const unique = [...new Set(members)];
  // Haystack writes None last (`str | None`).
  const none = unique.filter((m) => m === 'None');
  return [...unique.filter((m) => m !== 'None'), ...none].join(' | ');
}

function describeForMessage(schema: z.ZodType): string {
  return `a ${defOf(schema).type} schema`;
}
