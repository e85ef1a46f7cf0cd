/**
 * A tracer that logs each span when it ends (Haystack's `LoggingTracer`): the operation name, then
 * one `tag=value` line per tag, through the library's logger at debug level (or a logger of your
 * own). Meant for development; spans have no ids and are not linked.
 */
import { getLogger, type Logger } from '../logger.js';
import { coerceTagValue, type TagValue } from './coerce.js';
import type { Span, SpanOptions, Tracer } from './tracer.js';

const RESET_COLOR = '\u001b[0m';

/** Options of {@link LoggingTracer}. */
export interface LoggingTracerOptions {
  /**
   * ANSI colour prefixes by tag name.
   * @default {}
   * @example new LoggingTracer({ tagsColorStrings: { 'haystack.component.input': '\u001b[1;31m' } })
   */
  readonly tagsColorStrings?: Readonly<Record<string, string>>;
  /**
   * Where the lines go: its `debug`, else its `info`.
   * @default the process-wide logger (see `setLogger`), whose default drops debug messages
   */
  readonly logger?: Logger;
}

/** A span of the {@link LoggingTracer}: tags are coerced when set, so later mutation does not show. */
export class LoggingSpan implements Span {
  readonly tags: Record<string, TagValue> = {};
  #ended = false;

  /** @internal created by {@link LoggingTracer} */
  constructor(
    readonly operationName: string,
    private readonly emit: (span: LoggingSpan) => void,
  ) {}

  setTag(key: string, value: unknown): void {
    this.tags[key] = coerceTagValue(value);
  }

  recordError(error: unknown): void {
    this.setTag('error', true);
    this.setTag('error.message', error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  }

  end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.emit(this);
  }
}

export class LoggingTracer implements Tracer {
  readonly tagsColorStrings: Readonly<Record<string, string>>;
  readonly #logger: Logger | undefined;

  constructor(options: LoggingTracerOptions = {}) {
    this.tagsColorStrings = { ...options.tagsColorStrings };
    this.#logger = options.logger;
  }

  startSpan(operationName: string, options: SpanOptions = {}): Span {
    const span = new LoggingSpan(operationName, (s) => this.#emit(s));
    for (const key of Object.keys(options.tags ?? {})) span.setTag(key, options.tags![key]);
    return span;
  }

  #emit(span: LoggingSpan): void {
    const logger = this.#logger ?? getLogger();
    const write = logger.debug ?? logger.info;
    if (write === undefined) return;
    // One call per span keeps a span's lines together when spans of concurrent components end.
    const lines = [`Operation: ${span.operationName}`];
    for (const [key, value] of Object.entries(span.tags)) {
      const color = this.tagsColorStrings[key];
      lines.push(color === undefined ? `${key}=${String(value)}` : `${color}${key}=${String(value)}${RESET_COLOR}`);
    }
    write.call(logger, lines.join('\n'), { operation: span.operationName });
  }
}
