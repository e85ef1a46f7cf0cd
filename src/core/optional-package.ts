/** True for the error Node raises when a module cannot be resolved (ESM or CommonJS). */
export function isModuleNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}

/** A package loaded lazily, and what to tell the user when it cannot be loaded. */
export interface OptionalPackage {
  /** Its bare name, as imported. */
  readonly name: string;
  /** The API location the broken-install message starts with. */
  readonly where: string;
  /** The whole message for a package that cannot be found (the install command in it fixes that). */
  readonly notInstalled: string;
  /** The command that reinstalls it, for a package one of whose own imports is missing. */
  readonly reinstall: string;
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
 * The message for `error` when it is a resolution failure of `pkg`, or undefined when it is not
 * (a package that is installed but throws while loading: a broken native binding, a syntax error
 * from a mismatched version; no install command fixes that). The package itself missing gets
 * `pkg.notInstalled`; the package there but one of its imports missing gets a message naming that
 * import and asking for a reinstall, since the install command would not fix it.
 */
export function resolutionFailureMessage(pkg: OptionalPackage, error: unknown): string | undefined {
  if (!isModuleNotFound(error)) return undefined;
  const dependency = brokenDependency(error, pkg.name);
  if (dependency === undefined) return pkg.notInstalled;
  return (
    `${pkg.where}: '${pkg.name}' is installed but cannot be loaded: '${dependency}', which it imports, cannot be found ` +
    `(a partial or pruned install, or a version mismatch). Reinstall it: ${pkg.reinstall}`
  );
}

/**
 * Imports a package loaded lazily (an optional peer dependency, or the openai SDK, which only the
 * generator needs). Only a resolution failure becomes the caller's typed error, made by `error`
 * from {@link resolutionFailureMessage}; any other failure propagates as it is.
 */
export async function importOptional<T>(pkg: OptionalPackage, importer: () => Promise<unknown>, error: (message: string, cause: unknown) => Error): Promise<T> {
  try {
    return (await importer()) as T;
  } catch (failure) {
    const message = resolutionFailureMessage(pkg, failure);
    if (message !== undefined) throw error(message, failure);
    throw failure;
  }
}
