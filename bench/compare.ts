/**
 * Compares two JSON-lines result files (e.g. Haystack's Python harness and `npm run bench`) on the
 * join key of WORKLOADS.md: workload + exact params.
 *
 *   npx tsx bench/compare.ts haystack-3.jsonl .bench-results/<timestamp>.jsonl
 */
import { readFileSync } from 'node:fs';
import { compareRecords, parseRecords } from './lib/compare.js';

const [basePath, otherPath] = process.argv.slice(2);
if (basePath === undefined || otherPath === undefined) {
  process.stderr.write('usage: npx tsx bench/compare.ts <base.jsonl> <other.jsonl>\n');
  process.exit(2);
}
const base = parseRecords(readFileSync(basePath, 'utf8'), basePath);
const other = parseRecords(readFileSync(otherPath, 'utf8'), otherPath);
const baseImpl = base[0]?.impl ?? basePath;
const otherImpl = other[0]?.impl ?? otherPath;
const rows = compareRecords(base, other).map((row) => [
  row.key,
  row.base ? row.base.median_ms.toFixed(3) : '—',
  row.other ? row.other.median_ms.toFixed(3) : '—',
  row.ratio === undefined ? '' : `${row.ratio.toFixed(3)}×`,
]);
const header = ['workload params', `${baseImpl} median ms`, `${otherImpl} median ms`, `${otherImpl} / ${baseImpl}`];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
for (const row of [header, widths.map((w) => '-'.repeat(w)), ...rows]) {
  process.stdout.write(`${row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')}\n`);
}
