import { basename } from 'node:path';

const stem = (file: string): string => basename(file, '.ts').toLowerCase();
const token = (raw: string): string => raw.trim().toLowerCase().replace(/\.ts$/, '');

/**
 * The workload files to run, sorted by name. `--only` tokens select a file by its full name or by the
 * prefix before a dash: `w1` selects `w1-linear-chain.ts` (not `w10-….ts`), `copy` selects `copy-cost.ts`.
 */
export function selectWorkloads(files: readonly string[], only: readonly string[] | undefined): string[] {
  const sorted = files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')).sort();
  if (only === undefined) return sorted;
  const matches = (file: string, raw: string): boolean => stem(file) === token(raw) || stem(file).startsWith(`${token(raw)}-`);
  const unmatched = only.filter((raw) => !sorted.some((file) => matches(file, raw)));
  if (unmatched.length > 0) {
    throw new Error(`bench: no workload matches ${unmatched.join(', ')}; available: ${sorted.map(stem).join(', ')}`);
  }
  return sorted.filter((file) => only.some((raw) => matches(file, raw)));
}
