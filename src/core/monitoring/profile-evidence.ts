// Column evidence from two profiles: exact where both kept every distinct value, otherwise from
// the quantile sketch, the top categories, or the bins frozen from the reference.
import { invalid } from '../errors';
import type { CategoryCounts } from './category-counts';
import type { ColumnEvidence, SideEvidence } from './column-evidence';
import type { ColumnProfile } from './column-profile';
import { binIndex } from './column-profile';
import type { ColumnType } from './values';
import type { WeightedSample } from './weighted-sample';
import { distinctValueCount, populationStandardDeviation, sampleOfPairs } from './weighted-sample';

/** Stands for every category outside a profile's top categories. */
export const OTHER_CATEGORIES = '\u0000other';

function numericSample(profile: ColumnProfile): WeightedSample {
  const counts = profile.exactValueCounts;
  if (!counts) return profile.quantiles.sample();
  return sampleOfPairs([...counts].map(([text, count]) => [Number(text), count] as const));
}

function numericSide(profile: ColumnProfile, column: string | undefined): SideEvidence {
  if (!profile.isNumeric) {
    throw invalid(`Column${column === undefined ? '' : ` "${column}"`} is numeric, but its profile holds non-numeric values.`);
  }
  const sample = numericSample(profile);
  const exact = profile.exactValueCounts !== undefined;
  return {
    rows: profile.rows,
    missing: profile.missing,
    count: profile.count,
    sample,
    distinct: exact ? sample.values.length : profile.distinctCount,
    ...(profile.numericCount > 0 ? { min: profile.min, max: profile.max } : {}),
    // The two-pass formula on exact counts reproduces numpy.std on the raw values.
    standardDeviation: exact ? populationStandardDeviation(sample) : profile.standardDeviation,
  };
}

/**
 * Counts of `keys` (exact, or the guaranteed count of a top category, 0 when not tracked) plus one
 * bucket for all other categories, so both sides are compared on the same categories.
 */
function collapsedCounts(profile: ColumnProfile, keys: ReadonlySet<string>): CategoryCounts {
  const exact = profile.exactValueCounts;
  const tracked = new Map(profile.top().map(({ category, count, error }) => [category, count - error]));
  const counts = new Map<string, number>();
  let listed = 0;
  for (const key of keys) {
    const count = exact ? (exact.get(key) ?? 0) : (tracked.get(key) ?? 0);
    counts.set(key, count);
    listed += count;
  }
  if (profile.count > listed) counts.set(OTHER_CATEGORIES, profile.count - listed);
  return { counts, total: profile.count };
}

function categoricalSide(profile: ColumnProfile, keys: ReadonlySet<string> | undefined): SideEvidence {
  const categories = keys ? collapsedCounts(profile, keys) : { counts: profile.exactValueCounts!, total: profile.count };
  return { rows: profile.rows, missing: profile.missing, count: profile.count, categories, distinct: profile.distinctCount };
}

/** Reference counts on the current window's frozen bins (outer bins included). */
function referenceBinCounts(reference: ColumnProfile, sample: WeightedSample, edges: Float64Array): Float64Array {
  const own = reference.frozenBinCounts;
  if (own && own.edges.length === edges.length && own.edges.every((edge, i) => edge === edges[i])) return own.counts;
  const counts = new Float64Array(edges.length + 1);
  sample.values.forEach((value, i) => (counts[binIndex(edges, value)]! += sample.weights[i]!));
  return counts;
}

export function evidenceOfProfiles(
  reference: ColumnProfile,
  current: ColumnProfile,
  columnType: ColumnType | undefined,
  column?: string,
): ColumnEvidence {
  const type = columnType ?? (reference.isNumeric && current.isNumeric ? 'numeric' : 'categorical');
  const exact = reference.exactValueCounts !== undefined && current.exactValueCounts !== undefined;
  const basis = exact ? 'value-counts' : 'sketch';
  if (type === 'categorical') {
    // Exact counts where both have them; otherwise the heavy categories of either side, the rest pooled.
    const keys = exact ? undefined : new Set([...reference.heavyCategories(), ...current.heavyCategories()].map((entry) => entry.category));
    const referenceSide = categoricalSide(reference, keys);
    const currentSide = categoricalSide(current, keys);
    const distinctTogether = exact
      ? new Set([...referenceSide.categories!.counts.keys(), ...currentSide.categories!.counts.keys()]).size
      : Math.max(referenceSide.distinct, currentSide.distinct);
    return { type, reference: referenceSide, current: currentSide, distinctTogether, exact, basis };
  }
  const referenceSide = numericSide(reference, column);
  const currentSide = numericSide(current, column);
  const distinctTogether = exact
    ? distinctValueCount(referenceSide.sample!, currentSide.sample!)
    : Math.max(referenceSide.distinct, currentSide.distinct);
  const currentBins = current.frozenBinCounts;
  const frozenBinCounts =
    !exact && currentBins
      ? { edges: currentBins.edges, reference: referenceBinCounts(reference, referenceSide.sample!, currentBins.edges), current: currentBins.counts }
      : undefined;
  return { type, reference: referenceSide, current: currentSide, distinctTogether, exact, basis, ...(frozenBinCounts ? { frozenBinCounts } : {}) };
}
