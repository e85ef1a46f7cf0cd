import { snakeToCamel } from '../../core/serialization/casing.js';
import { initParametersOf, type FromDictContext } from '../../core/serialization/component-dict.js';
import { DeserializationError } from '../../errors.js';

// Haystack parameters with no transformers.js counterpart whose default values change nothing.
const IGNORED_WHEN_DEFAULT: Readonly<Record<string, unknown>> = {
  trust_remote_code: false,
  precision: 'float32',
  backend: 'onnx',
};
// Haystack parameters that only configure loading in PyTorch / the hub client; dropping them changes no vector.
const LOADING_ONLY = new Set(['token', 'model_kwargs', 'config_kwargs']);

/**
 * Reads the init parameters of either layout: haystack-ts's own (`dtype`, `allow_remote_models`, ...)
 * and Haystack 2.31's (`device: { type: 'single', device: 'cpu' }`, `local_files_only`,
 * `tokenizer_kwargs.model_max_length`, `token`, ...), so pipelines saved by Haystack load here.
 * Parameters that would change the vectors and cannot be honoured are an error, never dropped.
 */
export function embedderOptionsFromDict(
  where: string,
  data: Readonly<Record<string, unknown>>,
  context: FromDictContext,
): Record<string, unknown> {
  const params = { ...initParametersOf(data, context) };
  const fail = (key: string, why: string): never => {
    throw new DeserializationError(`${where}.fromDict: cannot honour '${key}' = ${JSON.stringify(params[key])}: ${why}.`, {
      component: context.componentName,
    });
  };

  const device = params['device'];
  if (typeof device === 'object' && device !== null) {
    const single = (device as Record<string, unknown>)['device'];
    // Haystack's ComponentDevice: 'cpu', 'cuda:0', 'mps', ... ; transformers.js names execution providers.
    params['device'] = typeof single === 'string' && single.startsWith('cuda') ? 'cuda' : single === 'cpu' ? 'cpu' : undefined;
  }
  if ('local_files_only' in params) {
    if (!('allow_remote_models' in params)) params['allow_remote_models'] = params['local_files_only'] !== true;
    delete params['local_files_only'];
  }
  const tokenizerKwargs = params['tokenizer_kwargs'];
  if (tokenizerKwargs !== undefined && tokenizerKwargs !== null) {
    const maxLength = (tokenizerKwargs as Record<string, unknown>)['model_max_length'];
    const others = Object.keys(tokenizerKwargs as object).filter((k) => k !== 'model_max_length');
    if (others.length > 0) fail('tokenizer_kwargs', `only model_max_length is supported, got ${others.join(', ')}`);
    if (maxLength !== undefined && !('max_seq_length' in params)) params['max_seq_length'] = maxLength;
  }
  delete params['tokenizer_kwargs'];
  for (const [key, harmless] of Object.entries(IGNORED_WHEN_DEFAULT)) {
    if (!(key in params)) continue;
    if (params[key] !== harmless && !(key === 'backend' && params[key] === 'torch')) {
      fail(key, 'transformers.js runs ONNX models with float32 outputs and no remote code');
    }
    delete params[key];
  }
  const encodeKwargs = params['encode_kwargs'];
  if (encodeKwargs !== undefined && encodeKwargs !== null && Object.keys(encodeKwargs as object).length > 0) {
    fail('encode_kwargs', 'extra encode arguments are not supported');
  }
  delete params['encode_kwargs'];
  for (const key of LOADING_ONLY) delete params[key];

  const options: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) {
    if (value === null || value === undefined) continue;
    options[snakeToCamel(key)] = value;
  }
  return options;
}
