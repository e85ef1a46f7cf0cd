/** True for the error Node raises when a module cannot be resolved (ESM or CommonJS). */
export function isModuleNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}

/**
 * What a resolution error says cannot be found, when it is not the package itself: one of its own
 * imports (a dependency missing from a partial or pruned install) or one of its files. Undefined
 * when the error is not a resolution error, names the package or a subpath of it, or does not say
 * (then the package itself is taken as missing). Node names the specifier in the message only:
 * "Cannot find package 'x' imported from …" (ESM), "Cannot find module 'x'" (CommonJS).
 */
export function brokenDependency(error: unknown, name: string): string | undefined {
  if (!isModuleNotFound(error)) return undefined;
  const message = (error as { message?: unknown }).message;
  if (typeof message !== 'string') return undefined;
  const specifier = /^Cannot find (?:package|module) '([^']+)'/.exec(message)?.[1];
  if (specifier === undefined || specifier === name || specifier.startsWith(`${name}/`)) return undefined;
  return specifier;
}

/**
 * The message for a package that is installed but one of whose imports cannot be found: the
 * "not installed" message's install command would not fix it, a clean reinstall does.
 * @param where the API location the message starts with
 */
export function brokenInstallMessage(where: string, name: string, dependency: string, reinstall: string): string {
  return (
    `${where}: '${name}' is installed but cannot be loaded: '${dependency}', which it imports, cannot be found ` +
    `(a partial or pruned install, or a version mismatch). Reinstall it: ${reinstall}`
  );
}

/**
 * Imports a package loaded lazily (an optional peer dependency, or the openai SDK, which only the
 * generator needs). Only a resolution failure becomes the caller's typed error, and `missing`
 * learns which kind: the package itself cannot be found (no `dependency`: the install command
 * fixes it), or it is there but one of its imports is not (`dependency`: it needs a reinstall).
 * Any other failure propagates as it is, because a package that is installed but throws while
 * loading (a broken native binding, a syntax error from a mismatched version) is not fixed by an
 * install command.
 * @param name the package `importer` imports (its bare name)
 */
export async function importOptional<T>(name: string, importer: () => Promise<unknown>, missing: (cause: unknown, dependency: string | undefined) => Error): Promise<T> {
  try {
    return (await importer()) as T;
  } catch (error) {
    if (isModuleNotFound(error)) throw missing(error, brokenDependency(error, name));
    throw error;
  }
}
