import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as transformers from '@huggingface/transformers';
import {
  ComponentError,
  onnxModelId,
  SentenceTransformersDocumentEmbedder,
  SentenceTransformersTextEmbedder,
  type TransformersLike,
  type TransformersLoader,
} from '../../../src/index.js';
import { SHARED_MODELS, TINY_DIM, TINY_MODEL, tinyOptions } from './tiny-model.js';

/** A stand-in for the Hugging Face hub on 127.0.0.1 that records every request and has no models. */
let hub: Server;
const requests: string[] = [];
let savedRemoteHost: string;

beforeAll(async () => {
  hub = createServer((request, response) => {
    requests.push(request.url ?? '');
    response.writeHead(404).end('not found');
  });
  await new Promise<void>((resolve) => hub.listen(0, '127.0.0.1', resolve));
  savedRemoteHost = transformers.env.remoteHost;
  transformers.env.remoteHost = `http://127.0.0.1:${(hub.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  transformers.env.remoteHost = savedRemoteHost;
  await new Promise((resolve) => hub.close(resolve));
});

/** The real package behind a loader that counts model loads. */
function countingLoader(): { loader: TransformersLoader; loads: () => number } {
  let loads = 0;
  const real = transformers as unknown as TransformersLike;
  const loader: TransformersLoader = async () => ({
    AutoTokenizer: real.AutoTokenizer,
    AutoModel: {
      from_pretrained: (model, options) => {
        loads++;
        return real.AutoModel.from_pretrained(model, options);
      },
    },
  });
  return { loader, loads: () => loads };
}

describe('model resolution and loading', () => {
  it('maps the default sentence-transformers id to the ONNX build transformers.js loads', () => {
    expect(onnxModelId('sentence-transformers/all-MiniLM-L6-v2')).toBe('Xenova/all-MiniLM-L6-v2');
    expect(onnxModelId('sentence-transformers/all-mpnet-base-v2')).toBe('Xenova/all-mpnet-base-v2');
    expect(onnxModelId('BAAI/bge-small-en-v1.5')).toBe('BAAI/bge-small-en-v1.5');
  });

  it('finds a model as <localModelPath>/<model>, as a model directory given as localModelPath, and as a path given as model', async () => {
    const inFolder = new SentenceTransformersTextEmbedder(tinyOptions);
    const asDir = new SentenceTransformersTextEmbedder({ localModelPath: `${SHARED_MODELS}/${TINY_MODEL}`, allowRemoteModels: false, progressBar: false });
    const asPath = new SentenceTransformersTextEmbedder({ model: `${SHARED_MODELS}/${TINY_MODEL}`, allowRemoteModels: false, progressBar: false });
    for (const embedder of [inFolder, asDir, asPath]) {
      await embedder.warmUp();
      expect(embedder.modelSource).toBe(`${SHARED_MODELS}/${TINY_MODEL}`);
      expect((await embedder.run({ text: 'x' })).embedding).toHaveLength(TINY_DIM);
    }
  });

  it('fails clearly, and asks the network nothing, when a model is missing and remote models are off', async () => {
    const before = requests.length;
    const embedder = new SentenceTransformersTextEmbedder({ model: 'nobody/missing-model', localModelPath: SHARED_MODELS, allowRemoteModels: false });
    const failure = embedder.warmUp();
    await expect(failure).rejects.toThrow(ComponentError);
    await expect(failure).rejects.toThrow(
      /SentenceTransformersTextEmbedder: model 'nobody\/missing-model' was not found locally and allowRemoteModels is false, so nothing was downloaded\. Looked in: .*missing-model/,
    );
    // run() warms up lazily and fails the same way.
    await expect(embedder.run({ text: 'x' })).rejects.toThrow(/was not found locally/);
    expect(requests.length).toBe(before);
  });

  it('asks the configured hub when remote models are allowed (so the no-network check above can fail)', async () => {
    const before = requests.length;
    const embedder = new SentenceTransformersTextEmbedder({ model: 'nobody/missing-model', localModelPath: SHARED_MODELS });
    await expect(embedder.warmUp()).rejects.toThrow(
      /SentenceTransformersTextEmbedder: could not load model 'nobody\/missing-model' from the Hugging Face hub as 'nobody\/missing-model'.*pass localModelPath/,
    );
    expect(requests.length).toBeGreaterThan(before);
    expect(requests.slice(before).every((url) => url.startsWith('/nobody/missing-model/'))).toBe(true);
  });

  it('fails clearly for a path that is not a model directory', async () => {
    const embedder = new SentenceTransformersTextEmbedder({ model: `${SHARED_MODELS}/no-such-dir` });
    await expect(embedder.warmUp()).rejects.toThrow(/no model directory at '.*no-such-dir'/);
  });

  it('names the package when @huggingface/transformers is not installed', async () => {
    const missing: TransformersLoader = () =>
      Promise.reject(Object.assign(new Error("Cannot find package '@huggingface/transformers'"), { code: 'ERR_MODULE_NOT_FOUND' }));
    const embedder = new SentenceTransformersDocumentEmbedder({ ...tinyOptions, transformersLoader: missing });
    await expect(embedder.warmUp()).rejects.toThrow(ComponentError);
    await expect(embedder.warmUp()).rejects.toThrow(
      "SentenceTransformersDocumentEmbedder: the optional package '@huggingface/transformers' is not installed; the sentence-transformers embedders need it. Install it with `npm install @huggingface/transformers`.",
    );
  });

  it('loads a model once for concurrent warm-ups and runs of embedders with equal settings', async () => {
    const { loader, loads } = countingLoader();
    const text = new SentenceTransformersTextEmbedder({ ...tinyOptions, transformersLoader: loader });
    const documents = new SentenceTransformersDocumentEmbedder({ ...tinyOptions, transformersLoader: loader, metaFieldsToEmbed: ['title'] });
    await Promise.all([text.warmUp(), text.warmUp(), documents.warmUp(), text.run({ text: 'a' })]);
    await text.warmUp();
    expect(loads()).toBe(1);
    // Other load settings (weights) are another model.
    const quantized = new SentenceTransformersTextEmbedder({ ...tinyOptions, dtype: 'q8', transformersLoader: loader });
    await quantized.warmUp();
    expect(loads()).toBe(2);
  });

  it('forgets a failed load so that a later warm-up can retry', async () => {
    let attempts = 0;
    const flaky: TransformersLoader = async () => {
      attempts++;
      if (attempts === 1) throw new Error('temporary failure');
      return transformers as unknown as TransformersLike;
    };
    const embedder = new SentenceTransformersTextEmbedder({ ...tinyOptions, transformersLoader: flaky });
    await expect(embedder.warmUp()).rejects.toThrow(/loading '@huggingface\/transformers' failed: temporary failure/);
    await embedder.warmUp();
    expect((await embedder.run({ text: 'retry' })).embedding).toHaveLength(TINY_DIM);
    expect(attempts).toBe(2);
  });
});
