/**
 * Counts of each category (or each distinct numeric value, keyed by the number) of one column.
 * The key order of a Map is insertion order, which keeps every sum over categories deterministic.
 */
export interface CategoryCounts {
  readonly counts: ReadonlyMap<string | number, number>;
  /** Sum of the counts: the number of non-missing values. */
  readonly total: number;
}

export const EMPTY_COUNTS: CategoryCounts = { counts: new Map(), total: 0 };

export function categoryCountsOf(values: Iterable<string | number>): CategoryCounts {
  const counts = new Map<string | number, number>();
  let total = 0;
  for (const value of values) {
    counts.set(value, (counts.get(value) ?? 0) + 1);
    total++;
  }
  return { counts, total };
}

/** The categories of both columns: the reference's first, then those only the current has. */
export function unionOfCategories(reference: CategoryCounts, current: CategoryCounts): (string | number)[] {
  const keys = new Set(reference.counts.keys());
  for (const key of current.counts.keys()) keys.add(key);
  return [...keys];
}

/** Shares of each category, in the order of `keys` (0 for a category the column lacks). */
export function sharesOf(column: CategoryCounts, keys: readonly (string | number)[]): Float64Array {
  return Float64Array.from(keys, (key) => (column.counts.get(key) ?? 0) / column.total);
}
