/**
 * `haystack-ts/serialization`: the pieces under `dumps`/`loads` and `pipelineToDict`/`pipelineFromDict`
 * (which the root entry exports), for code that writes its own component or pipeline dicts: one
 * component to and from a dict, YAML without the pipeline layer, Haystack type names, the casing
 * rules, and the data-safety guard every loaded dict passes.
 *
 * @example
 * ```ts
 * import { componentToDict, typeNameToSchema } from 'haystack-ts/serialization';
 * ```
 *
 * @module
 */
export { componentToDict, componentFromDict, initParametersOf, typeNameOf } from '../core/serialization/component-dict.js';
export { BUILTIN_CLASSES } from './builtins.js';
export { marshalYaml, unmarshalYaml, MAX_YAML_ALIASES, MAX_YAML_LENGTH } from './yaml.js';
export { schemaToTypeName, typeNameToSchema } from '../core/serialization/type-names.js';
export type { TypeNameTable } from '../core/serialization/type-names.js';
export { camelToSnake, snakeToCamel } from '../core/serialization/casing.js';
export { assertSafeData, FORBIDDEN_KEYS } from '../core/serialization/safety.js';
export type { DataLocation } from '../core/serialization/safety.js';

// Also in the root entry: the default (de)serialization a custom component's toDict/fromDict calls.
export { defaultToDict, defaultFromDict } from '../core/serialization/component-dict.js';
export type { ComponentFromDictOptions, FromDictContext, ToDictContext } from '../core/serialization/component-dict.js';
