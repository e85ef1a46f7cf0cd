import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');

// Lowest first: a file may import its own layer or any layer below it, never one above.
// `python/` is Python's value semantics (`==`, literals), which dataclasses and templates share.
// `serialization/` sits above the components because its default registry names them all;
// `workers/` holds the worker-thread entry, which rebuilds any component from that registry.
const LAYERS = ['errors.ts', 'describe.ts', 'python', 'dataclasses', 'core', 'utils', 'document-stores', 'components', 'templating', 'serialization', 'workers', 'serve', 'index.ts'];

function layerOf(file: string): number {
  const top = relative(SRC, file).split(/[\\/]/)[0] ?? '';
  const rank = LAYERS.indexOf(top);
  if (rank < 0) throw new Error(`layers.test: ${relative(SRC, file)} is in no layer; add "${top}" to LAYERS`);
  return rank;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|mts|mjs)$/.test(entry.name) ? [path] : [];
  });
}

// Static imports, re-exports, `import type` and dynamic `import('…')` with a relative specifier.
const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"](\.{1,2}\/[^'"]+)['"]/g;

function relativeImports(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(IMPORT)].map((match) => resolve(dirname(file), (match[1] ?? '').replace(/\.js$/, '.ts')));
}

describe('source layers', () => {
  const files = sourceFiles(SRC);

  it('finds the source tree and its imports', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files.flatMap(relativeImports).length).toBeGreaterThan(300);
  });

  it('has no import that runs from a lower layer to a higher one', () => {
    const upward = files.flatMap((file) =>
      relativeImports(file)
        .filter((target) => layerOf(target) > layerOf(file))
        .map((target) => `${relative(SRC, file)} -> ${relative(SRC, target)}`),
    );
    expect(upward).toEqual([]);
  });

  it('flags an upward import when one is written', () => {
    const core = join(SRC, 'core/pipeline/pipeline.ts');
    const component = join(SRC, 'components/joiners/document-joiner.ts');
    expect(layerOf(component)).toBeGreaterThan(layerOf(core));
    expect(layerOf(join(SRC, 'errors.ts'))).toBe(0);
  });

  // What two families share (rendered values, custom filters, output types) lives in templating-shared,
  // so that one family can be read, moved or dropped without another.
  it('has no component family importing another, except the shared templating helpers', () => {
    const COMPONENTS = join(SRC, 'components');
    const familyOf = (file: string): string | undefined =>
      file.startsWith(COMPONENTS) ? relative(COMPONENTS, file).split(/[\\/]/)[0] : undefined;
    const crossing = files.flatMap((file) => {
      const own = familyOf(file);
      if (own === undefined) return [];
      return relativeImports(file)
        .filter((target) => {
          const other = familyOf(target);
          return other !== undefined && other !== own && other !== 'templating-shared';
        })
        .map((target) => `${relative(SRC, file)} -> ${relative(SRC, target)}`);
    });
    expect(crossing).toEqual([]);
  });
});
