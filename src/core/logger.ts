/**
 * The library's logger: where the engine sends its warnings (unmatched flat inputs, undeclared
 * output keys, a pipeline that appears blocked) and its info messages.
 *
 * The default writes warnings with `console.warn` and drops info/debug messages. Replace it for the
 * whole process with {@link setLogger}, or per pipeline with the `logger` option, e.g. to route the
 * messages to pino, or to capture them in tests.
 */

/** Structured fields that accompany a message (component names, keys). */
export type LogFields = Readonly<Record<string, unknown>>;

/** What the engine needs from a logger. Any of pino, winston or `console` fits. */
export interface Logger {
  warn(message: string, fields?: LogFields): void;
  info?(message: string, fields?: LogFields): void;
  debug?(message: string, fields?: LogFields): void;
}

/** Writes warnings to `console.warn`; info and debug messages are dropped. */
export const consoleLogger: Logger = Object.freeze({
  warn(message: string): void {
    console.warn(message);
  },
});

let current: Logger = consoleLogger;

/**
 * Replaces the process-wide logger and returns the previous one (so a test can restore it).
 *
 * @example
 * const warnings: string[] = [];
 * const previous = setLogger({ warn: (m) => warnings.push(m) });
 * try { await pipeline.run(data); } finally { setLogger(previous); }
 */
export function setLogger(logger: Logger): Logger {
  if (typeof logger !== 'object' || logger === null || typeof logger.warn !== 'function') {
    throw new TypeError(`setLogger: expected an object with a warn(message) method, got ${logger === null ? 'null' : typeof logger}.`);
  }
  const previous = current;
  current = logger;
  return previous;
}

/** The process-wide logger. */
export function getLogger(): Logger {
  return current;
}
