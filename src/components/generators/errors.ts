/**
 * Errors of chat generators. Each carries what a caller needs to react (HTTP status, provider
 * error code, request id, whether retrying may help) and never the API key: messages are
 * redacted, and the SDK's error object is not attached (it holds response bodies that may echo it).
 */
import { HaystackError, type HaystackErrorDetails, named } from '../../errors.js';

/** Data a chat generator error carries. */
export interface ChatGeneratorErrorDetails extends HaystackErrorDetails {
  readonly status?: number | undefined;
  readonly code?: string | undefined;
  readonly requestId?: string | undefined;
  readonly retryAfter?: number | undefined;
}

/** Base of every error a chat generator raises for a failed API call. */
export class ChatGeneratorError extends HaystackError {
  static {
    named(this, 'ChatGeneratorError');
  }
  /** HTTP status, when the server answered. */
  readonly status: number | undefined;
  /** The provider's error code (`invalid_api_key`, `rate_limit_exceeded`, ...). */
  readonly code: string | undefined;
  /** The provider's request id, for support tickets. */
  readonly requestId: string | undefined;
  /** Seconds the server asked to wait before retrying (`retry-after-ms` / `Retry-After`), when it said. */
  readonly retryAfter: number | undefined;
  constructor(message: string, details: ChatGeneratorErrorDetails = {}) {
    super(message, details);
    this.status = details.status;
    this.code = details.code;
    this.requestId = details.requestId;
    this.retryAfter = details.retryAfter;
  }
  /** True when trying again later may succeed (rate limits, server errors, timeouts, connection failures). */
  get retryable(): boolean {
    return false;
  }
}

/** 401/403: the key is missing, wrong or lacks permission. */
export class ChatGeneratorAuthenticationError extends ChatGeneratorError {
  static {
    named(this, 'ChatGeneratorAuthenticationError');
  }
}

/** 429: rate limit or quota exceeded (after the client's own retries). */
export class ChatGeneratorRateLimitError extends ChatGeneratorError {
  static {
    named(this, 'ChatGeneratorRateLimitError');
  }
  override get retryable(): boolean {
    return true;
  }
}

/** 5xx: the provider failed (after the client's own retries). */
export class ChatGeneratorServerError extends ChatGeneratorError {
  static {
    named(this, 'ChatGeneratorServerError');
  }
  override get retryable(): boolean {
    return true;
  }
}

/** 4xx other than auth and rate limits: the request itself is wrong (unknown model, bad parameter). */
export class ChatGeneratorBadRequestError extends ChatGeneratorError {
  static {
    named(this, 'ChatGeneratorBadRequestError');
  }
  /** 408 (request timeout) and 409 (lock conflict) are transient; the rest need a changed request. */
  override get retryable(): boolean {
    return this.status === 408 || this.status === 409;
  }
}

/** The request timed out (after the client's own retries). */
export class ChatGeneratorTimeoutError extends ChatGeneratorError {
  static {
    named(this, 'ChatGeneratorTimeoutError');
  }
  override get retryable(): boolean {
    return true;
  }
}

/** The server could not be reached. */
export class ChatGeneratorConnectionError extends ChatGeneratorError {
  static {
    named(this, 'ChatGeneratorConnectionError');
  }
  override get retryable(): boolean {
    return true;
  }
}

/**
 * The server answered, but not with something usable: a body that is not JSON, a completion without
 * `choices` or with malformed ones, an SSE event that is not JSON, or more bytes than `maxResponseBytes`.
 * `status` is the HTTP status the server sent with it (often 200).
 */
export class ChatGeneratorResponseError extends ChatGeneratorError {
  static {
    named(this, 'ChatGeneratorResponseError');
  }
}

/** Replaces every occurrence of `secret` (and of its long fragments) in `text`. */
export function redact(text: string, secret: string | undefined): string {
  if (secret === undefined || secret.length === 0) return text;
  let out = text.split(secret).join('<redacted>');
  // Providers echo keys partially ("sk-abc***xyz"); drop any 8+ character slice of the key as well.
  if (secret.length >= 12) {
    for (let len = Math.min(secret.length - 1, 24); len >= 8; len--) {
      for (let i = 0; i + len <= secret.length; i++) {
        const piece = secret.slice(i, i + len);
        if (out.includes(piece)) out = out.split(piece).join('<redacted>');
      }
    }
  }
  return out;
}

/**
 * Every generator of a `FallbackChatGenerator` failed (Haystack raises a `RuntimeError`). `cause` is
 * the last generator's error, `errors` each generator's in order, `failedChatGenerators` their class
 * names. Retryable when every one of them failed retryably (all rate-limited, say), so that a
 * pipeline-level `retry` may try the whole chain again.
 */
export class ChatGeneratorFallbackError extends ChatGeneratorError {
  static {
    named(this, 'ChatGeneratorFallbackError');
  }
  /** What each generator threw, in the order they were tried. */
  readonly errors: readonly unknown[];
  /** The class names of the generators that failed, in order. */
  readonly failedChatGenerators: readonly string[];
  constructor(message: string, details: ChatGeneratorErrorDetails & { errors: readonly unknown[]; failedChatGenerators: readonly string[] }) {
    super(message, details);
    this.errors = details.errors;
    this.failedChatGenerators = details.failedChatGenerators;
  }
  override get retryable(): boolean {
    return this.errors.length > 0 && this.errors.every((e) => typeof e === 'object' && e !== null && (e as { retryable?: unknown }).retryable === true);
  }
}
