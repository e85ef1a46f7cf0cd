/** Which input sockets become auto-variadic when a second sender connects (Haystack: list, Optional[list], union of lists). */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isListSchema } from '../../../src/index.js';

describe('isListSchema', () => {
  it.each<[string, z.ZodType]>([
    ['array', z.array(z.string())],
    ['array of any', z.array(z.unknown())],
    ['optional array', z.array(z.number()).optional()],
    ['nullable array', z.array(z.number()).nullable()],
    ['nullish array', z.array(z.number()).nullish()],
    ['defaulted array', z.array(z.number()).default([])],
    ['readonly array', z.array(z.number()).readonly()],
    ['union of arrays', z.union([z.array(z.string()), z.array(z.number())])],
    ['union of arrays and null', z.union([z.array(z.string()), z.array(z.number()), z.null()])],
    ['lazy array', z.lazy(() => z.array(z.string()))],
  ])('%s is a list socket', (_label, schema) => {
    expect(isListSchema(schema)).toBe(true);
  });

  it.each<[string, z.ZodType]>([
    ['string', z.string()],
    ['optional string', z.string().optional()],
    ['any', z.any()],
    ['unknown', z.unknown()],
    ['tuple', z.tuple([z.string()])],
    ['set', z.set(z.string())],
    ['record', z.record(z.string(), z.number())],
    ['union of an array and a string', z.union([z.array(z.string()), z.string()])],
    ['null', z.null()],
    ['undefined', z.undefined()],
  ])('%s is not', (_label, schema) => {
    expect(isListSchema(schema)).toBe(false);
  });
});
