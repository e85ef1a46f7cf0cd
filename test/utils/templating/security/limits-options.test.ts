/** The `limits` option and configureTemplateLimits are validated once, with clear messages. */
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATE_LIMITS, createSandboxedEnvironment, templateLimits } from '../../../../src/utils/templating/index.js';
import { configureTemplateLimits, resetTemplateLimits } from '../../../../src/utils/templating/limits-options.js';

afterEach(resetTemplateLimits);

describe('template limits options', () => {
  it('has bounded defaults', () => {
    for (const value of Object.values(DEFAULT_TEMPLATE_LIMITS)) expect(Number.isFinite(value)).toBe(true);
    expect(templateLimits()).toEqual(DEFAULT_TEMPLATE_LIMITS);
  });

  it.each([
    [{ maxOutputLenght: 1 }, /unknown limit 'maxOutputLenght'/],
    [{ maxOutputLength: 0 }, /expected limit 'maxOutputLength' to be a positive integer or Infinity, got 0/],
    [{ timeoutMs: 1.5 }, /got 1.5/],
    [{ maxLoopIterations: '10' }, /got string/],
    [null, /expected 'limits' to be an object, got null/],
  ])('refuses %j', (limits, message) => {
    expect(() => createSandboxedEnvironment({ limits: limits as never })).toThrow(message);
    expect(() => configureTemplateLimits(limits as never)).toThrow(message);
  });

  it('merges an environment\'s limits over the process defaults, which configureTemplateLimits changes', () => {
    configureTemplateLimits({ timeoutMs: 60_000 });
    const env = createSandboxedEnvironment({ limits: { maxOutputLength: Infinity } });
    expect(env.limits).toEqual({ ...DEFAULT_TEMPLATE_LIMITS, timeoutMs: 60_000, maxOutputLength: Infinity });
  });
});
