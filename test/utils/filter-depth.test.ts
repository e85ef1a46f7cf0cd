/**
 * Logical filters nested beyond MAX_FILTER_DEPTH fail with a FilterError instead of overflowing the
 * stack with a RangeError, wherever the filter is used.
 */
import { describe, expect, it } from 'vitest';
import {
  Document,
  FilterError,
  InMemoryBM25Retriever,
  InMemoryDocumentStore,
  MAX_FILTER_DEPTH,
  Pipeline,
  PipelineRuntimeError,
  documentMatchesFilter,
  type Filters,
} from '../../src/index.js';

/** `levels` logical nodes nested in one another around one comparison. */
function nested(levels: number): Filters {
  let filter: Filters = { field: 'meta.a', operator: '==', value: 1 };
  for (let i = 0; i < levels; i++) filter = { operator: i % 2 === 0 ? 'AND' : 'OR', conditions: [filter] };
  return filter;
}

const doc = new Document({ content: 'x', meta: { a: 1 } });

describe('filter nesting depth', () => {
  it(`accepts ${MAX_FILTER_DEPTH} logical levels`, () => {
    expect(documentMatchesFilter(nested(MAX_FILTER_DEPTH), doc)).toBe(true);
    const store = new InMemoryDocumentStore();
    store.writeDocuments([doc]);
    expect(store.filterDocuments(nested(MAX_FILTER_DEPTH))).toHaveLength(1);
  });

  it.each([MAX_FILTER_DEPTH + 1, 20_000])('rejects %i levels with a FilterError', (levels) => {
    const filter = nested(levels);
    expect(() => documentMatchesFilter(filter, doc)).toThrow(FilterError);
    expect(() => documentMatchesFilter(filter, doc)).toThrow(/nest more than 100 logical levels/);
    const empty = new InMemoryDocumentStore();
    expect(() => empty.filterDocuments(filter)).toThrow(FilterError);
    const full = new InMemoryDocumentStore();
    full.writeDocuments([doc]);
    expect(() => full.filterDocuments(filter)).toThrow(/InMemoryDocumentStore\.filterDocuments: Filters nest more than/);
    expect(() => full.bm25Retrieval({ query: 'x', filters: filter })).toThrow(FilterError);
  });

  it('fails a retriever run with a 20,000-level filter with a typed error naming the component and socket', async () => {
    const store = new InMemoryDocumentStore();
    store.writeDocuments([doc]);
    const pipeline = new Pipeline().addComponent('retriever', new InMemoryBM25Retriever({ documentStore: store }));
    const error = (await pipeline.run({ retriever: { query: 'x', filters: nested(20_000) } }).catch((e: unknown) => e)) as PipelineRuntimeError;
    // The engine copies caller values before the store sees them; a value that deep cannot be copied.
    expect(error).toBeInstanceOf(PipelineRuntimeError);
    expect(error.component).toBe('retriever');
    expect(error.socket).toBe('filters');
    expect(error.message).toMatch(/input 'filters' of component 'retriever' .* nested too deeply to be copied/);
  });

  it('gives the FilterError when the too-deep filter is a constructor option', () => {
    const store = new InMemoryDocumentStore();
    store.writeDocuments([doc]);
    const retriever = new InMemoryBM25Retriever({ documentStore: store, filters: nested(MAX_FILTER_DEPTH + 1) });
    expect(() => retriever.run({ query: 'x' })).toThrow(FilterError);
  });
});
