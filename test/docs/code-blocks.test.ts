import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * Every ```ts block of the README and docs/*.md compiles under the project's strict options
 * (issue 17.2): what a reader copies must type-check. A block is a module of its own; it may leave
 * out imports of `haystack-ts` names and of `z`, which a prelude supplies. A block that continues an
 * earlier one declares what it assumes in an HTML comment right before its fence:
 *
 *   <!-- compile: declare const documents: Document[]; -->
 *
 * and a block that is not a TypeScript sample (a sketch with elisions) says why it is skipped:
 *
 *   <!-- compile: skip (a template with placeholders) -->
 */
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const work = join(root, '.tmp-package', 'docs-code-blocks');

interface Block {
  readonly source: string;
  readonly line: number;
  readonly code: string;
  readonly context: string;
  readonly skip: string | undefined;
}

function blocksOf(file: string): Block[] {
  const text = readFileSync(join(root, file), 'utf8');
  const blocks: Block[] = [];
  const fence = /^```(?:ts|typescript)[^\n]*\n([\s\S]*?)^```/gm;
  for (const match of text.matchAll(fence)) {
    const before = text.slice(0, match.index).trimEnd();
    const directive = /^<!--\s*compile:\s*(.*?)-->$/.exec(before.split('\n').pop() ?? '')?.[1]?.trim();
    const skip = directive !== undefined && directive.startsWith('skip') ? directive : undefined;
    const line = text.slice(0, match.index).split('\n').length;
    blocks.push({ source: file, line, code: match[1]!, context: skip === undefined ? (directive ?? '') : '', skip });
  }
  return blocks;
}

/** The names `src/index.ts` exports, split into values and types. */
function publicNames(): { values: string[]; types: string[] } {
  const index = readFileSync(join(root, 'src', 'index.ts'), 'utf8');
  const values: string[] = [];
  const types: string[] = [];
  for (const match of index.matchAll(/export (type )?\{([^}]*)\}/g)) {
    for (const spec of match[2]!.split(',')) {
      const name = spec.trim().split(/\s+as\s+/).pop()?.trim();
      if (name) (match[1] ? types : values).push(name);
    }
  }
  return { values, types };
}

function declaredIn(code: string): Set<string> {
  const names = new Set<string>();
  for (const m of code.matchAll(/import\s+(?:type\s+)?\{([^}]*)\}/g)) {
    for (const spec of m[1]!.split(',')) {
      const name = spec.replace(/^\s*type\s+/, '').trim().split(/\s+as\s+/).pop()?.trim();
      if (name) names.add(name);
    }
  }
  for (const m of code.matchAll(/import\s+(?:\*\s+as\s+)?([A-Za-z_$][\w$]*)\s+from/g)) names.add(m[1]!);
  for (const m of code.matchAll(/\b(?:const|let|var|class|function|type|interface|enum)\s+([A-Za-z_$][\w$]*)/g)) names.add(m[1]!);
  return names;
}

const files = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];
const blocks = files.flatMap(blocksOf);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the code blocks of the README and docs', () => {
  it('are found (the extraction itself works)', () => {
    expect(blocks.length).toBeGreaterThan(15);
    expect(blocks.some((b) => b.source === 'docs/embedders-and-demo.md')).toBe(true);
    expect(blocks.some((b) => b.source === 'docs/llm.md')).toBe(true);
  });

  it('compile under strict TypeScript, each block a module of its own', () => {
    rmSync(work, { recursive: true, force: true });
    mkdirSync(work, { recursive: true });
    const { values, types } = publicNames();
    const fileNames: string[] = [];
    const origin = new Map<string, Block>();
    blocks.forEach((block, i) => {
      if (block.skip !== undefined) return;
      const declared = declaredIn(block.code + '\n' + block.context);
      const valueImports = values.filter((n) => !declared.has(n));
      const typeImports = types.filter((n) => !declared.has(n) && !valueImports.includes(n));
      const prelude = [
        declared.has('z') ? '' : "import { z } from 'zod';",
        `import { ${valueImports.join(', ')} } from 'haystack-ts';`,
        typeImports.length > 0 ? `import type { ${typeImports.join(', ')} } from 'haystack-ts';` : '',
        block.context,
      ].join('\n');
      const name = join(work, `${block.source.replace(/[/.]/g, '_')}_${block.line}.ts`);
      // The prelude on one line, so that diagnostics point at the block's own lines + 1.
      writeFileSync(name, `${prelude.replace(/\n/g, ' ')}\n${block.code}\nexport {};\n`);
      fileNames.push(name);
      origin.set(name, block);
    });
    const program = ts.createProgram(fileNames, {
      target: ts.ScriptTarget.ES2022,
      lib: ['lib.es2023.d.ts', 'lib.esnext.disposable.d.ts'],
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      types: ['node'],
      typeRoots: [join(root, 'node_modules', '@types')],
      strict: true,
      noUncheckedIndexedAccess: true,
      exactOptionalPropertyTypes: true,
      skipLibCheck: true,
      noEmit: true,
      baseUrl: root,
      paths: {
        'haystack-ts': ['src/index.ts'],
        'haystack-ts/serve': ['src/serve/index.ts'],
        'haystack-ts/serialization': ['src/serialization/index.ts'],
        'haystack-ts/templating': ['src/templating/index.ts'],
      },
    });
    // Only the blocks' own diagnostics: src/ is type-checked by `npm run typecheck`.
    const problems = fileNames
      .flatMap((name) => {
        const file = program.getSourceFile(name)!;
        return [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)];
      })
      .map((d) => {
        const block = origin.get(d.file!.fileName)!;
        const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
        return `${block.source}:${block.line + line}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
      });
    expect(problems).toEqual([]);
  }, 120_000);
});
