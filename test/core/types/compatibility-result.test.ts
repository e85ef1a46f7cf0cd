/** The shape of typesAreCompatible's result: a narrowing union, frozen and shared per schema pair. */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { typesAreCompatible, type Compatibility, type ConversionStrategy } from '../../../src/index.js';

describe('Compatibility', () => {
  it('narrows on `compatible`', () => {
    const result: Compatibility = typesAreCompatible(z.string(), z.array(z.string()));
    if (result.compatible) {
      expectTypeOf(result.conversion).toEqualTypeOf<ConversionStrategy | undefined>();
      expect(result.conversion).toBe('wrap');
    } else {
      expectTypeOf(result).not.toHaveProperty('conversion');
      expect.unreachable('string → string[] wraps');
    }
  });

  it('remembers the verdict of a pair of schema objects (connect() asks again for every pipeline built)', () => {
    const sender = z.string();
    const receiver = z.array(z.string()).optional();
    const first = typesAreCompatible(sender, receiver);
    expect(typesAreCompatible(sender, receiver)).toBe(first);
    expect(typesAreCompatible(z.string(), receiver)).toEqual(first);
  });

  it('is frozen, so a shared result cannot be altered by a caller', () => {
    expect(Object.isFrozen(typesAreCompatible(z.string(), z.string()))).toBe(true);
    expect(Object.isFrozen(typesAreCompatible(z.string(), z.number()))).toBe(true);
    expect(Object.isFrozen(typesAreCompatible(z.string(), z.array(z.string())))).toBe(true);
  });
});
