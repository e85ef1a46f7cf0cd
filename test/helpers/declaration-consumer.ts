import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');

/** A strict TypeScript project that installs only the built declarations of haystack-ts (never `src/`). */
export interface DeclarationConsumer {
  /** The consumer's folder. */
  readonly work: string;
  /** Where haystack-ts is "installed": its package.json and `dist/*.d.ts`. */
  readonly installed: string;
  /** Type-checks the consumer; returns tsc's diagnostics, `''` when there are none. */
  compile(): string;
  remove(): void;
}

/**
 * Emits the declarations into `node_modules/haystack-ts` of a fresh consumer `name` holding
 * `file` with `source`, under `nodenext` and the project's strict flags. The folder sits inside
 * the project, so that zod, vitest and @types/node resolve from the project's node_modules.
 */
export function createDeclarationConsumer(name: string, file: string, source: string, options: { skipLibCheck: boolean }): DeclarationConsumer {
  const work = join(root, '.tmp-package', name);
  const installed = join(work, 'node_modules', 'haystack-ts');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(installed, { recursive: true });
  cpSync(join(root, 'package.json'), join(installed, 'package.json'));
  execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json'), '--outDir', join(installed, 'dist'), '--emitDeclarationOnly']);
  writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  writeFileSync(join(work, file), source);
  writeFileSync(
    join(work, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        exactOptionalPropertyTypes: true,
        noUncheckedIndexedAccess: true,
        skipLibCheck: options.skipLibCheck,
        noEmit: true,
        types: ['node'],
      },
      files: [file],
    }),
  );
  return {
    work,
    installed,
    compile() {
      try {
        execFileSync(process.execPath, [tsc, '-p', join(work, 'tsconfig.json')], { cwd: work, encoding: 'utf8' });
        return '';
      } catch (error) {
        return String((error as { stdout?: string }).stdout ?? error);
      }
    },
    remove() {
      rmSync(work, { recursive: true, force: true });
    },
  };
}
