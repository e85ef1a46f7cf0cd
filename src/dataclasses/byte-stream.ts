import { readFile, writeFile } from 'node:fs/promises';
import { extname } from 'node:path';

/** Options of {@link ByteStream}'s constructor. */
export interface ByteStreamInit {
  /** The binary data. */
  readonly data: Uint8Array;
  /** Free metadata. @default {} */
  readonly meta?: Readonly<Record<string, unknown>> | undefined;
  /** The MIME type of `data`, if known. @default undefined */
  readonly mimeType?: string | null | undefined;
}

/** Haystack's serialized layout of a ByteStream. */
export type ByteStreamDict = {
  data: number[];
  meta: Record<string, unknown>;
  mime_type: string | null;
};

// Enough to cover what converters meet; Python's `mimetypes` knows more, callers can pass `mimeType`.
const MIME_BY_EXTENSION: Readonly<Record<string, string>> = {
  '.txt': 'text/plain',
  '.md': 'text/markdown',
  '.markdown': 'text/markdown',
  '.html': 'text/html',
  '.htm': 'text/html',
  '.csv': 'text/csv',
  '.json': 'application/json',
  '.pdf': 'application/pdf',
  '.xml': 'application/xml',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.pptx': 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/x-wav',
};

/**
 * Binary data with metadata and a MIME type (Haystack's `ByteStream`).
 *
 * @example
 * const blob = ByteStream.fromString('# Title', { mimeType: 'text/markdown' });
 * blob.toString(); // '# Title'
 */
export class ByteStream {
  readonly data: Uint8Array;
  readonly meta: Readonly<Record<string, unknown>>;
  readonly mimeType: string | undefined;

  constructor(init: ByteStreamInit) {
    if (!(init.data instanceof Uint8Array)) {
      throw new TypeError(`ByteStream: expected 'data' to be a Uint8Array, got ${typeof init.data}.`);
    }
    this.data = init.data;
    this.meta = init.meta ?? {};
    this.mimeType = init.mimeType ?? undefined;
  }

  /** Encodes `text` (UTF-8 by default). */
  static fromString(
    text: string,
    options: { encoding?: BufferEncoding; mimeType?: string | undefined; meta?: Record<string, unknown> | undefined } = {},
  ): ByteStream {
    const data = new Uint8Array(Buffer.from(text, options.encoding ?? 'utf-8'));
    return new ByteStream({ data, mimeType: options.mimeType, meta: options.meta ?? {} });
  }

  /** Reads a file; `guessMimeType` guesses from the extension when `mimeType` is not given. */
  static async fromFilePath(
    path: string,
    options: { mimeType?: string | undefined; meta?: Record<string, unknown> | undefined; guessMimeType?: boolean } = {},
  ): Promise<ByteStream> {
    let mimeType = options.mimeType;
    if (!mimeType && options.guessMimeType === true) mimeType = MIME_BY_EXTENSION[extname(path).toLowerCase()];
    const data = new Uint8Array(await readFile(path));
    return new ByteStream({ data, mimeType, meta: options.meta ?? {} });
  }

  /** Writes the data (not the metadata) to a file. */
  async toFile(path: string): Promise<void> {
    await writeFile(path, this.data);
  }

  /** Decodes the data (UTF-8 by default). */
  toString(encoding: BufferEncoding = 'utf-8'): string {
    return Buffer.from(this.data.buffer, this.data.byteOffset, this.data.byteLength).toString(encoding);
  }

  /** Haystack's layout: data as a list of byte values. */
  toDict(): ByteStreamDict {
    return { data: Array.from(this.data), meta: structuredClone({ ...this.meta }), mime_type: this.mimeType ?? null };
  }

  static fromDict(dict: { data: ArrayLike<number>; meta?: Record<string, unknown> | null; mime_type?: string | null }): ByteStream {
    return new ByteStream({ data: Uint8Array.from(dict.data), meta: dict.meta ?? {}, mimeType: dict.mime_type ?? undefined });
  }
}
