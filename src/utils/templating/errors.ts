import { HaystackError, type HaystackErrorDetails, named } from '../../errors.js';

/**
 * A template failed to compile (syntax) or to render (a lookup on an undefined value, a filter
 * that threw). `line`/`column` are 1-based when nunjucks reports them.
 */
export class TemplateError extends HaystackError {
  static {
    named(this, 'TemplateError');
  }
  readonly line: number | undefined;
  readonly column: number | undefined;
  constructor(message: string, details: HaystackErrorDetails & { line?: number | undefined; column?: number | undefined } = {}) {
    super(message, details);
    this.line = details.line;
    this.column = details.column;
  }
}

/**
 * A template tried to leave the sandbox: reach `constructor`, `__proto__`, a prototype, the
 * `Function` constructor, `process`, `globalThis`, or call something that runs code.
 */
export class TemplateSecurityError extends TemplateError {
  static {
    named(this, 'TemplateSecurityError');
  }
}

/** The names of the limits in {@link TemplateLimitError.limit}. */
export type TemplateLimitName = 'maxOutputLength' | 'maxValueLength' | 'maxLoopIterations' | 'timeoutMs' | 'maxTemplateLength';

/**
 * A template hit one of the rendering limits (output size, value size, loop iterations, time or
 * template length). `limit` names the limit and `value` its configured bound; raise it with the
 * environment's `limits` option or `configureTemplateLimits` if the template is legitimate.
 */
export class TemplateLimitError extends TemplateError {
  static {
    named(this, 'TemplateLimitError');
  }
  readonly limit: TemplateLimitName;
  readonly value: number;
  constructor(
    message: string,
    details: HaystackErrorDetails & { limit: TemplateLimitName; value: number; line?: number | undefined; column?: number | undefined },
  ) {
    super(message, details);
    this.limit = details.limit;
    this.value = details.value;
  }
}
