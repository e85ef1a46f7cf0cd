import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
// Inside the project, so that the built package resolves its dependencies from the project's node_modules.
const work = join(root, '.tmp-package', 'require-from-commonjs');
const installed = join(work, 'node_modules', 'haystack-ts');

beforeAll(() => {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(installed, { recursive: true });
  // A package of its own, or `require('haystack-ts')` would self-reference the project.
  writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
  cpSync(join(root, 'package.json'), join(installed, 'package.json'));
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json'), '--outDir', join(installed, 'dist'), '--declaration', 'false', '--sourceMap', 'false', '--inlineSources', 'false']);
}, 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the package from CommonJS', () => {
  it("loads with require('haystack-ts') through the exports map", () => {
    const script = join(work, 'consumer.cjs');
    writeFileSync(
      script,
      `const haystack = require('haystack-ts');
const { AsyncPipeline, Document } = haystack;
const p = new AsyncPipeline();
process.stdout.write(JSON.stringify({ pipeline: typeof AsyncPipeline, doc: new Document({ content: 'x' }).content, keys: Object.keys(haystack).length, run: typeof p.runAsync }));`,
    );
    const out = execFileSync(process.execPath, [script], { cwd: work, encoding: 'utf8' });
    const parsed = JSON.parse(out) as { pipeline: string; doc: string; keys: number; run: string };
    expect(parsed).toMatchObject({ pipeline: 'function', doc: 'x', run: 'function' });
    expect(parsed.keys).toBeGreaterThan(50);
  });
});
