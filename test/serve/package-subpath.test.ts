/**
 * The `haystack-ts/serve` subpath as built: the exports map points at emitted files, and the core
 * entry's module graph never reaches the serve layer or hono (both optional).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = join(root, '.tmp-package', 'serve-subpath');

beforeAll(() => {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json'), '--outDir', join(out, 'dist'), '--sourceMap', 'false', '--inlineSources', 'false']);
}, 300_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** Every module the entry reaches through static and dynamic imports, relative ones followed. */
function graph(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string): void => {
    if (files.has(file)) return;
    files.add(file);
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"]([^'"]+)['"]/g)) {
      const spec = match[1]!;
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec));
      else packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
    }
  };
  visit(entry);
  return { files, packages };
}

describe('the haystack-ts/serve subpath', () => {
  it('is in the exports map like ".", and the build emits what it points at', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      exports: Record<string, Record<string, string>>;
      peerDependenciesMeta: Record<string, { optional?: boolean }>;
    };
    const serve = manifest.exports['./serve']!;
    expect(Object.keys(serve)).toEqual(Object.keys(manifest.exports['.']!));
    for (const target of Object.values(serve)) expect(existsSync(join(out, target)), target).toBe(true);
    expect(manifest.peerDependenciesMeta['hono']?.optional).toBe(true);
    expect(manifest.peerDependenciesMeta['@hono/node-server']?.optional).toBe(true);
  });

  it('is never loaded by the core entry, which reaches neither hono nor its Node adapter', () => {
    const core = graph(join(out, 'dist', 'index.js'));
    expect([...core.files].filter((f) => f.includes(`${join('dist', 'serve')}`))).toEqual([]);
    expect(core.packages.has('hono')).toBe(false);
    expect(core.packages.has('@hono/node-server')).toBe(false);
    const serve = graph(join(out, 'dist', 'serve', 'index.js'));
    expect(serve.packages.has('hono')).toBe(true);
  });
});
