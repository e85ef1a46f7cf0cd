import { DeserializationError, SerializationError } from '../../errors.js';
import type { FromDictContext, ToDictContext } from '../../core/serialization/component-dict.js';
import type { TemplateFilter } from '../../utils/templating/index.js';

/**
 * The `custom_filters` init parameter of the templated components (ConditionalRouter,
 * OutputAdapter): a filter is written as the name it was registered under, never as code, and read
 * back through the registry only.
 */

/** Custom filters are written as the names they were registered under (`registry.registerCallable`). */
export function serializeFilters(
  filters: Readonly<Record<string, TemplateFilter>>,
  where: string,
  context: ToDictContext | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, fn] of Object.entries(filters)) {
    const registered = context?.registry?.callableName(fn);
    if (registered === undefined) {
      throw new SerializationError(
        `${where}: custom filter '${name}' cannot be serialized: register the function with registry.registerCallable('my.module.${name}', fn) ` +
          'and pass that registry to pipelineToDict/dumps.',
        { component: context?.componentName },
      );
    }
    out[name] = registered;
  }
  return out;
}

/** Resolves custom filter names through the registry only; unknown names are refused. */
export function deserializeFilters(value: unknown, where: string, context: FromDictContext): Record<string, TemplateFilter> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new DeserializationError(`${where}.fromDict: 'custom_filters' of component '${context.componentName}' must be a mapping.`, {
      component: context.componentName,
    });
  }
  const out: Record<string, TemplateFilter> = {};
  for (const [name, path] of Object.entries(value as Record<string, unknown>)) {
    const fn = typeof path === 'string' ? context.registry.callable(path) : undefined;
    if (fn === undefined) {
      throw new DeserializationError(
        `${where}.fromDict: custom filter '${name}' of component '${context.componentName}' refers to '${String(path)}', which is not registered. ` +
          'Register trusted functions with registry.registerCallable(name, fn).',
        { component: context.componentName },
      );
    }
    out[name] = fn as TemplateFilter;
  }
  return out;
}
