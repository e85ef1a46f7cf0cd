/**
 * Answers (Haystack's `haystack/dataclasses/answer.py`): `GeneratedAnswer` from a generator via
 * `AnswerBuilder`, `ExtractedAnswer` from an extractive reader. Both serialize to Haystack's
 * `{ type, init_parameters }` layout.
 */
import { DeserializationError } from '../errors.js';
import { ChatMessage } from './chat-message.js';
import { Document } from './document.js';

const GENERATED_TYPE = 'haystack.dataclasses.answer.GeneratedAnswer';
const EXTRACTED_TYPE = 'haystack.dataclasses.answer.ExtractedAnswer';

/** Haystack's serialized form of an answer. */
export interface AnswerDict {
  readonly type: string;
  readonly init_parameters: Record<string, unknown>;
}

/** Options of {@link GeneratedAnswer}'s constructor. */
export interface GeneratedAnswerInit {
  /** The answer text. */
  readonly data: string;
  /** The query it answers. */
  readonly query: string;
  /** The documents the answer is based on. */
  readonly documents?: readonly Document[] | undefined;
  /** Free metadata; `AnswerBuilder` stores the generator's replies under `all_messages`. @default {} */
  readonly meta?: Readonly<Record<string, unknown>> | undefined;
}

/**
 * A generated answer with its query, documents and metadata.
 *
 * @example
 * const answer = new GeneratedAnswer({ data: 'Paris', query: 'Capital of France?', documents: [doc] });
 */
export class GeneratedAnswer {
  static readonly typeName = GENERATED_TYPE;
  readonly data: string;
  readonly query: string;
  readonly documents: readonly Document[];
  readonly meta: Readonly<Record<string, unknown>>;
  /** Generated answers have no score; `AnswerJoiner` treats them as −∞ when sorting. */
  readonly score: undefined = undefined;

  constructor(init: GeneratedAnswerInit) {
    this.data = init.data;
    this.query = init.query;
    this.documents = Object.freeze([...(init.documents ?? [])]);
    this.meta = init.meta ?? {};
  }

  /** Haystack's layout; documents nested (`flatten: false`), ChatMessages in `all_messages` as dicts. */
  toDict(): AnswerDict {
    const allMessages = this.meta['all_messages'];
    const meta =
      Array.isArray(allMessages) && allMessages[0] instanceof ChatMessage
        ? { ...this.meta, all_messages: allMessages.map((m: ChatMessage) => m.toDict()) }
        : { ...this.meta };
    return {
      type: GENERATED_TYPE,
      init_parameters: {
        data: this.data,
        query: this.query,
        documents: this.documents.map((d) => d.toDict({ flatten: false })),
        meta,
      },
    };
  }

  static fromDict(dict: AnswerDict): GeneratedAnswer {
    const params = checkedParams(dict, GENERATED_TYPE, 'GeneratedAnswer');
    const documents = (params['documents'] ?? []) as Record<string, unknown>[];
    const meta = { ...((params['meta'] ?? {}) as Record<string, unknown>) };
    const allMessages = meta['all_messages'];
    if (Array.isArray(allMessages) && typeof allMessages[0] === 'object' && allMessages[0] !== null) {
      meta['all_messages'] = allMessages.map((m: unknown) => ChatMessage.fromDict(m));
    }
    return new GeneratedAnswer({
      data: params['data'] as string,
      query: params['query'] as string,
      documents: documents.map((d) => Document.fromDict(d)),
      meta,
    });
  }
}

/** A character span (`ExtractedAnswer.Span`). */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** Options of {@link ExtractedAnswer}'s constructor. */
export interface ExtractedAnswerInit {
  readonly query: string;
  readonly score: number;
  /** The answer text; `undefined` for the "no answer" candidate. */
  readonly data?: string | null | undefined;
  readonly document?: Document | null | undefined;
  readonly context?: string | null | undefined;
  readonly documentOffset?: Span | null | undefined;
  readonly contextOffset?: Span | null | undefined;
  /** @default {} */
  readonly meta?: Readonly<Record<string, unknown>> | undefined;
}

/** An answer extracted from a document by a reader, with its score and offsets. */
export class ExtractedAnswer {
  static readonly typeName = EXTRACTED_TYPE;
  readonly query: string;
  readonly score: number;
  readonly data: string | undefined;
  readonly document: Document | undefined;
  readonly context: string | undefined;
  readonly documentOffset: Span | undefined;
  readonly contextOffset: Span | undefined;
  readonly meta: Readonly<Record<string, unknown>>;

  constructor(init: ExtractedAnswerInit) {
    this.query = init.query;
    this.score = init.score;
    this.data = init.data ?? undefined;
    this.document = init.document ?? undefined;
    this.context = init.context ?? undefined;
    this.documentOffset = init.documentOffset ?? undefined;
    this.contextOffset = init.contextOffset ?? undefined;
    this.meta = init.meta ?? {};
  }

  toDict(): AnswerDict {
    const span = (s: Span | undefined) => (s ? { start: s.start, end: s.end } : null);
    return {
      type: EXTRACTED_TYPE,
      init_parameters: {
        data: this.data ?? null,
        query: this.query,
        document: this.document ? this.document.toDict({ flatten: false }) : null,
        context: this.context ?? null,
        score: this.score,
        document_offset: span(this.documentOffset),
        context_offset: span(this.contextOffset),
        meta: { ...this.meta },
      },
    };
  }

  static fromDict(dict: AnswerDict): ExtractedAnswer {
    const p = checkedParams(dict, EXTRACTED_TYPE, 'ExtractedAnswer');
    const doc = p['document'] as Record<string, unknown> | null | undefined;
    return new ExtractedAnswer({
      query: p['query'] as string,
      score: p['score'] as number,
      data: p['data'] as string | null | undefined,
      document: doc ? Document.fromDict(doc) : undefined,
      context: p['context'] as string | null | undefined,
      documentOffset: p['document_offset'] as Span | null | undefined,
      contextOffset: p['context_offset'] as Span | null | undefined,
      meta: (p['meta'] ?? {}) as Record<string, unknown>,
    });
  }
}

/** Either kind of answer (Haystack's `Answer` protocol as used by `AnswerJoiner`). */
export type Answer = GeneratedAnswer | ExtractedAnswer;

function checkedParams(dict: AnswerDict, type: string, cls: string): Record<string, unknown> {
  if (typeof dict !== 'object' || dict === null || dict.type !== type) {
    const got = typeof dict === 'object' && dict !== null ? `'${String(dict.type)}'` : typeof dict;
    throw new DeserializationError(`${cls}.fromDict: expected type '${type}', got ${got}.`);
  }
  const params = dict.init_parameters ?? {};
  if (typeof params !== 'object' || Array.isArray(params)) {
    throw new DeserializationError(`${cls}.fromDict: expected 'init_parameters' to be an object.`);
  }
  return params;
}
