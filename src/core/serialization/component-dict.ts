import type { AnyComponent, ComponentDict } from '../component/component.js';
import { isComponent } from '../component/component.js';
import { DeserializationError, SerializationError, isHaystackError } from '../../errors.js';
import { describeKind, maskDataValues, maskedCause, parameterNames } from './redact.js';
import { camelToSnake, mapKeys, snakeToCamel } from './casing.js';
import { Secret } from '../../dataclasses/secret.js';
import type { ComponentRegistry, SerializableClass } from './registry.js';
import { assertSafeData } from './safety.js';

/** What `toDict(context)` of a component may use. */
export interface ToDictContext {
  /** The component's name in the pipeline ('' when serialized alone). */
  readonly componentName: string;
  /** Names of registered callables (custom filters), when a registry was given. */
  readonly registry: ComponentRegistry | undefined;
}

/** What `static fromDict(data, context)` of a class receives besides the data. */
export interface FromDictContext {
  /** The component's name in the pipeline ('' when deserialized alone). */
  readonly componentName: string;
  /** Resolves nested types, socket type names and callables. */
  readonly registry: ComponentRegistry;
}

/** A component that writes its own dict (Haystack's `to_dict`). */
interface SelfSerializing {
  toDict(context?: ToDictContext): ComponentDict;
}

function hasToDict(value: object): value is SelfSerializing {
  return typeof (value as { toDict?: unknown }).toDict === 'function';
}

// The `type` each loaded component was read under, so saving it writes the same name back.
const LOADED_AS = new WeakMap<object, string>();

/**
 * The serialized `type` of a component: the name it was loaded under, else its class's static
 * `typeName`, else the name its class is registered under in `registry`, else the class name.
 */
export function typeNameOf(component: object, registry?: ComponentRegistry): string {
  const loaded = LOADED_AS.get(component);
  if (loaded !== undefined) return loaded;
  const ctor = component.constructor as { typeName?: string | undefined; name: string };
  return ctor.typeName ?? registry?.nameOf(ctor as SerializableClass) ?? ctor.name;
}

/**
 * Haystack's `default_to_dict`: `{ type, init_parameters }` with the keys snake_cased, values that
 * have a `toDict()` (secrets, document stores) replaced by it, and `undefined` written as `null`.
 */
export function defaultToDict(typeName: string, initParameters: Readonly<Record<string, unknown>>): ComponentDict {
  const params: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(initParameters)) params[camelToSnake(key)] = serializeValue(value);
  return { type: typeName, init_parameters: params };
}

function serializeValue(value: unknown): unknown {
  if (value === undefined) return null;
  if (Array.isArray(value)) return value.map(serializeValue);
  if (typeof value === 'object' && value !== null && hasToDict(value)) return value.toDict();
  return value;
}

/**
 * Serializes one component (Haystack's `component_to_dict`): its own `toDict()` if it has one,
 * else {@link defaultToDict} of the `initParameters` it was constructed with. The result is checked
 * to hold only plain data (strings, finite or infinite numbers, booleans, null, arrays, plain objects).
 *
 * @throws SerializationError naming the component and the key path of an unsupported value.
 */
export function componentToDict(component: AnyComponent, name = '', registry?: ComponentRegistry): ComponentDict {
  let data: ComponentDict;
  try {
    data = hasToDict(component)
      ? component.toDict({ componentName: name, registry })
      : defaultToDict(typeNameOf(component, registry), component.initParameters);
  } catch (error) {
    if (isHaystackError(error) && error.component !== undefined) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new SerializationError(`componentToDict: cannot serialize component '${name}' of type '${typeNameOf(component, registry)}': ${message}`, {
      component: name,
      cause: error,
    });
  }
  assertPlainData(data, name, typeNameOf(component, registry), '');
  return data;
}

function assertPlainData(value: unknown, name: string, type: string, path: string): void {
  const problem = findUnsupportedValue(value, path);
  if (problem === undefined) return;
  throw new SerializationError(
    `componentToDict: component '${name}' of type '${type}' has an unsupported value of type '${problem.type}' in the serialized data` +
      `${problem.path ? ` under key '${problem.path}'` : ''}. Only strings, numbers, booleans, null, arrays and plain objects can be serialized; ` +
      'give the component a toDict() that converts it.',
    { component: name },
  );
}

/**
 * The first value in `value` that is not plain data (strings, numbers, booleans, null, arrays,
 * plain objects), with its key path; a cycle or nesting deeper than 64 levels counts too.
 */
export function findUnsupportedValue(value: unknown, path = '', depth = 0): { path: string; type: string } | undefined {
  if (depth > 64) return { path, type: 'nesting deeper than 64 levels (a cycle?)' };
  if (value === null || typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number') return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnsupportedValue(value[i], `${path}[${i}]`, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) return { path, type: (value as object).constructor?.name ?? 'object' };
    for (const [k, v] of Object.entries(value)) {
      const found = findUnsupportedValue(v, path ? `${path}.${k}` : k, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  return { path, type: typeof value };
}

/**
 * Rebuilds nested serialized objects inside init parameters, as Haystack's `default_from_dict`
 * does one level deep: `{ type: env_var }` becomes a `Secret`; a dict whose `type` is registered (a
 * document store) becomes an instance; an unregistered dotted `type` is an error (it names a class that
 * cannot be resolved safely); other dicts stay as they are.
 */
export function reviveValue(value: unknown, key: string, context: FromDictContext): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const type = (value as Record<string, unknown>)['type'];
  if (typeof type !== 'string') return value;
  if (Secret.isSecretDict(value)) {
    try {
      return Secret.fromDict(value);
    } catch (error) {
      throw new DeserializationError(
        `Failed to deserialize '${key}' of component '${context.componentName}': ${maskDataValues((error as Error).message, value)}`,
        { component: context.componentName, cause: maskedCause(error, value) },
      );
    }
  }
  const cls = context.registry.resolve(type);
  if (cls !== undefined) {
    try {
      return instantiate(cls, value as Record<string, unknown>, context);
    } catch (error) {
      throw new DeserializationError(
        `Failed to deserialize '${key}' of component '${context.componentName}': ${maskDataValues(error instanceof Error ? error.message : String(error), value)}`,
        { component: context.componentName, cause: maskedCause(error, value) },
      );
    }
  }
  if (type.includes('.')) {
    throw new DeserializationError(
      `Failed to deserialize '${key}' of component '${context.componentName}': type '${type}' is not registered. ` +
        'Register the class with registry.register(Cls) if you trust it.',
      { component: context.componentName },
    );
  }
  return value;
}

/**
 * Haystack's `default_from_dict`: checks `type`, revives nested objects, camelCases the keys and
 * calls the constructor with one options object.
 */
export function defaultFromDict(cls: SerializableClass, data: Readonly<Record<string, unknown>>, context: FromDictContext): unknown {
  const params = initParametersOf(data, context);
  const revived: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) revived[key] = reviveValue(value, key, context);
  const Ctor = cls as unknown as new (options: Record<string, unknown>) => unknown;
  return new Ctor(mapKeys(revived, snakeToCamel));
}

/** The `init_parameters` object of `data` (`{}` when absent), checked to be an object. */
export function initParametersOf(data: Readonly<Record<string, unknown>>, context: FromDictContext): Record<string, unknown> {
  const params = data['init_parameters'] ?? {};
  if (typeof params !== 'object' || params === null || Array.isArray(params)) {
    throw new DeserializationError(
      `fromDict: 'init_parameters' of component '${context.componentName}' must be a mapping, got ${describeKind(params)}.`,
      { component: context.componentName },
    );
  }
  return params as Record<string, unknown>;
}

function instantiate(cls: SerializableClass, data: Record<string, unknown>, context: FromDictContext): unknown {
  return typeof cls.fromDict === 'function' ? cls.fromDict(data, context) : defaultFromDict(cls, data, context);
}

/** Options of `componentFromDict` (from `haystack-ts/serialization`). */
export interface ComponentFromDictOptions {
  /** Where types are resolved. */
  readonly registry: ComponentRegistry;
  /** The component's name, for messages. @default '' */
  readonly name?: string;
  /** Called with the camelCase-independent init parameters before the class is built; may edit them. */
  readonly componentPreInit?: ((name: string, cls: SerializableClass, initParameters: Record<string, unknown>) => void) | undefined;
}

/**
 * Rebuilds one component from `{ type, init_parameters }` (Haystack's `component_from_dict`),
 * resolving `type` only through the registry. The data is checked by the loader's safety rules first.
 *
 * @throws DeserializationError naming the component for unknown types, hostile keys, plain secrets
 * and constructor failures (the constructor's error is the `cause`).
 */
export function componentFromDict(data: unknown, options: ComponentFromDictOptions): AnyComponent {
  const name = options.name ?? '';
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new DeserializationError(`componentFromDict: component '${name}' must be a mapping with 'type' and 'init_parameters'.`, {
      component: name,
    });
  }
  assertSafeData(data, { component: name, path: '' });
  const record = data as Record<string, unknown>;
  const type = record['type'];
  if (typeof type !== 'string') {
    throw new DeserializationError(`componentFromDict: missing 'type' in component '${name}'.`, { component: name });
  }
  const cls = options.registry.resolve(type);
  if (cls === undefined) {
    throw new DeserializationError(
      `componentFromDict: component '${name}' has type '${type}', which is not registered. ` +
        'Loading only builds registered classes: add it with registry.register(Cls) if you trust it.',
      { component: name },
    );
  }
  const context: FromDictContext = { componentName: name, registry: options.registry };
  let instance: unknown;
  try {
    // A copy, so fromDict implementations may edit it and the caller's data stays as it was.
    const input = structuredClone(record);
    if (options.componentPreInit) {
      const params = initParametersOf(input, context);
      input['init_parameters'] = params;
      options.componentPreInit(name, cls, params);
    }
    instance = instantiate(cls, input, context);
  } catch (error) {
    if (isHaystackError(error) && error.name === 'DeserializationError' && error.component === name) throw error;
    // The data is never quoted: it may carry a plain token where YAML should have an env_var reference.
    const message = maskDataValues(error instanceof Error ? error.message : String(error), record);
    throw new DeserializationError(
      `componentFromDict: couldn't deserialize component '${name}' of class '${cls.name}' ` +
        `(init_parameters given: ${parameterNames(record['init_parameters'])}).\n\nOriginal error: ${message}`,
      { component: name, cause: maskedCause(error, record) },
    );
  }
  if (!isComponent(instance)) {
    throw new DeserializationError(`componentFromDict: type '${type}' of component '${name}' did not build a component.`, {
      component: name,
    });
  }
  LOADED_AS.set(instance, type);
  return instance;
}
