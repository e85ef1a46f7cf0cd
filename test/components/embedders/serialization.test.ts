import { describe, expect, it } from 'vitest';
import { ComponentRegistry } from '../../../src/core/serialization/registry.js';
import { componentFromDict, componentToDict } from '../../../src/core/serialization/component-dict.js';
import { SentenceTransformersDocumentEmbedder, SentenceTransformersTextEmbedder } from '../../../src/index.js';

const registry = new ComponentRegistry().register(SentenceTransformersTextEmbedder).register(SentenceTransformersDocumentEmbedder);
const DOC_TYPE = 'haystack.components.embedders.sentence_transformers_document_embedder.SentenceTransformersDocumentEmbedder';

describe('embedder serialization', () => {
  it('round-trips its own options, snake_cased, without the injected loader or stream', () => {
    const embedder = new SentenceTransformersDocumentEmbedder({
      model: 'tiny-minilm',
      localModelPath: '../shared/models',
      allowRemoteModels: false,
      batchSize: 4,
      metaFieldsToEmbed: ['title'],
      dtype: 'q8',
      progressStream: { write: () => true },
    });
    const data = componentToDict(embedder, 'doc_embedder');
    expect(data.type).toBe(DOC_TYPE);
    expect(data.init_parameters).toMatchObject({
      model: 'tiny-minilm',
      local_model_path: '../shared/models',
      allow_remote_models: false,
      batch_size: 4,
      meta_fields_to_embed: ['title'],
      embedding_separator: '\n',
      dtype: 'q8',
      normalize_embeddings: false,
    });
    expect(Object.keys(data.init_parameters)).not.toContain('progress_stream');
    const loaded = componentFromDict(data, { registry, name: 'doc_embedder' }) as SentenceTransformersDocumentEmbedder;
    expect(loaded).toBeInstanceOf(SentenceTransformersDocumentEmbedder);
    expect(loaded.options).toEqual(embedder.options);
  });

  it("loads Haystack 2.31's layout (ComponentDevice, token secret, local_files_only, tokenizer_kwargs)", () => {
    const haystack = {
      type: 'haystack.components.embedders.sentence_transformers_text_embedder.SentenceTransformersTextEmbedder',
      init_parameters: {
        model: 'sentence-transformers/all-MiniLM-L6-v2',
        device: { type: 'single', device: 'cuda:0' },
        token: { env_vars: ['HF_API_TOKEN', 'HF_TOKEN'], strict: false, type: 'env_var' },
        prefix: 'query: ',
        suffix: '',
        batch_size: 16,
        progress_bar: false,
        normalize_embeddings: true,
        trust_remote_code: false,
        revision: null,
        local_files_only: true,
        truncate_dim: null,
        model_kwargs: null,
        tokenizer_kwargs: { model_max_length: 128 },
        encode_kwargs: null,
        config_kwargs: null,
        precision: 'float32',
        backend: 'torch',
      },
    };
    const loaded = componentFromDict(haystack, { registry, name: 'text_embedder' }) as SentenceTransformersTextEmbedder;
    expect(loaded.options).toMatchObject({
      model: 'sentence-transformers/all-MiniLM-L6-v2',
      device: 'cuda',
      prefix: 'query: ',
      batchSize: 16,
      progressBar: false,
      normalizeEmbeddings: true,
      allowRemoteModels: false,
      maxSeqLength: 128,
      revision: 'main',
    });
  });

  it('refuses Haystack parameters that would change the vectors instead of dropping them', () => {
    const data = { type: DOC_TYPE, init_parameters: { model: 'm', precision: 'int8' } };
    expect(() => componentFromDict(data, { registry, name: 'e' })).toThrow(/cannot honour 'precision' = "int8"/);
    const remote = { type: DOC_TYPE, init_parameters: { model: 'm', trust_remote_code: true } };
    expect(() => componentFromDict(remote, { registry, name: 'e' })).toThrow(/cannot honour 'trust_remote_code'/);
  });
});
