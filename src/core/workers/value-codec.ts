import { ExtractedAnswer, GeneratedAnswer } from '../../dataclasses/answer.js';
import { ByteStream } from '../../dataclasses/byte-stream.js';
import { ChatMessage } from '../../dataclasses/chat-message.js';
import { Document } from '../../dataclasses/document.js';
import { SparseEmbedding } from '../../dataclasses/sparse-embedding.js';
import { ComponentInfo, StreamingChunk } from '../../dataclasses/streaming-chunk.js';

/**
 * Values crossing the worker boundary. Structured clone keeps plain data, typed arrays, Maps and
 * Errors, but turns class instances into plain objects and drops their private fields, so each
 * dataclass travels as its `toDict()` under a tag and is rebuilt with `fromDict` on the other side
 * (ids included, since the dicts carry them).
 */

const TAG = '__haystack_ts_dataclass__';

interface Revivable {
  readonly name: string;
  fromDict(data: never): unknown;
}

// Keyed by a stable tag, not the class name, so minified builds still match.
const CLASSES: ReadonlyMap<string, Revivable> = new Map<string, Revivable>([
  ['Document', Document],
  ['ChatMessage', ChatMessage],
  ['GeneratedAnswer', GeneratedAnswer],
  ['ExtractedAnswer', ExtractedAnswer],
  ['ByteStream', ByteStream],
  ['SparseEmbedding', SparseEmbedding],
  ['StreamingChunk', StreamingChunk],
  ['ComponentInfo', ComponentInfo],
]);
const TAGS = new Map<unknown, string>([...CLASSES].map(([tag, cls]) => [cls, tag]));

interface Tagged {
  readonly [TAG]: string;
  readonly data: unknown;
}

/** Replaces dataclass instances (at any depth of arrays and plain objects) by tagged dicts. */
export function encodeValue(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const encoded = encodeValue(item);
      if (encoded !== item) (copy ??= value.slice())[i] = encoded;
    }
    return copy ?? value;
  }
  const tag = TAGS.get(value.constructor);
  if (tag !== undefined) {
    const data = (value as { toDict(): unknown }).toDict();
    if (tag === 'Document') packEmbedding(data as { embedding?: unknown });
    return { [TAG]: tag, data } satisfies Tagged;
  }
  if (!isPlainObject(value)) return value;
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(value)) {
    const item = value[key];
    const encoded = encodeValue(item);
    if (encoded !== item) (copy ??= { ...value })[key] = encoded;
  }
  return copy ?? value;
}

/** The inverse of {@link encodeValue}, applied to a structured clone (so it edits in place). */
export function decodeValue(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = decodeValue(value[i]);
    return value;
  }
  if (!isPlainObject(value)) return value;
  const tag = value[TAG];
  if (typeof tag === 'string') {
    const cls = CLASSES.get(tag);
    if (cls !== undefined) return cls.fromDict(value['data'] as never);
  }
  for (const key of Object.keys(value)) value[key] = decodeValue(value[key]);
  return value;
}

/**
 * Structured clone copies a typed array's bytes in one go but walks a `number[]` element by element
 * (about 12 times slower for 384-dim embeddings, see docs/benchmarks.md). Float64 keeps every value
 * exactly; `Document`'s constructor turns it back into a `number[]`.
 */
function packEmbedding(dict: { embedding?: unknown }): void {
  if (Array.isArray(dict.embedding)) dict.embedding = Float64Array.from(dict.embedding as number[]);
}

/** Encodes each socket value of a component's inputs or outputs. */
export function encodeRecord(record: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(record)) out[key] = encodeValue(record[key]);
  return out;
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
