import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ComponentError } from '../../src/index.js';
import { brokenDependency, importOptional, isModuleNotFound, type OptionalPackage } from '../../src/core/optional-package.js';

const notFound = (code: string, message = "Cannot find package 'left-pad'"): Error => Object.assign(new Error(message), { code });
const LEFT_PAD: OptionalPackage = {
  name: 'left-pad',
  where: 'X',
  notInstalled: "X: the optional package 'left-pad' is not installed. Install it with: npm install left-pad",
  reinstall: 'npm install left-pad',
};
const missing = (message: string, cause: unknown): Error => new ComponentError(message, { cause });

describe('optional peer dependencies: only an unresolvable package is "not installed"', () => {
  it('gives the module when the import succeeds', async () => {
    const module = { answer: 42 };
    await expect(importOptional(LEFT_PAD, () => Promise.resolve(module), missing)).resolves.toBe(module);
  });

  it.each(['ERR_MODULE_NOT_FOUND', 'MODULE_NOT_FOUND'])('turns %s (ESM and CommonJS) into the caller’s typed error, the original as its cause', async (code) => {
    const original = notFound(code);
    const error = await importOptional(LEFT_PAD, () => Promise.reject(original), missing).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ComponentError);
    expect((error as Error).message).toBe("X: the optional package 'left-pad' is not installed. Install it with: npm install left-pad");
    expect((error as Error).cause).toBe(original);
  });

  it('lets an installed package that fails while loading fail as it is, not as "not installed"', async () => {
    const broken = new SyntaxError("Unexpected token 'export'");
    await expect(importOptional(LEFT_PAD, () => Promise.reject(broken), missing)).rejects.toBe(broken);
    const nativeBinding = Object.assign(new Error('libfoo.so: cannot open shared object file'), { code: 'ERR_DLOPEN_FAILED' });
    await expect(importOptional(LEFT_PAD, () => Promise.reject(nativeBinding), missing)).rejects.toBe(nativeBinding);
  });

  it('recognises only the two resolution codes', () => {
    expect(isModuleNotFound(notFound('ERR_MODULE_NOT_FOUND'))).toBe(true);
    expect(isModuleNotFound(notFound('MODULE_NOT_FOUND'))).toBe(true);
    expect(isModuleNotFound(notFound('ERR_DLOPEN_FAILED'))).toBe(false);
    expect(isModuleNotFound(new Error('Cannot find module'))).toBe(false);
    expect(isModuleNotFound(null)).toBe(false);
    expect(isModuleNotFound('ERR_MODULE_NOT_FOUND')).toBe(false);
  });
});

describe('optional peer dependencies: an installed package whose own import is missing needs a reinstall', () => {
  const dir = mkdtempSync(join(tmpdir(), 'haystack-ts-optional-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('names the missing import and says to reinstall, for a real package on disk whose dependency is gone', async () => {
    const pkg = join(dir, 'node_modules', 'half-installed');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'half-installed', type: 'module', exports: './index.js' }));
    writeFileSync(join(pkg, 'index.js'), "export { x } from 'pruned-dependency-of-half-installed';\n");
    const halfInstalled: OptionalPackage = { name: 'half-installed', where: 'X', notInstalled: 'not installed', reinstall: 'npm install half-installed' };
    const error = await importOptional(halfInstalled, () => import(pathToFileURL(join(pkg, 'index.js')).href), missing).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ComponentError);
    expect((error as Error).message).toBe(
      "X: 'half-installed' is installed but cannot be loaded: 'pruned-dependency-of-half-installed', which it imports, cannot be found " +
        '(a partial or pruned install, or a version mismatch). Reinstall it: npm install half-installed',
    );
    expect(((error as Error).cause as { code?: unknown }).code).toBe('ERR_MODULE_NOT_FOUND');
  });

  it('reads the specifier from the ESM and CommonJS messages', () => {
    expect(brokenDependency(notFound('ERR_MODULE_NOT_FOUND', "Cannot find package 'pg-types' imported from /app/node_modules/pg/lib/index.js"), 'pg')).toBe('pg-types');
    expect(brokenDependency(notFound('MODULE_NOT_FOUND', "Cannot find module 'pg-types'\nRequire stack:\n- /app/node_modules/pg/lib/index.js"), 'pg')).toBe('pg-types');
    expect(brokenDependency(notFound('ERR_MODULE_NOT_FOUND', "Cannot find module '/app/node_modules/pg/lib/index.js' imported from /app/x.js"), 'pg')).toBe(
      '/app/node_modules/pg/lib/index.js',
    );
  });

  it('takes the package itself, a subpath of it, or a message it cannot read as not installed', () => {
    expect(brokenDependency(notFound('ERR_MODULE_NOT_FOUND', "Cannot find package 'pg' imported from /app/x.js"), 'pg')).toBeUndefined();
    expect(brokenDependency(notFound('ERR_MODULE_NOT_FOUND', "Cannot find package '@electric-sql/pglite/vector' imported from /app/x.js"), '@electric-sql/pglite')).toBeUndefined();
    expect(brokenDependency(notFound('MODULE_NOT_FOUND', "Cannot find module 'piscina'"), 'piscina')).toBeUndefined();
    expect(brokenDependency(notFound('ERR_MODULE_NOT_FOUND', 'something else entirely'), 'pg')).toBeUndefined();
    expect(brokenDependency(new SyntaxError("Cannot find package 'other'"), 'pg')).toBeUndefined();
  });
});
