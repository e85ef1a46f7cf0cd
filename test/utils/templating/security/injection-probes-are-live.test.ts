/**
 * The probes really execute code when compiled by stock nunjucks (so the other security tests can
 * fail), and none of them executes through the sandboxed environment.
 */
import nunjucks from 'nunjucks';
import { afterEach, describe, expect, it } from 'vitest';
import { TemplateError, TemplateSecurityError, renderTemplate } from '../../../../src/utils/templating/index.js';
import { PROBES, clearSentinel, sentinelSet } from './probes.js';

afterEach(clearSentinel);

describe('template injection probes', () => {
  it.each(Object.entries(PROBES))('%s runs code in stock nunjucks', (_name, probe) => {
    const stock = new nunjucks.Environment();
    try {
      stock.renderString(probe, { a: {} });
    } catch {
      // Some probes throw after their payload ran; only the side effect matters here.
    }
    expect(sentinelSet()).toBe(true);
  });

  it.each(Object.entries(PROBES))('%s is refused by the sandbox with nothing executed', (_name, probe) => {
    let caught: unknown;
    try {
      renderTemplate(probe, { a: {} });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(TemplateError);
    expect(sentinelSet()).toBe(false);
  });

  it('names the offending text as invalid rather than running it', () => {
    expect(() => renderTemplate(PROBES['symbol'] as string)).toThrow(TemplateSecurityError);
    expect(() => renderTemplate(PROBES['symbol'] as string)).toThrow(/is not a valid name/);
  });
});
