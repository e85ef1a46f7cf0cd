/** Validation of addComponent's timeout / retry / concurrencyLimit, with "expected X, got Y" messages. */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { Pipeline, PipelineValidationError, type AddComponentOptions } from '../../../src/index.js';
import { makeComponent } from './helpers.js';

const component = () => makeComponent('C', { value: z.number() }, { value: z.number() }, ({ value }) => ({ value }));
const add = (options: unknown) => () => new Pipeline().addComponent('c', component(), options as AddComponentOptions);

describe('addComponent resilience options', () => {
  it.each([
    [{ timeout: 0 }, /expected timeout to be a number of milliseconds in \(0, 2147483647\], got 0\./],
    [{ timeout: '5s' }, /expected timeout to be a number of milliseconds .*got '5s'\./],
    [{ concurrencyLimit: 0 }, /expected concurrencyLimit to be an integer >= 1, got 0\./],
    [{ concurrencyLimit: 1.5 }, /expected concurrencyLimit to be an integer >= 1, got 1\.5\./],
    [{ retry: 'yes' }, /expected retry to be true, a number of attempts or a RetryOptions object, got 'yes'\./],
    [{ retry: 0 }, /expected retry\.maxAttempts to be an integer in \[1, 1000\], got 0\./],
    [{ retry: { maxAttempts: 2.5 } }, /expected retry\.maxAttempts to be an integer in \[1, 1000\], got 2\.5\./],
    [{ retry: { initialInterval: -1 } }, /expected retry\.initialInterval to be a number in \[0, 2147483647\], got -1\./],
    [{ retry: { backoffFactor: 0.5 } }, /expected retry\.backoffFactor to be a number in \[1, 2147483647\], got 0\.5\./],
    [{ retry: { jitter: 'full' } }, /expected retry\.jitter to be a boolean, got 'full'\./],
    [{ retry: { retryOn: true } }, /expected retry\.retryOn to be a function \(error, attempt\) => boolean, got true\./],
    [{ retry: { max_attempts: 3 } }, /unknown retry option 'max_attempts'; the options are: maxAttempts, /],
    [{ retries: 3 }, /unknown option 'retries'; the options are: executor, timeout, retry, concurrencyLimit\./],
  ])('rejects %j', (options, message) => {
    expect(add(options)).toThrow(PipelineValidationError);
    expect(add(options)).toThrow(message);
  });

  it('prefixes the message with the API location and adds nothing on failure', () => {
    const pipeline = new Pipeline();
    expect(() => pipeline.addComponent('c', component(), { timeout: -1 })).toThrow(/^Pipeline\.addComponent: /);
    expect([...pipeline.walk()]).toEqual([]);
  });

  it('accepts every documented form', () => {
    for (const options of [{ timeout: 10 }, { retry: true }, { retry: false }, { retry: 4 }, { retry: {} }, { concurrencyLimit: 8 }, { executor: 'inline', timeout: 1, retry: { retryOn: () => false }, concurrencyLimit: 1 }]) {
      expect(add(options)).not.toThrow();
    }
  });

  it('types the options', () => {
    expectTypeOf<AddComponentOptions['timeout']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<AddComponentOptions['concurrencyLimit']>().toEqualTypeOf<number | undefined>();
    // @ts-expect-error retry.maxAttempts is a number
    void (() => new Pipeline().addComponent('c', component(), { retry: { maxAttempts: '3' } }));
  });
});
