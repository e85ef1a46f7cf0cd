import { ComponentError } from '../../errors.js';
import type { KnownOptions } from '../../core/component/known-options.js';

/** Haystack's default reference style: `[3]`. */
export const DEFAULT_REFERENCE_PATTERN = '\\[(\\d+)\\]';
/** The pattern used instead of the default when `expandReferenceRanges` is on: `[1-3,5]`. */
export const EXPANDED_REFERENCE_PATTERN = '\\[(\\d+(?:[,-]\\d+)*)\\]';

/** Options of {@link AnswerBuilder}. Patterns are JavaScript regular expressions (source text). */
export interface AnswerBuilderOptions {
  /**
   * Extracts the answer from a reply: the first match's capture group if the pattern has one, else
   * the whole match; no match gives `''`. At most one capture group. Without a pattern the whole
   * reply is the answer.
   * @default null
   * @example new AnswerBuilder({ pattern: 'Answer: (.*)' })
   */
  readonly pattern?: string | null | undefined;
  /**
   * Finds document references in a reply (1-based indices in the capture group, e.g. `\[(\d+)\]`).
   * When set, attached documents get `meta.referenced`.
   * @default null
   */
  readonly referencePattern?: string | null | undefined;
  /** Use only the last reply (and its meta). @default false */
  readonly lastMessageOnly?: boolean | undefined;
  /**
   * With `referencePattern`: attach only referenced documents (else all, marked).
   * @default true
   */
  readonly returnOnlyReferencedDocuments?: boolean | undefined;
  /**
   * Expand ranges like `[2-4,7]`; with the default reference pattern a range-aware pattern is used.
   * @default false
   */
  readonly expandReferenceRanges?: boolean | undefined;
}

/** Every option AnswerBuilder knows: anything else is rejected. */
export const ANSWER_BUILDER_OPTIONS: KnownOptions<AnswerBuilderOptions> = { pattern: true, referencePattern: true, lastMessageOnly: true, returnOnlyReferencedDocuments: true, expandReferenceRanges: true };

export interface ResolvedAnswerBuilderOptions {
  readonly pattern: string | null;
  readonly referencePattern: string | null;
  readonly lastMessageOnly: boolean;
  readonly returnOnlyReferencedDocuments: boolean;
  readonly expandReferenceRanges: boolean;
}

/** Compiles `pattern` and checks it has at most one capture group. */
export function checkPattern(pattern: string, where: string, option: string): RegExp {
  let regex: RegExp;
  try {
    regex = new RegExp(pattern);
  } catch (error) {
    throw new ComponentError(`${where}: '${option}' is not a valid regular expression: ${(error as Error).message}.`, { cause: error });
  }
  // Matching the empty alternative reports how many groups the pattern declares.
  const groups = (new RegExp(`${pattern}|`).exec('') as RegExpExecArray).length - 1;
  if (groups > 1) {
    throw new ComponentError(
      `${where}: pattern '${pattern}' contains multiple capture groups. Please specify a pattern with at most one capture group.`,
    );
  }
  return regex;
}

export function resolveAnswerBuilderOptions(options: AnswerBuilderOptions): ResolvedAnswerBuilderOptions {
  if (typeof options !== 'object' || options === null) {
    throw new ComponentError(`AnswerBuilder: expected an options object, got ${options === null ? 'null' : typeof options}.`);
  }
  const str = (key: 'pattern' | 'referencePattern'): string | null => {
    const value = options[key] ?? null;
    if (value !== null && typeof value !== 'string') {
      throw new ComponentError(`AnswerBuilder: expected '${key}' to be a string or null, got ${typeof value}.`);
    }
    return value;
  };
  const bool = (key: 'lastMessageOnly' | 'returnOnlyReferencedDocuments' | 'expandReferenceRanges', dflt: boolean): boolean => {
    const value = options[key] ?? dflt;
    if (typeof value !== 'boolean') throw new ComponentError(`AnswerBuilder: expected '${key}' to be a boolean, got ${typeof value}.`);
    return value;
  };
  const pattern = str('pattern');
  if (pattern) checkPattern(pattern, 'AnswerBuilder', 'pattern');
  const referencePattern = str('referencePattern');
  if (referencePattern) checkPattern(referencePattern, 'AnswerBuilder', 'referencePattern');
  return {
    pattern,
    referencePattern,
    lastMessageOnly: bool('lastMessageOnly', false),
    returnOnlyReferencedDocuments: bool('returnOnlyReferencedDocuments', true),
    expandReferenceRanges: bool('expandReferenceRanges', false),
  };
}
