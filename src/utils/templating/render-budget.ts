/**
 * The work counter of the render in progress. nunjucks renders synchronously, so the budget of
 * the current render is a stack entry for the duration of `render()`: the runtime hooks, filters
 * and Python methods read it without it being threaded through nunjucks' generated code.
 */
import { TemplateLimitError, type TemplateLimitName } from './errors.js';
import type { ResolvedTemplateLimits } from './limits-options.js';

// Reading the clock on every checkpoint would cost more than the checkpoint; every 64th is enough
// because no single step between two checkpoints is unbounded (values are size-checked).
const CLOCK_EVERY = 64;

/** Counters of one render against its limits. */
export class RenderBudget {
  readonly limits: ResolvedTemplateLimits;
  #output = 0;
  #iterations = 0;
  #steps = 0;
  readonly #deadline: number;

  constructor(limits: ResolvedTemplateLimits) {
    this.limits = limits;
    this.#deadline = Date.now() + limits.timeoutMs;
  }

  /** Counts one step of work and enforces the deadline. */
  tick(): void {
    if (++this.#steps % CLOCK_EVERY === 0 && Date.now() > this.#deadline) {
      throw limitError('timeoutMs', this.limits.timeoutMs, `rendering took longer than ${this.limits.timeoutMs} ms`);
    }
  }

  /** Counts `length` characters of output. */
  addOutput(length: number): void {
    this.#output += length;
    if (this.#output > this.limits.maxOutputLength) {
      throw limitError('maxOutputLength', this.limits.maxOutputLength, `the output is longer than ${this.limits.maxOutputLength} characters`);
    }
    this.tick();
  }

  /** Counts the iterations of a loop about to start. */
  addIterations(count: number): void {
    this.#iterations += count;
    if (this.#iterations > this.limits.maxLoopIterations) {
      throw limitError('maxLoopIterations', this.limits.maxLoopIterations, `loops ran more than ${this.limits.maxLoopIterations} iterations`);
    }
    this.tick();
  }

  /** Refuses a string or list of `length` (produced or about to be) by `what`. */
  checkValueLength(length: number, what: string): void {
    if (length > this.limits.maxValueLength) {
      throw limitError('maxValueLength', this.limits.maxValueLength, `${what} would produce a value of length ${length}, more than ${this.limits.maxValueLength}`);
    }
  }
}

function limitError(limit: TemplateLimitName, value: number, what: string): TemplateLimitError {
  return new TemplateLimitError(`Template: limit '${limit}' reached: ${what}. Raise it with the environment's 'limits' option or configureTemplateLimits() if the template is trusted.`, {
    limit,
    value,
  });
}

const active: RenderBudget[] = [];

/** Runs `render` with `budget` as the current budget (re-entrant: a filter may render a template). */
export function withBudget<T>(budget: RenderBudget, render: () => T): T {
  active.push(budget);
  try {
    return render();
  } finally {
    active.pop();
  }
}

/** The budget of the render in progress, if any. */
export function currentBudget(): RenderBudget | undefined {
  return active[active.length - 1];
}

/** The size that counts against `maxValueLength`: a string's or list's length, else 0. */
export function sizeOf(value: unknown): number {
  if (typeof value === 'string' || Array.isArray(value)) return value.length;
  if (value instanceof Map || value instanceof Set) return value.size;
  return 0;
}

/** Refuses `value` when it is a string or list longer than the current render allows. */
export function checkValue<T>(value: T, what: string): T {
  const budget = currentBudget();
  if (budget !== undefined) {
    const size = sizeOf(value);
    if (size > 0) budget.checkValueLength(size, what);
    budget.tick();
  }
  return value;
}

/** Refuses to produce `length` items in `what` (call before allocating). */
export function checkProjectedLength(length: number, what: string): void {
  currentBudget()?.checkValueLength(length, what);
}
