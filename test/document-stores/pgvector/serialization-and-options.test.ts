import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  AsyncPipeline,
  DeserializationError,
  DocumentStoreError,
  dumps,
  loads,
  PgvectorDocumentStore,
  PgvectorEmbeddingRetriever,
  PgvectorKeywordRetriever,
  Secret,
  SerializationError,
  type PGliteLike,
} from '../../../src/index.js';

const STORE_TYPE = 'haystack_integrations.document_stores.pgvector.document_store.PgvectorDocumentStore';

describe('PgvectorDocumentStore.toDict / fromDict (pgvector-haystack layout)', () => {
  it('writes every init parameter in snake_case, the connection string as its env reference only', () => {
    expect(new PgvectorDocumentStore().toDict()).toEqual({
      type: STORE_TYPE,
      init_parameters: {
        connection_string: { type: 'env_var', env_vars: ['PG_CONN_STR'], strict: false },
        create_extension: true,
        schema_name: 'public',
        table_name: 'haystack_documents',
        language: 'english',
        embedding_dimension: 768,
        vector_type: 'vector',
        vector_function: 'cosine_similarity',
        recreate_table: false,
        search_strategy: 'exact_nearest_neighbor',
        hnsw_recreate_index_if_exists: false,
        hnsw_index_creation_kwargs: {},
        hnsw_index_name: 'haystack_hnsw_index',
        hnsw_ef_search: null,
        keyword_index_name: 'haystack_keyword_index',
      },
    });
  });

  it('round-trips every option, and reads camelCase keys too', () => {
    const store = new PgvectorDocumentStore({
      connectionString: Secret.fromEnvVar(['MY_PG', 'PG_CONN_STR']),
      schemaName: 'rag',
      tableName: 'docs',
      language: 'german',
      embeddingDimension: 384,
      vectorType: 'halfvec',
      vectorFunction: 'l2_distance',
      recreateTable: true,
      searchStrategy: 'hnsw',
      hnswRecreateIndexIfExists: true,
      hnswIndexCreationKwargs: { m: 32, efConstruction: 128 },
      hnswIndexName: 'hnsw_docs',
      hnswEfSearch: 100,
      keywordIndexName: 'kw_docs',
      poolSize: 4,
      batchSize: 250,
    });
    const dict = store.toDict();
    expect(dict.init_parameters['hnsw_index_creation_kwargs']).toEqual({ m: 32, ef_construction: 128 });
    expect(dict.init_parameters['pool_size']).toBe(4);
    expect(PgvectorDocumentStore.fromDict(dict).toDict()).toEqual(dict);
    const camel = PgvectorDocumentStore.fromDict({ type: STORE_TYPE, init_parameters: { tableName: 'x', embeddingDimension: 3 } });
    expect([camel.tableName, camel.embeddingDimension]).toEqual(['x', 3]);
  });

  it('refuses to serialize a token secret or a PGlite instance, and to read another type', () => {
    expect(() => new PgvectorDocumentStore({ connectionString: Secret.fromToken('postgresql://u:p@h/db') }).toDict()).toThrow(SerializationError);
    const fakePglite = { execProtocolRawStream: async () => undefined, exec: async () => undefined, close: async () => undefined } as PGliteLike;
    expect(() => new PgvectorDocumentStore({ pglite: fakePglite }).toDict()).toThrow(/built on a PGlite instance cannot be serialized/);
    expect(() => PgvectorDocumentStore.fromDict({ type: 'x.Y', init_parameters: {} })).toThrow(DeserializationError);
    expect(() => PgvectorDocumentStore.fromDict({ type: STORE_TYPE, init_parameters: { vector_function: 'dot' } })).toThrow(DeserializationError);
  });

  it('never prints a token secret', () => {
    const store = new PgvectorDocumentStore({ connectionString: Secret.fromToken('postgresql://u:TopSecret9@h/db') });
    expect(`${String(store)} ${inspect(store)} ${JSON.stringify(store)}`).not.toContain('TopSecret9');
  });
});

describe('PgvectorDocumentStore options are validated once, with "expected X, got Y" messages', () => {
  const cases: Array<[Record<string, unknown>, RegExp]> = [
    [{ vectorFunction: 'dot_product' }, /expected 'vectorFunction' to be one of 'cosine_similarity', 'inner_product', 'l2_distance', got 'dot_product'/],
    [{ searchStrategy: 'ivfflat' }, /expected 'searchStrategy'/],
    [{ vectorType: 'bit' }, /expected 'vectorType'/],
    [{ embeddingDimension: 0 }, /expected 'embeddingDimension' to be an integer from 1 to 16000, got 0/],
    [{ embeddingDimension: 3.5 }, /embeddingDimension/],
    [{ recreateTable: 'yes' }, /expected 'recreateTable' to be a boolean/],
    [{ hnswIndexCreationKwargs: { m: 16, ef: 3 } }, /unknown key 'ef' in 'hnswIndexCreationKwargs'/],
    [{ hnswEfSearch: -1 }, /hnswEfSearch/],
    [{ poolSize: 0 }, /poolSize/],
    [{ batchSize: 100_000 }, /batchSize/],
    [{ connectionString: 'postgresql://u:p@h/db' }, /expected 'connectionString' to be a Secret/],
    [{ pglite: {} }, /expected 'pglite' to be a PGlite instance/],
    [{ tableNmae: 'x' }, /unknown option 'tableNmae'/],
  ];
  for (const [options, message] of cases) {
    it(`rejects ${JSON.stringify(options)}`, () => {
      expect(() => new PgvectorDocumentStore(options as never)).toThrow(DocumentStoreError);
      expect(() => new PgvectorDocumentStore(options as never)).toThrow(message);
    });
  }
});

describe('the pgvector retrievers: options, serialization and YAML', () => {
  const store = () => new PgvectorDocumentStore({ embeddingDimension: 3, vectorFunction: 'inner_product' });

  it('validate their options', () => {
    expect(() => new PgvectorKeywordRetriever({ documentStore: {} as PgvectorDocumentStore })).toThrow(/expected 'documentStore' to be a PgvectorDocumentStore/);
    expect(() => new PgvectorKeywordRetriever({ documentStore: store(), topK: 0 })).toThrow(/expected 'topK' to be an integer greater than 0/);
    expect(() => new PgvectorKeywordRetriever({ documentStore: store(), filterPolicy: 'append' })).toThrow(/filterPolicy/);
    expect(() => new PgvectorEmbeddingRetriever({ documentStore: store(), vectorFunction: 'dot' as 'l2_distance' })).toThrow(/vectorFunction/);
    expect(() => new PgvectorKeywordRetriever({ documentStore: store(), scaleScore: true } as never)).toThrow(/unknown option 'scaleScore'/);
    expect(new PgvectorEmbeddingRetriever({ documentStore: store() }).vectorFunction).toBe('inner_product');
  });

  it('round-trip through a YAML pipeline with their store', () => {
    const pipeline = new AsyncPipeline();
    const documentStore = store();
    pipeline.addComponent('keyword', new PgvectorKeywordRetriever({ documentStore, topK: 4, filterPolicy: 'merge', filters: { field: 'meta.a', operator: '==', value: 1 } }));
    pipeline.addComponent('dense', new PgvectorEmbeddingRetriever({ documentStore, vectorFunction: 'l2_distance' }));
    const yaml = dumps(pipeline);
    expect(yaml).toContain('haystack_integrations.components.retrievers.pgvector.keyword_retriever.PgvectorKeywordRetriever');
    expect(yaml).toContain('env_vars:');
    const loaded = loads(yaml, { pipelineClass: AsyncPipeline });
    expect(dumps(loaded)).toBe(yaml);
    const keyword = loaded.getComponent('keyword') as PgvectorKeywordRetriever;
    expect([keyword.topK, keyword.filterPolicy, keyword.documentStore.embeddingDimension]).toEqual([4, 'merge', 3]);
    expect((loaded.getComponent('dense') as PgvectorEmbeddingRetriever).vectorFunction).toBe('l2_distance');
  });
});
