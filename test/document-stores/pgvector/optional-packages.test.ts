import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DocumentStoreError, isErrorNamed } from '../../../src/index.js';
import { loadOptionalPackage } from '../../../src/document-stores/pgvector/pg-modules.js';

const OPTIONAL = /from\s+['"](pg|pgvector|@electric-sql\/[^'"]+)['"]/;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

describe('pg, pgvector and PGlite are optional: loaded lazily, a missing one explained', () => {
  it('no source file imports them statically (only `import type` or a dynamic import)', () => {
    const offenders = sources('src').filter((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .some((line) => OPTIONAL.test(line) && /^\s*import\s/.test(line) && !/^\s*import\s+type\s/.test(line)),
    );
    expect(offenders).toEqual([]);
  });

  it('a package that cannot be resolved becomes a DocumentStoreError naming it and the install command', async () => {
    const missing = Object.assign(new Error("Cannot find package 'pg'"), { code: 'ERR_MODULE_NOT_FOUND' });
    const error = await loadOptionalPackage('pg', 'PgvectorDocumentStore.countDocuments', () => Promise.reject(missing)).catch((e: unknown) => e);
    expect(isErrorNamed(error, DocumentStoreError)).toBe(true);
    expect((error as Error).message).toBe(
      "PgvectorDocumentStore.countDocuments: the optional package 'pg' is not installed. Install it with: npm install pg pgvector @electric-sql/pglite@0.4.6 @electric-sql/pglite-socket@0.1.6",
    );
    const other = new Error('boom');
    await expect(loadOptionalPackage('pg', 'x', () => Promise.reject(other))).rejects.toBe(other);
  });
});
