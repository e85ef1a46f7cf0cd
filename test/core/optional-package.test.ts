import { describe, expect, it } from 'vitest';
import { ComponentError } from '../../src/index.js';
import { importOptional, isModuleNotFound } from '../../src/core/optional-package.js';

const notFound = (code: string): Error => Object.assign(new Error("Cannot find package 'left-pad'"), { code });
const missing = (cause: unknown): Error => new ComponentError("X: the optional package 'left-pad' is not installed. Install it with: npm install left-pad", { cause });

describe('optional peer dependencies: only an unresolvable package is "not installed"', () => {
  it('gives the module when the import succeeds', async () => {
    const module = { answer: 42 };
    await expect(importOptional(() => Promise.resolve(module), missing)).resolves.toBe(module);
  });

  it.each(['ERR_MODULE_NOT_FOUND', 'MODULE_NOT_FOUND'])('turns %s (ESM and CommonJS) into the caller’s typed error, the original as its cause', async (code) => {
    const original = notFound(code);
    const error = await importOptional(() => Promise.reject(original), missing).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ComponentError);
    expect((error as Error).message).toBe("X: the optional package 'left-pad' is not installed. Install it with: npm install left-pad");
    expect((error as Error).cause).toBe(original);
  });

  it('lets an installed package that fails while loading fail as it is, not as "not installed"', async () => {
    const broken = new SyntaxError("Unexpected token 'export'");
    await expect(importOptional(() => Promise.reject(broken), missing)).rejects.toBe(broken);
    const nativeBinding = Object.assign(new Error('libfoo.so: cannot open shared object file'), { code: 'ERR_DLOPEN_FAILED' });
    await expect(importOptional(() => Promise.reject(nativeBinding), missing)).rejects.toBe(nativeBinding);
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
