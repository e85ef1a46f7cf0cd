import { type CollectionTag, Document as YamlDocument, isAlias, isNode, isScalar, parseDocument, Scalar, visit, YAMLSeq } from 'yaml';
import { DeserializationError, SerializationError } from '../errors.js';
import type { Pipeline } from '../core/pipeline/pipeline.js';
import {
  pipelineFromDict,
  pipelineToDict,
  type BuildablePipeline,
  type PipelineClass,
  type PipelineFromDictOptions,
  type PipelineToDictOptions,
  type SerializablePipeline,
} from './pipeline-dict.js';
import { describeValue } from '../describe.js';

/**
 * YAML in Haystack's layout (`Pipeline.dumps`/`loads`): block style, keys sorted (except component
 * names, kept in insertion order), 2-space indent, list items at their parent's indent; Python
 * tuples tagged `!!python/tuple` are read as lists.
 *
 * Reading is restricted to plain data: the YAML 1.2 core schema (strings, numbers, booleans,
 * null, mappings, sequences) plus `!!python/tuple` (read as a list). Any other tag (`!!binary`,
 * `!!python/object`, custom `!tags`) is refused, duplicate keys are refused, aliases are limited to
 * {@link MAX_YAML_ALIASES} (a billion-laughs guard) and the text to {@link MAX_YAML_LENGTH} characters.
 */

/** At most this many alias expansions per document. */
export const MAX_YAML_ALIASES = 50;
/** At most this many characters of YAML. */
export const MAX_YAML_LENGTH = 10_000_000;

const CORE_TAGS = new Set(
  ['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`),
);
const TUPLE_TAG = 'tag:yaml.org,2002:python/tuple';
const tupleTag = { tag: TUPLE_TAG, collection: 'seq', nodeClass: YAMLSeq } as unknown as CollectionTag;

const UNMARSHAL_MESSAGE =
  'loads: error while unmarshalling serialized pipeline data. This is usually caused by malformed or invalid syntax in the serialized representation';

/**
 * Parses YAML text into plain data with the restrictions above.
 *
 * @throws DeserializationError with the parser's reason.
 */
export function unmarshalYaml(text: string | Uint8Array): unknown {
  if (typeof text !== 'string' && !(text instanceof Uint8Array)) {
    throw new DeserializationError(`loads: expected a string or Buffer (Uint8Array) of YAML, got ${describeValue(text)}.`);
  }
  const source = typeof text === 'string' ? text : new TextDecoder('utf-8', { fatal: false }).decode(text);
  if (source.length > MAX_YAML_LENGTH) throw new DeserializationError(`${UNMARSHAL_MESSAGE}: more than ${MAX_YAML_LENGTH} characters.`);
  const doc = parseDocument(source, { schema: 'core', customTags: [tupleTag], uniqueKeys: true, merge: false, strict: true, prettyErrors: true });
  const problems = [...doc.errors, ...doc.warnings].map((e) => e.message.split('\n')[0]);
  if (problems.length > 0) throw new DeserializationError(`${UNMARSHAL_MESSAGE}: ${problems.join('; ')}`);
  visit(doc, {
    Node(_key, node) {
      const tag = isNode(node) && !isAlias(node) ? node.tag : undefined;
      if (tag !== undefined && !CORE_TAGS.has(tag) && tag !== TUPLE_TAG) {
        throw new DeserializationError(`${UNMARSHAL_MESSAGE}: the tag '${tag}' is not allowed; only plain data (and !!python/tuple) can be loaded.`);
      }
    },
  });
  try {
    return doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (error) {
    throw new DeserializationError(`${UNMARSHAL_MESSAGE}: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * Writes plain data as YAML in Haystack's style. Strings that YAML 1.1 (PyYAML, which Haystack
 * uses) would read as something else (`yes`, `on`, `1_000`, `2024-01-01`) are quoted, so the file
 * reads back identically in Haystack and here.
 *
 * @param sortKeys sort mapping keys (Haystack's style); false keeps the data's own key order. @default true
 */
export function marshalYaml(data: unknown, sortKeys = true): string {
  let doc: YamlDocument;
  try {
    doc = new YamlDocument(data, { schema: 'core', sortMapEntries: sortKeys });
  } catch (error) {
    throw new SerializationError(`dumps: cannot write the data as YAML: ${(error as Error).message}`, { cause: error });
  }
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && readsDifferentlyInYaml11(node.value)) node.type = Scalar.QUOTE_SINGLE;
    },
  });
  return doc.toString({ indent: 2, indentSeq: false, singleQuote: true, lineWidth: 0 });
}

/** A copy with every mapping's keys sorted, except the order of `keepOrderOf`'s own keys. */
function sortedKeys(value: unknown, keepOrderOf?: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => sortedKeys(v, keepOrderOf));
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value);
  if (value !== keepOrderOf) entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const out: Record<string, unknown> = {};
  for (const [key, child] of entries) {
    Object.defineProperty(out, key, { value: sortedKeys(child, keepOrderOf), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

// Only these can resolve to a non-string in YAML 1.1: numbers, dates, `.inf`, `~`, `=`, `<<`, and
// short words (yes/no/on/off/y/n/true/false/null); other strings skip the (slow) re-parse.
const MAYBE_YAML11_SPECIAL = /^(?:[-+.0-9~=<]|[a-zA-Z]{1,5}$)/;

function readsDifferentlyInYaml11(value: string): boolean {
  if (value === '' || value.length > 64 || value.includes('\n') || !MAYBE_YAML11_SPECIAL.test(value)) return false;
  try {
    const parsed = parseDocument(value, { version: '1.1', schema: 'yaml-1.1' });
    return parsed.errors.length > 0 || !isScalar(parsed.contents) || parsed.contents.value !== value;
  } catch {
    return true;
  }
}

/**
 * A pipeline as YAML in Haystack's layout (Haystack's `Pipeline.dumps()`).
 *
 * @example
 * const text = dumps(pipeline);
 * const copy = loads(text); // or loads(text, { pipelineClass: AsyncPipeline, registry })
 */
export function dumps(pipeline: SerializablePipeline, options: PipelineToDictOptions = {}): string {
  const data = pipelineToDict(pipeline, options);
  // Components stay in insertion order: loading adds them in file order, and that order is what
  // breaks ties between independent components at run time, so the loaded pipeline behaves the same.
  return marshalYaml(sortedKeys(data, data.components), false);
}

/**
 * Builds a pipeline from YAML (Haystack's `Pipeline.loads()`), resolving component types only
 * through the registry (default: the library's components).
 *
 * @throws DeserializationError for malformed or hostile YAML, unknown types, plain-text secrets.
 */
export function loads(text: string | Uint8Array, options?: PipelineFromDictOptions<Pipeline> & { readonly pipelineClass?: undefined }): Pipeline;
export function loads<P extends BuildablePipeline>(
  text: string | Uint8Array,
  options: PipelineFromDictOptions<P> & { readonly pipelineClass: PipelineClass<P> },
): P;
export function loads<P extends BuildablePipeline>(text: string | Uint8Array, options: PipelineFromDictOptions<P> = {}): P {
  const data = unmarshalYaml(text);
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new DeserializationError(`${UNMARSHAL_MESSAGE}: the document must be a mapping with 'components' and 'connections'.`);
  }
  return pipelineFromDict(data, options as PipelineFromDictOptions<P> & { readonly pipelineClass: PipelineClass<P> });
}
