/** True for the error Node raises when an optional package (loaded lazily) cannot be resolved. */
export function isModuleNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}

/**
 * Imports a package loaded lazily (an optional peer dependency, or the openai SDK, which only the
 * generator needs). Only a package that cannot be resolved becomes the caller's typed "not
 * installed" error (`missing`); any other failure propagates as it is, because a package that is
 * installed but throws while loading (a broken native binding, a syntax error from a mismatched
 * version) is not fixed by the install command a "not installed" error gives.
 */
export async function importOptional<T>(importer: () => Promise<unknown>, missing: (cause: unknown) => Error): Promise<T> {
  try {
    return (await importer()) as T;
  } catch (error) {
    if (isModuleNotFound(error)) throw missing(error);
    throw error;
  }
}
