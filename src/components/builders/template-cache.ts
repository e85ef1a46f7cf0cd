import type { CompiledTemplate, SandboxedEnvironment } from '../../utils/templating/index.js';

const MAX_ENTRIES = 64;
const caches = new WeakMap<SandboxedEnvironment, Map<string, CompiledTemplate>>();

/**
 * Compiles runtime templates once per environment: a pipeline that passes the same `template`
 * on every run should not pay nunjucks' compile cost each time. Small LRU, per environment.
 */
export function compileCached(env: SandboxedEnvironment, source: string): CompiledTemplate {
  let cache = caches.get(env);
  if (cache === undefined) {
    cache = new Map();
    caches.set(env, cache);
  }
  const hit = cache.get(source);
  if (hit !== undefined) {
    cache.delete(source);
    cache.set(source, hit);
    return hit;
  }
  const compiled = env.compile(source);
  cache.set(source, compiled);
  if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  return compiled;
}
