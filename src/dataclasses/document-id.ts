import { createHash } from 'node:crypto';
import { DocumentValidationError } from '../errors.js';
import type { ByteStream } from './byte-stream.js';
import type { SparseEmbedding } from './sparse-embedding.js';

/**
 * Haystack 2.31's Document id: SHA-256 of a pre-image built with Python's `str()`/`repr()` of the
 * fields. Ids must match Python's byte for byte so that documents written by either side
 * deduplicate against each other, hence the Python formatting rules below.
 */

/** Python `repr(float)`: shortest round-trip digits, `.0` on integral values, exponent outside [1e-4, 1e16). */
export function pythonFloatRepr(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  // toExponential() without digits gives the same shortest round-trip digits Python uses.
  const [mantissa = '', exponentText = '0'] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  const sign = negative ? '-' : '';
  if (exponent < -4 || exponent >= 16) {
    const body = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const expSign = exponent < 0 ? '-' : '+';
    return `${sign}${body}e${expSign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  const intLength = exponent + 1;
  if (digits.length <= intLength) return `${sign}${digits}${'0'.repeat(intLength - digits.length)}.0`;
  return `${sign}${digits.slice(0, intLength)}.${digits.slice(intLength)}`;
}

// Python's str.isprintable() is false for these categories (and for every space but U+0020).
const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

function hex(code: number, width: number): string {
  return code.toString(16).padStart(width, '0');
}

/** Python `repr(str)`. */
export function pythonStrRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (code < 0x20 || code === 0x7f) out += `\\x${hex(code, 2)}`;
    else if (code < 0x7f || code === 0x20) out += ch;
    else if (NON_PRINTABLE.test(ch)) {
      out += code <= 0xff ? `\\x${hex(code, 2)}` : code <= 0xffff ? `\\u${hex(code, 4)}` : `\\U${hex(code, 8)}`;
    } else out += ch;
  }
  return out + quote;
}

/** Python `repr(bytes)`. */
export function pythonBytesRepr(data: Uint8Array): string {
  let hasSingle = false;
  let hasDouble = false;
  for (const byte of data) {
    if (byte === 0x27) hasSingle = true;
    else if (byte === 0x22) hasDouble = true;
  }
  const quote = hasSingle && !hasDouble ? 0x22 : 0x27;
  let out = `b${String.fromCharCode(quote)}`;
  for (const byte of data) {
    if (byte === quote || byte === 0x5c) out += `\\${String.fromCharCode(byte)}`;
    else if (byte === 0x09) out += '\\t';
    else if (byte === 0x0a) out += '\\n';
    else if (byte === 0x0d) out += '\\r';
    else if (byte < 0x20 || byte >= 0x7f) out += `\\x${hex(byte, 2)}`;
    else out += String.fromCharCode(byte);
  }
  return out + String.fromCharCode(quote);
}

/**
 * Python `repr()` of a JSON-like value as Python would hold it after `json.loads`: integral
 * numbers are ints, others floats. `floats: true` renders every number as a float (embeddings are
 * `list[float]`).
 */
export function pythonRepr(value: unknown, floats = false): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') {
    if (!floats && Number.isInteger(value)) return String(value === 0 ? 0 : BigInt(value));
    return pythonFloatRepr(value);
  }
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string') return pythonStrRepr(value);
  if (value instanceof Uint8Array) return pythonBytesRepr(value);
  if (value instanceof Date) return pythonStrRepr(value.toISOString());
  if (Array.isArray(value)) return `[${value.map((item) => pythonRepr(item, floats)).join(', ')}]`;
  if (ArrayBuffer.isView(value)) {
    return `[${Array.from(value as unknown as ArrayLike<number>, (item) => pythonRepr(item, true)).join(', ')}]`;
  }
  if (value instanceof Map) {
    return `{${Array.from(value, ([k, v]) => `${pythonRepr(k)}: ${pythonRepr(v, floats)}`).join(', ')}}`;
  }
  if (typeof value === 'object') {
    return `{${Object.entries(value).map(([k, v]) => `${pythonStrRepr(k)}: ${pythonRepr(v, floats)}`).join(', ')}}`;
  }
  return pythonStrRepr(String(value));
}

/** The fields of a document that the id depends on (`score` is not one of them). */
export interface DocumentIdFields {
  readonly content?: string | null | undefined;
  readonly blob?: ByteStream | null | undefined;
  readonly meta?: Readonly<Record<string, unknown>> | null | undefined;
  readonly embedding?: ArrayLike<number> | null | undefined;
  readonly sparseEmbedding?: SparseEmbedding | null | undefined;
}

/**
 * The string Haystack 2.31 hashes: content, dataframe (always None), blob, MIME type, meta, embedding, sparse.
 * @throws DocumentValidationError when the content or the MIME type holds a lone UTF-16 surrogate
 */
export function documentIdPreImage(fields: DocumentIdFields): string {
  const text = fields.content ? fields.content : 'None';
  const blob = fields.blob ? pythonBytesRepr(fields.blob.data) : 'None';
  const mimeType = fields.blob?.mimeType ?? 'None';
  // Text that enters the pre-image raw must encode to UTF-8 faithfully (meta goes through repr,
  // which escapes surrogates as Python does).
  assertWellFormed(text, 'content');
  assertWellFormed(mimeType, 'blob.mimeType');
  const meta = pythonRepr(fields.meta ?? {});
  const embedding = fields.embedding ? `[${Array.from(fields.embedding, (v) => pythonFloatRepr(v)).join(', ')}]` : 'None';
  // Haystack writes an empty string, not None, when there is no sparse embedding.
  const sparse = fields.sparseEmbedding
    ? `{'indices': ${pythonRepr(fields.sparseEmbedding.indices)}, 'values': ${pythonRepr(fields.sparseEmbedding.values, true)}}`
    : '';
  return `${text}None${blob}${mimeType}${meta}${embedding}${sparse}`;
}

const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Rejects a lone UTF-16 surrogate: UTF-8 encodes every one as U+FFFD, so texts differing only in
 * them would share an id and a `skip` write would drop one (Python cannot encode them at all).
 */
function assertWellFormed(text: string, field: string): void {
  const match = LONE_SURROGATE.exec(text);
  if (match === null) return;
  const code = text.charCodeAt(match.index).toString(16).padStart(4, '0');
  throw new DocumentValidationError(
    `Document: '${field}' contains a lone UTF-16 surrogate (\\u${code} at index ${match.index}), which has no UTF-8 encoding, so the ` +
      `document id would collide with other texts. Repair the text first (e.g. text.toWellFormed() in Node 20+), or drop the character.`,
    { field },
  );
}

/** Haystack 2.31's Document id: 64 lowercase hex characters. */
export function createDocumentId(fields: DocumentIdFields): string {
  return createHash('sha256').update(documentIdPreImage(fields), 'utf8').digest('hex');
}
