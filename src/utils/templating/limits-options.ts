/**
 * The bounds every sandboxed render runs under. They are on for every template, because a
 * template given in code and one read from YAML or a run-time socket are the same string by the
 * time it reaches the engine; the defaults leave room for any real prompt (megabytes of text,
 * a million loop iterations) and stop runaway templates long before the process is at risk.
 */
import { HaystackError } from '../../errors.js';
import type { TemplateLimitName } from './errors.js';

/** Limits of one render (all optional; unset fields keep the process defaults). */
export interface TemplateLimits {
  /**
   * Characters a render may produce in total (printed values plus template text, captured `set`
   * blocks included).
   * @default 5_000_000
   * @example 20_000_000
   */
  readonly maxOutputLength?: number | undefined;
  /**
   * Largest string length or list length that a method, filter or `~` may produce or be asked to
   * produce (`'x'.replace('', y)`, `center(10**9)`, `batch(10**9)`).
   * @default 5_000_000
   * @example 20_000_000
   */
  readonly maxValueLength?: number | undefined;
  /**
   * Loop iterations of one render, summed over all loops (nested loops multiply).
   * @default 1_000_000
   * @example 10_000_000
   */
  readonly maxLoopIterations?: number | undefined;
  /**
   * Wall-clock budget of one render in milliseconds, checked at every output, call, member read
   * and loop start.
   * @default 5_000
   * @example 30_000
   */
  readonly timeoutMs?: number | undefined;
  /**
   * Longest template source accepted by `compile`.
   * @default 1_000_000
   * @example 5_000_000
   */
  readonly maxTemplateLength?: number | undefined;
}

/** The limits with every field set. */
export type ResolvedTemplateLimits = { readonly [K in TemplateLimitName]: number };

/** The built-in defaults (see {@link TemplateLimits} for each field). */
export const DEFAULT_TEMPLATE_LIMITS: ResolvedTemplateLimits = Object.freeze({
  maxOutputLength: 5_000_000,
  maxValueLength: 5_000_000,
  maxLoopIterations: 1_000_000,
  timeoutMs: 5_000,
  maxTemplateLength: 1_000_000,
});

const NAMES = Object.keys(DEFAULT_TEMPLATE_LIMITS) as TemplateLimitName[];

/** Validates `limits` once ("expected X, got Y"); unknown fields are errors. */
export function validateTemplateLimits(where: string, limits: unknown): TemplateLimits {
  if (typeof limits !== 'object' || limits === null || Array.isArray(limits)) {
    throw new HaystackError(`${where}: expected 'limits' to be an object, got ${limits === null ? 'null' : Array.isArray(limits) ? 'array' : typeof limits}.`);
  }
  for (const [key, value] of Object.entries(limits)) {
    if (!(NAMES as string[]).includes(key)) {
      throw new HaystackError(`${where}: unknown limit '${key}'; expected one of ${NAMES.join(', ')}.`);
    }
    if (value === undefined) continue;
    if (typeof value !== 'number' || !(value > 0) || !(Number.isInteger(value) || value === Infinity)) {
      throw new HaystackError(`${where}: expected limit '${key}' to be a positive integer or Infinity, got ${typeof value === 'number' ? value : typeof value}.`);
    }
  }
  return limits as TemplateLimits;
}

/** `base` overridden by the fields `limits` sets. */
export function resolveTemplateLimits(base: ResolvedTemplateLimits, limits: TemplateLimits | undefined): ResolvedTemplateLimits {
  if (limits === undefined) return base;
  const out: Record<string, number> = { ...base };
  for (const name of NAMES) {
    const value = limits[name];
    if (value !== undefined) out[name] = value;
  }
  return out as ResolvedTemplateLimits;
}

let processDefaults: ResolvedTemplateLimits = DEFAULT_TEMPLATE_LIMITS;

/**
 * Changes the limits of every environment that does not set its own (the library's components
 * included). Fields left out keep their current value.
 *
 * @example configureTemplateLimits({ maxOutputLength: 20_000_000, timeoutMs: 30_000 });
 */
export function configureTemplateLimits(limits: TemplateLimits): void {
  processDefaults = resolveTemplateLimits(processDefaults, validateTemplateLimits('configureTemplateLimits', limits));
}

/** The limits environments without their own use. */
export function templateLimits(): ResolvedTemplateLimits {
  return processDefaults;
}

/** Back to the built-in defaults (for tests). */
export function resetTemplateLimits(): void {
  processDefaults = DEFAULT_TEMPLATE_LIMITS;
}
