import type { z } from 'zod';
import { ComponentError } from '../../errors.js';
import type { FromDictContext } from './component-dict.js';

/**
 * A class that can be rebuilt from serialized data: a component, or an object nested in a
 * component's init parameters (a document store, a secret). `typeName` is the name written in the
 * data (Haystack's import path for library classes); `fromDict`, when present, replaces the default
 * `new Cls(camelCasedInitParameters)`.
 */
export interface SerializableClass {
  readonly name: string;
  readonly typeName?: string | undefined;
  fromDict?(data: Readonly<Record<string, unknown>>, context: FromDictContext): unknown;
  new (...args: never[]): unknown;
}

/** Options of {@link ComponentRegistry.register}. */
export interface RegisterOptions {
  /** The name to register under. @default the class's static `typeName`, else its class name */
  readonly typeName?: string;
  /** More names that resolve to the same class (e.g. an older import path). @default [] */
  readonly aliases?: readonly string[];
}

// Callables may be any function (Jinja filters); `Function` is how TypeScript spells that.
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export type AnyFunction = Function;

/**
 * The only way serialized data turns into classes: loading resolves every `type` through an
 * explicit registry, never through imports or global lookups, so a pipeline file can only build
 * what the registry holds. `createDefaultRegistry()` starts with the library's components.
 *
 * @example
 * const registry = createDefaultRegistry().register(MyComponent);
 * const pipeline = loads(yamlText, { registry });
 */
export class ComponentRegistry {
  readonly #classes = new Map<string, SerializableClass>();
  readonly #types = new Map<string, z.ZodType>();
  readonly #callables = new Map<string, AnyFunction>();
  readonly #callableNames = new Map<AnyFunction, string>();

  /** Registers a class under its `typeName` (or class name) and any aliases; returns the registry. */
  register(cls: SerializableClass, options: RegisterOptions = {}): this {
    if (typeof cls !== 'function') {
      throw new ComponentError(`ComponentRegistry.register: expected a class, got ${cls === null ? 'null' : typeof cls}.`);
    }
    const name = options.typeName ?? cls.typeName ?? cls.name;
    if (typeof name !== 'string' || name === '') {
      throw new ComponentError('ComponentRegistry.register: the class has no name; pass { typeName }.');
    }
    for (const n of [name, ...(options.aliases ?? [])]) {
      const existing = this.#classes.get(n);
      if (existing !== undefined && existing !== cls) {
        throw new ComponentError(
          `ComponentRegistry.register: '${n}' is already registered for class ${existing.name}; register ${cls.name} under another typeName.`,
        );
      }
      this.#classes.set(n, cls);
    }
    return this;
  }

  /** Registers a socket type name (e.g. `my.module.Cls`) for `BranchJoiner`'s `type_` and routers' `output_type`. */
  registerType(name: string, schema: z.ZodType): this {
    this.#types.set(name, schema);
    return this;
  }

  /**
   * Registers a function under a dotted name, for `customFilters` of `ConditionalRouter` and
   * `OutputAdapter`: saving writes the name, loading (in unsafe mode only) resolves it here.
   */
  registerCallable(name: string, fn: AnyFunction): this {
    if (typeof fn !== 'function') {
      throw new ComponentError(`ComponentRegistry.registerCallable: expected a function for '${name}', got ${typeof fn}.`);
    }
    this.#callables.set(name, fn);
    this.#callableNames.set(fn, name);
    return this;
  }

  /** The first name `cls` was registered under (its `typeName` or the name given), or undefined. */
  nameOf(cls: SerializableClass): string | undefined {
    for (const [name, registered] of this.#classes) if (registered === cls) return name;
    return undefined;
  }

  /** The class registered under `typeName`, or undefined. */
  resolve(typeName: string): SerializableClass | undefined {
    return this.#classes.get(typeName);
  }

  has(typeName: string): boolean {
    return this.#classes.has(typeName);
  }

  /** Every registered name, aliases included, in registration order. */
  typeNames(): string[] {
    return [...this.#classes.keys()];
  }

  /** The registered socket type names. */
  get types(): ReadonlyMap<string, z.ZodType> {
    return this.#types;
  }

  /** The function registered under `name`, or undefined. */
  callable(name: string): AnyFunction | undefined {
    return this.#callables.get(name);
  }

  /** The name `fn` was registered under, or undefined. */
  callableName(fn: AnyFunction): string | undefined {
    return this.#callableNames.get(fn);
  }

  /** An independent copy (registering on it does not change this registry). */
  clone(): ComponentRegistry {
    const copy = new ComponentRegistry();
    for (const [name, cls] of this.#classes) copy.#classes.set(name, cls);
    for (const [name, schema] of this.#types) copy.#types.set(name, schema);
    for (const [name, fn] of this.#callables) copy.registerCallable(name, fn);
    return copy;
  }
}
