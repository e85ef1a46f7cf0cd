import { z } from 'zod';
import { CONVERSION_STRATEGIES, type ConversionStrategy } from './conversion.js';
import { isChatMessageSchema, isStringSchema } from './chat-message-schema.js';
import {
  type AnyClass,
  arrayElement,
  assertSchema,
  classOf,
  defOf,
  isAnyLike,
  isIntegerNumber,
  isNoneLike,
  isOptionalOut,
  isUnionLike,
  literalValues,
  resolve,
  unionMembers,
} from './schema-view.js';

/**
 * Haystack's connection type rules (`haystack/core/type_utils.py`), on zod schemas.
 *
 * A sender's output schema is compatible with a receiver's input schema when every value the
 * sender may produce is one the receiver accepts ("strict" compatibility), or when one of
 * Haystack's conversion strategies turns it into one (wrap, unwrap, ChatMessage ↔ string).
 * See docs/types.md for the zod ↔ Python mapping and the deliberate differences from Haystack.
 */

/** The result of {@link typesAreCompatible}. `conversion` is undefined for strictly compatible types. */
export type Compatibility =
  | { readonly compatible: true; readonly conversion: ConversionStrategy | undefined }
  | { readonly compatible: false };

const STRICT: Compatibility = Object.freeze({ compatible: true, conversion: undefined });
const INCOMPATIBLE: Compatibility = Object.freeze({ compatible: false });

/**
 * Can a sender socket of type `sender` be connected to a receiver socket of type `receiver`?
 *
 * Strictly compatible types give `{ compatible: true, conversion: undefined }`; types that are
 * compatible through a conversion give the strategy the engine must apply to each value
 * (see `convertValue`); anything else gives `{ compatible: false }`.
 *
 * @example
 * typesAreCompatible(z.string(), z.string().optional()); // { compatible: true, conversion: undefined }
 * typesAreCompatible(z.string(), z.array(z.string()));   // { compatible: true, conversion: 'wrap' }
 * typesAreCompatible(z.string().optional(), z.string()); // { compatible: false }
 */
export function typesAreCompatible(sender: z.ZodType, receiver: z.ZodType): Compatibility {
  assertSchema(sender, 'typesAreCompatible', 'sender type');
  assertSchema(receiver, 'typesAreCompatible', 'receiver type');
  // Schemas are immutable and usually module-level constants shared by every instance of a
  // component, so a pipeline built again (per request, per test) reuses the verdicts.
  let byReceiver = verdicts.get(sender);
  const known = byReceiver?.get(receiver);
  if (known !== undefined) return known;
  const verdict = computeCompatibility(sender, receiver);
  if (byReceiver === undefined) verdicts.set(sender, (byReceiver = new WeakMap()));
  byReceiver.set(receiver, verdict);
  return verdict;
}

const verdicts = new WeakMap<z.ZodType, WeakMap<z.ZodType, Compatibility>>();

function computeCompatibility(sender: z.ZodType, receiver: z.ZodType): Compatibility {
  if (strictlyCompatible(sender, receiver)) return STRICT;
  const conversion = conversionStrategy(sender, receiver);
  return conversion === undefined ? INCOMPATIBLE : Object.freeze({ compatible: true, conversion });
}

/**
 * True if a socket of this type collects values from several senders (Haystack's auto-variadic
 * rule): an array, an optional/nullable/defaulted array, or a union whose members other than
 * `null`/`undefined` are all arrays.
 */
export function isListSchema(schema: z.ZodType): boolean {
  assertSchema(schema, 'isListSchema', 'socket type');
  const members = unionMembers(schema).filter((m) => !isNoneLike(m));
  return members.length > 0 && members.every((m) => arrayElement(m) !== undefined);
}

// ---------------------------------------------------------------------------------------------
// Strict compatibility: value-set inclusion, with Haystack's `Any` rule.
// ---------------------------------------------------------------------------------------------

/**
 * Pairs being compared higher up the stack. Recursive schemas (`z.lazy`, getters in shapes) would
 * otherwise recurse forever; a pair met again is assumed compatible, which is sound for the
 * structural rules below (the usual co-inductive argument).
 */
type InProgress = Map<z.ZodType, Set<z.ZodType>>;

/** True if every value of `sender` is accepted by `receiver` (no conversion). */
export function strictlyCompatible(sender: z.ZodType, receiver: z.ZodType, seen: InProgress = new Map()): boolean {
  if (sender === receiver) return true;
  const s = resolve(sender);
  const r = resolve(receiver);
  if (s === r || acceptsAnything(r)) return true;
  // Haystack: `Any` flows only into `Any`; an untyped value is never trusted by a typed socket.
  if (isAnyLike(s)) return false;

  const pending = seen.get(s);
  if (pending?.has(r)) return true;
  if (pending === undefined) seen.set(s, new Set([r]));
  else pending.add(r);
  try {
    return compare(s, r, seen);
  } finally {
    seen.get(s)?.delete(r);
  }
}

function compare(s: z.ZodType, r: z.ZodType, seen: InProgress): boolean {
  // A union sender fits when each of its members fits; literal sets and `boolean` are unions of
  // single values, so they are split too (`'a' | 'b'` into `z.literal('a') | z.literal('b')`).
  const senderMembers = splitSender(s);
  if (senderMembers !== undefined) {
    // A union with no members (zod allows `z.union([])`) is Haystack's bare `Union`: never compatible.
    return senderMembers.length > 0 && senderMembers.every((m) => strictlyCompatible(m, r, seen));
  }
  const rDef = defOf(r);
  const sDef = defOf(s);
  if (rDef.type === 'intersection') {
    return strictlyCompatible(s, rDef.left as z.ZodType, seen) && strictlyCompatible(s, rDef.right as z.ZodType, seen);
  }
  if (sDef.type === 'intersection') {
    return strictlyCompatible(sDef.left as z.ZodType, r, seen) || strictlyCompatible(sDef.right as z.ZodType, r, seen);
  }
  if (isUnionLike(r) || (literalValues(r)?.length ?? 1) > 1) {
    return unionMembers(r)
      .flatMap(splitLiteral)
      .some((m) => strictlyCompatible(s, m, seen));
  }
  return compareMembers(s, r, seen);
}

/**
 * `any`/`unknown`, or a union with such a member (`z.unknown().optional()`): every value fits.
 * (Haystack rejects `Any` → `Optional[Any]`; here a receiver that accepts everything accepts `any` too.)
 */
function acceptsAnything(r: z.ZodType): boolean {
  return isAnyLike(r) || (isUnionLike(r) && unionMembers(r).some(isAnyLike));
}

/** Splits a union-like, multi-valued literal/enum or boolean sender into members; undefined for other kinds. */
function splitSender(s: z.ZodType): z.ZodType[] | undefined {
  if (isUnionLike(s)) return unionMembers(s).flatMap(splitLiteral);
  const type = defOf(s).type;
  if (type === 'boolean') return [TRUE, FALSE];
  const values = literalValues(s);
  if (values !== undefined && values.length !== 1) return values.map(literalOf);
  return undefined;
}

function splitLiteral(schema: z.ZodType): z.ZodType[] {
  const values = literalValues(schema);
  return values === undefined || values.length === 1 ? [schema] : values.map(literalOf);
}

// Literals are compared by value, so single-value literal schemas stand in for enum members.
function literalOf(value: unknown): z.ZodType {
  return z.literal(value as z.core.util.Literal);
}
const TRUE = literalOf(true);
const FALSE = literalOf(false);

/** Neither side is a union: compare by kind. */
function compareMembers(s: z.ZodType, r: z.ZodType, seen: InProgress): boolean {
  const sDef = defOf(s);
  const rDef = defOf(r);
  const sValues = literalValues(s);
  if (sValues !== undefined) return literalFits(sValues[0], r);
  if (sDef.type === 'never') return true;

  const sClass = classOf(s);
  const rClass = classOf(r);
  if (sClass !== undefined || rClass !== undefined) {
    return sClass !== undefined && rClass !== undefined && isSubclass(sClass, rClass);
  }

  switch (sDef.type) {
    case 'string':
    case 'template_literal':
      return rDef.type === 'string';
    case 'number':
      // Python's `int` (an integer format) fits a plain `number` (Python's `float`); not the reverse.
      return rDef.type === 'number' && (!isIntegerNumber(r) || isIntegerNumber(s));
    case 'bigint':
    case 'symbol':
    case 'null':
    case 'nan':
      return rDef.type === sDef.type;
    case 'undefined':
    case 'void':
      return rDef.type === 'undefined' || rDef.type === 'void';
    case 'array':
      if (rDef.type === 'array') return strictlyCompatible(sDef.element as z.ZodType, rDef.element as z.ZodType, seen);
      return false;
    case 'tuple':
      if (rDef.type === 'tuple') return tupleFits(sDef.items ?? [], sDef.rest ?? undefined, rDef.items ?? [], rDef.rest ?? undefined, seen);
      if (rDef.type === 'array') {
        const element = rDef.element as z.ZodType;
        const items = [...(sDef.items ?? []), ...(sDef.rest ? [sDef.rest] : [])];
        return items.every((item) => strictlyCompatible(item, element, seen));
      }
      return false;
    case 'set':
      return rDef.type === 'set' && strictlyCompatible(sDef.valueType as z.ZodType, rDef.valueType as z.ZodType, seen);
    case 'record':
      return rDef.type === 'record' && recordHasKeys(sDef, rDef) && keysAndValuesFit(sDef, rDef, seen);
    case 'map':
      return rDef.type === 'map' && keysAndValuesFit(sDef, rDef, seen);
    case 'object':
      if (rDef.type === 'object') return objectFits(sDef, rDef, seen);
      if (rDef.type === 'record') return objectFitsRecord(sDef, rDef, seen);
      return false;
    case 'function':
      return rDef.type === 'function' && functionFits(sDef, rDef, seen);
    case 'promise':
      return rDef.type === 'promise' && strictlyCompatible(sDef.innerType as z.ZodType, rDef.innerType as z.ZodType, seen);
    default:
      // `z.custom()` without a class and anything unknown to these rules: identity only (checked first).
      return false;
  }
}

function keysAndValuesFit(sDef: ReturnType<typeof defOf>, rDef: ReturnType<typeof defOf>, seen: InProgress): boolean {
  return (
    strictlyCompatible(sDef.keyType as z.ZodType, rDef.keyType as z.ZodType, seen) &&
    strictlyCompatible(sDef.valueType as z.ZodType, rDef.valueType as z.ZodType, seen)
  );
}

/** `z.record(z.enum([...]), V)` has every key: a sender record must have each of them for sure. */
function recordHasKeys(sDef: ReturnType<typeof defOf>, rDef: ReturnType<typeof defOf>): boolean {
  const required = exhaustiveKeys(rDef);
  if (required === undefined) return true;
  const present = exhaustiveKeys(sDef);
  return present !== undefined && required.every((key) => present.some((k) => Object.is(k, key)));
}

function isSubclass(sender: AnyClass, receiver: AnyClass): boolean {
  return sender === receiver || sender.prototype instanceof receiver;
}

/** A single literal value against a non-union receiver: same literal, or the primitive kind it belongs to. */
function literalFits(value: unknown, r: z.ZodType): boolean {
  const rValues = literalValues(r);
  if (rValues !== undefined) return rValues.some((v) => Object.is(v, value));
  const type = defOf(r).type;
  switch (typeof value) {
    case 'string':
      return type === 'string';
    case 'number':
      return type === 'number' && (!isIntegerNumber(r) || Number.isSafeInteger(value));
    case 'bigint':
      return type === 'bigint';
    case 'boolean':
      return type === 'boolean';
    case 'undefined':
      return type === 'undefined' || type === 'void';
    default:
      return value === null && type === 'null';
  }
}

function acceptsUndefined(schema: z.ZodType): boolean {
  return unionMembers(schema).some((m) => {
    const t = defOf(m).type;
    return t === 'undefined' || t === 'void' || isAnyLike(m);
  });
}

/**
 * Tuples are compared position by position and must have the same length, where a position past
 * a tuple's items falls to its rest element, or is absent. (Haystack compares a prefix instead.)
 */
function tupleFits(
  sItems: readonly z.ZodType[],
  sRest: z.ZodType | undefined,
  rItems: readonly z.ZodType[],
  rRest: z.ZodType | undefined,
  seen: InProgress,
): boolean {
  if (sRest !== undefined && rRest === undefined) return false;
  const length = Math.max(sItems.length, rItems.length);
  for (let i = 0; i < length; i++) {
    const sItem = sItems[i] ?? sRest;
    const rItem = rItems[i] ?? rRest;
    if (rItem === undefined) return false;
    if (sItem === undefined) {
      // The sender's tuple ends here: the receiver's position must be an optional trailing item.
      if (i < rItems.length && !acceptsUndefined(rItem)) return false;
      continue;
    }
    if (!strictlyCompatible(sItem, rItem, seen)) return false;
  }
  return sRest === undefined || strictlyCompatible(sRest, rRest as z.ZodType, seen);
}

function shapeOf(def: ReturnType<typeof defOf>): Readonly<Record<string, z.ZodType>> {
  return def.shape ?? {};
}

function optionalKey(schema: z.ZodType): boolean {
  return isOptionalOut(schema) || acceptsUndefined(schema);
}

/** Structural: every receiver key is satisfied, extra sender keys are allowed unless the receiver is strict. */
function objectFits(sDef: ReturnType<typeof defOf>, rDef: ReturnType<typeof defOf>, seen: InProgress): boolean {
  const sShape = shapeOf(sDef);
  const rShape = shapeOf(rDef);
  for (const [key, rValue] of Object.entries(rShape)) {
    const sValue = sShape[key];
    if (sValue === undefined) {
      if (sDef.catchall !== undefined && defOf(sDef.catchall).type !== 'never') {
        if (!strictlyCompatible(sDef.catchall, rValue, seen) && !optionalKey(rValue)) return false;
        continue;
      }
      if (!optionalKey(rValue)) return false;
      continue;
    }
    if (!strictlyCompatible(sValue, rValue, seen)) return false;
  }
  const rCatchall = rDef.catchall;
  if (rCatchall === undefined) return true;
  const extraKeys = Object.keys(sShape).filter((k) => !(k in rShape));
  const sCatchall = sDef.catchall !== undefined && defOf(sDef.catchall).type !== 'never' ? sDef.catchall : undefined;
  if (defOf(rCatchall).type === 'never') return extraKeys.length === 0 && sCatchall === undefined;
  return (
    extraKeys.every((k) => strictlyCompatible(sShape[k] as z.ZodType, rCatchall, seen)) &&
    (sCatchall === undefined || strictlyCompatible(sCatchall, rCatchall, seen))
  );
}

/** An object fits a record when every key is a valid record key and every value a valid record value. */
function objectFitsRecord(sDef: ReturnType<typeof defOf>, rDef: ReturnType<typeof defOf>, seen: InProgress): boolean {
  const keyType = rDef.keyType as z.ZodType;
  const valueType = rDef.valueType as z.ZodType;
  const keyFits = (key: string): boolean => isAnyLike(keyType) || literalFitsAny(key, keyType);
  const shape = shapeOf(sDef);
  for (const [key, value] of Object.entries(shape)) {
    if (!keyFits(key) || !strictlyCompatible(value, valueType, seen)) return false;
  }
  // An exhaustive record (`z.record(z.enum(['a', 'b']), V)`) needs each of its keys to be present.
  const required = exhaustiveKeys(rDef);
  if (required?.some((key) => typeof key !== 'string' || shape[key] === undefined || isOptionalOut(shape[key]))) return false;
  const catchall = sDef.catchall;
  if (catchall !== undefined && defOf(catchall).type !== 'never') {
    return strictlyCompatible(STRING, keyType, seen) && strictlyCompatible(catchall, valueType, seen);
  }
  return true;
}

/** The keys a non-partial record over a finite key type must have; undefined for open or partial records. */
function exhaustiveKeys(def: ReturnType<typeof defOf>): unknown[] | undefined {
  if (isPartial(def) || def.keyType === undefined) return undefined;
  const members = unionMembers(def.keyType);
  const keys: unknown[] = [];
  for (const member of members) {
    const values = literalValues(member);
    if (values === undefined) return undefined;
    keys.push(...values);
  }
  return keys;
}

function isPartial(def: ReturnType<typeof defOf>): boolean {
  return (def as { partial?: boolean }).partial === true;
}

function literalFitsAny(value: string, schema: z.ZodType): boolean {
  return unionMembers(schema).flatMap(splitLiteral).some((m) => literalFits(value, resolve(m)));
}

const STRING = z.string();

/**
 * Functions (Haystack's `Callable`): a bare receiver (`z.function()`) accepts any function; else the
 * return types must be compatible and the parameter lists have the same length, each pair being
 * compatible in either direction (TypeScript's method-parameter bivariance; Haystack compares them
 * covariantly, which bivariance includes).
 */
function functionFits(sDef: ReturnType<typeof defOf>, rDef: ReturnType<typeof defOf>, seen: InProgress): boolean {
  const rParams = params(rDef);
  const rOutput = rDef.output;
  const rBare = rParams.rest !== undefined && rParams.items.length === 0 && isAnyLike(rParams.rest) && (rOutput === undefined || isAnyLike(rOutput));
  if (rBare) return true;
  const sOutput = sDef.output;
  if (rOutput !== undefined && !(sOutput !== undefined ? strictlyCompatible(sOutput, rOutput, seen) : isAnyLike(rOutput))) {
    return false;
  }
  const sParams = params(sDef);
  const bivariant = (a: z.ZodType, b: z.ZodType): boolean => strictlyCompatible(a, b, seen) || strictlyCompatible(b, a, seen);
  if (sParams.items.length === 0 && sParams.rest !== undefined) {
    // A sender that takes any number of arguments of one type: match it against each receiver parameter.
    const rest = sParams.rest;
    return rParams.items.every((p) => bivariant(rest, p)) && (rParams.rest === undefined || bivariant(rest, rParams.rest));
  }
  if (sParams.items.length !== rParams.items.length) return false;
  if ((sParams.rest === undefined) !== (rParams.rest === undefined)) return false;
  if (sParams.rest !== undefined && rParams.rest !== undefined && !bivariant(sParams.rest, rParams.rest)) return false;
  return sParams.items.every((p, i) => bivariant(p, rParams.items[i] as z.ZodType));
}

function params(def: ReturnType<typeof defOf>): { items: readonly z.ZodType[]; rest: z.ZodType | undefined } {
  const input = def.input;
  if (input === undefined) return { items: [], rest: undefined };
  const inputDef = defOf(resolve(input));
  if (inputDef.type === 'tuple') return { items: inputDef.items ?? [], rest: inputDef.rest ?? undefined };
  if (inputDef.type === 'array') return { items: [], rest: inputDef.element };
  return { items: [], rest: input };
}

// ---------------------------------------------------------------------------------------------
// Conversion strategies (Haystack's `_get_conversion_strategy`).
// ---------------------------------------------------------------------------------------------

/**
 * The strategy that makes `sender` fit `receiver`, or undefined when there is none.
 * `visiting` holds the pairs being compared higher up, so a recursive list type ends.
 */
export function conversionStrategy(
  sender: z.ZodType,
  receiver: z.ZodType,
  visiting: readonly (readonly [z.ZodType, z.ZodType])[] = [],
): ConversionStrategy | undefined {
  const s = resolve(sender);
  const r = resolve(receiver);
  if (visiting.some(([vs, vr]) => vs === s && vr === r)) return undefined;
  const recurse = (next: z.ZodType, to: z.ZodType): ConversionStrategy | undefined =>
    conversionStrategy(next, to, [...visiting, [s, r]]);

  // A union sender converts only if all its members convert the same way; a member that fits as is
  // has no strategy, so e.g. `string | ChatMessage` → `string` is rejected (its strings would need none).
  if (isUnionLike(s)) {
    const strategies = new Set(unionMembers(s).map((m) => recurse(m, r)));
    return strategies.size === 1 ? [...strategies][0] : undefined;
  }
  if (isUnionLike(r)) {
    const strategies = new Set(unionMembers(r).map((m) => recurse(s, m)));
    return CONVERSION_STRATEGIES.find((strategy) => strategies.has(strategy));
  }

  if (isChatMessageSchema(s) && isStringSchema(r)) return 'chat_message_to_str';
  if (isStringSchema(s) && isChatMessageSchema(r)) return 'str_to_chat_message';

  const rElement = arrayElement(r);
  if (rElement !== undefined) {
    if (strictlyCompatible(s, rElement)) return 'wrap';
    if (isChatMessageSchema(s) && containsMember(rElement, isStringSchema)) return 'wrap_chat_message_to_str';
    if (isStringSchema(s) && containsMember(rElement, isChatMessageSchema)) return 'wrap_str_to_chat_message';
  }

  const sElement = arrayElement(s);
  if (sElement !== undefined) {
    // Only lists of strings or ChatMessages unwrap: unwrapping `Document[]` would silently drop documents.
    if (rElement === undefined && (isStringSchema(sElement) || isChatMessageSchema(sElement)) && strictlyCompatible(sElement, r)) {
      return 'unwrap';
    }
    const inner = recurse(sElement, r);
    if (inner === 'str_to_chat_message') return 'unwrap_str_to_chat_message';
    if (inner === 'chat_message_to_str') return 'unwrap_chat_message_to_str';
  }
  return undefined;
}

/** Haystack's `_contains_type`: the schema itself or, for a union, one of its members. */
function containsMember(schema: z.ZodType, predicate: (s: z.ZodType) => boolean): boolean {
  return predicate(schema) || (isUnionLike(schema) && unionMembers(schema).some(predicate));
}
