/** The public type functions reject what is not a zod 4 schema with a message that says what to do. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ComponentError, isListSchema, typeName, typesAreCompatible, Variadic } from '../../../src/index.js';

describe('non-schema arguments', () => {
  const notSchemas: [string, unknown][] = [
    ['a Variadic wrapper', Variadic(z.string())],
    ['a plain object', { type: 'string' }],
    ['undefined', undefined],
    ['null', null],
    ['a string', 'string'],
  ];

  it.each(notSchemas)('typesAreCompatible rejects %s', (_label, value) => {
    expect(() => typesAreCompatible(value as z.ZodType, z.string())).toThrow(ComponentError);
    expect(() => typesAreCompatible(z.string(), value as z.ZodType)).toThrow(/^typesAreCompatible: expected the receiver type to be a zod 4 schema/);
  });

  it.each(notSchemas)('typeName and isListSchema reject %s', (_label, value) => {
    expect(() => typeName(value as z.ZodType)).toThrow(/^typeName: expected the socket type to be a zod 4 schema/);
    expect(() => isListSchema(value as z.ZodType)).toThrow(/for a variadic socket pass its item schema/);
  });
});
