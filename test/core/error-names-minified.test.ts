import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';

// A user's bundler minifies the library with their code; class names become single letters.
// The bundles live inside the project so that their external imports resolve from node_modules.
const cache = fileURLToPath(new URL('../../node_modules/.cache/', import.meta.url));
mkdirSync(cache, { recursive: true });
const dir = mkdtempSync(join(cache, 'minified-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function minifiedErrors(): Promise<typeof import('../../src/errors.js')> {
  const out = join(dir, 'errors.min.mjs');
  const entry = join(dir, 'entry.ts');
  writeFileSync(entry, `export * from ${JSON.stringify(new URL('../../src/errors.ts', import.meta.url).pathname)};\n`);
  await build({ entryPoints: [entry], bundle: true, minify: true, format: 'esm', platform: 'node', outfile: out, logLevel: 'silent' });
  return (await import(pathToFileURL(out).href)) as typeof import('../../src/errors.js');
}

describe('error names after minification', () => {
  it('keep their stable names on classes and instances, and the guards still narrow', async () => {
    const errors = await minifiedErrors();
    expect(errors.PipelineRuntimeError.name).toBe('PipelineRuntimeError');
    const blocked = new errors.PipelineComponentsBlockedError('x');
    expect(blocked.name).toBe('PipelineComponentsBlockedError');
    expect(String(blocked)).toBe('PipelineComponentsBlockedError: x');
    expect(errors.isErrorNamed(blocked, errors.PipelineRuntimeError)).toBe(true);
    expect(errors.isErrorNamed(new errors.PipelineConnectError('x'), errors.PipelineRuntimeError)).toBe(false);
  });

  it('are not the minifier\'s names (the bundle really renamed the classes)', async () => {
    const out = join(dir, 'probe.min.mjs');
    const entry = join(dir, 'probe.ts');
    writeFileSync(entry, 'export class SomeLongClassName extends Error {}\n');
    await build({ entryPoints: [entry], bundle: true, minify: true, format: 'esm', outfile: out, logLevel: 'silent' });
    const probe = (await import(pathToFileURL(out).href)) as { SomeLongClassName: { name: string } };
    expect(probe.SomeLongClassName.name).not.toBe('SomeLongClassName');
  });
});

describe('error names of user subclasses', () => {
  it('default to the subclass\'s own class name', async () => {
    const { ComponentError } = await import('../../src/errors.js');
    class QuotaExceeded extends ComponentError {}
    expect(new QuotaExceeded('x').name).toBe('QuotaExceeded');
    expect(new ComponentError('x').name).toBe('ComponentError');
  });
});

describe('library names after minification', () => {
  it('keep pipeline classes, built-in components\' class and type names, and API locations', async () => {
    const out = join(dir, 'index.min.mjs');
    await build({
      entryPoints: [new URL('../../src/index.ts', import.meta.url).pathname],
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'node',
      packages: 'external',
      outfile: out,
      logLevel: 'silent',
    });
    const lib = (await import(pathToFileURL(out).href)) as typeof import('../../src/index.js');
    const joiner = new lib.DocumentJoiner();
    expect(joiner.className).toBe('DocumentJoiner');
    expect(lib.pipelineToDict(new lib.Pipeline().addComponent('joiner', joiner)).components['joiner']?.type).toBe('haystack.components.joiners.document_joiner.DocumentJoiner');
    expect(lib.AsyncPipeline.name).toBe('AsyncPipeline');
    expect(() => new lib.Pipeline().connect('a.x', 'b.y')).toThrow(/^Pipeline\.connect: /);
  });
});
