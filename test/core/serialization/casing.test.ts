import { describe, expect, it } from 'vitest';
import { camelToSnake, mapKeys, snakeToCamel } from '../../../src/core/serialization/casing.js';

describe('key casing at the serialization boundary', () => {
  it.each([
    ['maxRunsPerComponent', 'max_runs_per_component'],
    ['topK', 'top_k'],
    ['apiKey', 'api_key'],
    ['returnOnlyReferencedDocuments', 'return_only_referenced_documents'],
    ['query', 'query'],
    ['bm25K1', 'bm25_k1'],
  ])('%s ↔ %s', (camel, snake) => {
    expect(camelToSnake(camel)).toBe(snake);
    expect(snakeToCamel(snake)).toBe(camel);
  });

  it('leaves snake_case input and trailing underscores alone', () => {
    expect(camelToSnake('top_k')).toBe('top_k');
    expect(snakeToCamel('type_')).toBe('type_');
    expect(snakeToCamel('list_type_')).toBe('listType_');
  });

  it('maps keys, not values', () => {
    expect(mapKeys({ topK: 1, generationKwargs: { maxTokens: 2 } }, camelToSnake)).toEqual({ top_k: 1, generation_kwargs: { maxTokens: 2 } });
  });
});
