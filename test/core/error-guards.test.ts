import { describe, expect, it } from 'vitest';
import {
  HaystackError,
  PipelineComponentsBlockedError,
  PipelineConnectError,
  PipelineRuntimeError,
  isAbortError,
  isErrorNamed,
  isHaystackError,
} from '../../src/index.js';

/** Stands in for the same classes loaded from a second copy of the package. */
function foreignCopy() {
  class PipelineRuntimeError extends Error {
    override name = 'PipelineRuntimeError';
    constructor(message: string) {
      super(message);
      Object.defineProperty(this, Symbol.for('haystack-ts.error'), { value: true });
    }
  }
  class PipelineComponentsBlockedError extends PipelineRuntimeError {
    override name = 'PipelineComponentsBlockedError';
  }
  return { PipelineRuntimeError, PipelineComponentsBlockedError };
}

describe('error guards', () => {
  it('narrow by family, subclasses included', () => {
    const blocked = new PipelineComponentsBlockedError('x');
    expect(isErrorNamed(blocked, PipelineRuntimeError)).toBe(true);
    expect(isErrorNamed(blocked, PipelineComponentsBlockedError)).toBe(true);
    expect(isErrorNamed(new PipelineConnectError('x'), PipelineRuntimeError)).toBe(false);
    expect(isErrorNamed(new Error('x'), PipelineRuntimeError)).toBe(false);
  });

  it('recognise errors from another copy of the package by brand and name', () => {
    const foreign = foreignCopy();
    const error = new foreign.PipelineComponentsBlockedError('x');
    expect(isHaystackError(error)).toBe(true);
    expect(isErrorNamed(error, PipelineRuntimeError)).toBe(true);
    expect(isErrorNamed(error, PipelineComponentsBlockedError)).toBe(true);
    expect(isErrorNamed(error, PipelineConnectError)).toBe(false);
    expect(isHaystackError(new Error('x'))).toBe(false);
    expect(new HaystackError('x').name).toBe('HaystackError');
  });

  it('recognise the standard abort rejection', () => {
    const controller = new AbortController();
    controller.abort();
    expect(isAbortError(controller.signal.reason)).toBe(true);
    expect(isAbortError(new Error('x'))).toBe(false);
  });
});
