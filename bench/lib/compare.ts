/** Joins JSON-lines records of two implementations on WORKLOADS.md's key: workload + exact params. */

export interface AnyRecord {
  readonly impl: string;
  readonly workload: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly median_ms: number;
  readonly min_ms: number;
}

/** The join key: the workload and its params with keys sorted (key order is not part of the identity). */
export function joinKey(record: Pick<AnyRecord, 'workload' | 'params'>): string {
  const sorted = Object.fromEntries(Object.entries(record.params).sort(([a], [b]) => a.localeCompare(b)));
  return `${record.workload} ${JSON.stringify(sorted)}`;
}

/** Parses JSON lines, keeping objects that look like records and skipping blank lines. */
export function parseRecords(text: string, source: string): AnyRecord[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      const value = JSON.parse(line) as Partial<AnyRecord>;
      if (typeof value.workload !== 'string' || typeof value.median_ms !== 'number' || typeof value.params !== 'object') {
        throw new Error(`compare: ${source}:${i + 1}: expected a record with workload, params and median_ms`);
      }
      return value as AnyRecord;
    });
}

export interface ComparedRow {
  readonly key: string;
  readonly base: AnyRecord | undefined;
  readonly other: AnyRecord | undefined;
  /** other.median / base.median: below 1 means `other` is faster. */
  readonly ratio: number | undefined;
}

/** One row per join key present in either file, in the order of `base` then the keys only `other` has. */
export function compareRecords(base: readonly AnyRecord[], other: readonly AnyRecord[]): ComparedRow[] {
  const others = new Map(other.map((r) => [joinKey(r), r]));
  const rows: ComparedRow[] = base.map((b) => {
    const key = joinKey(b);
    const o = others.get(key);
    others.delete(key);
    return { key, base: b, other: o, ratio: o && b.median_ms > 0 ? o.median_ms / b.median_ms : undefined };
  });
  for (const [key, o] of others) rows.push({ key, base: undefined, other: o, ratio: undefined });
  return rows;
}
