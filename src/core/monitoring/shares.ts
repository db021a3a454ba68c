// Evidently's `get_binned_data`: the reference and current shares that PSI and Jensen–Shannon
// compare, before any zero filling.
import type { CategoryCounts } from './category-counts';
import { sharesOf, unionOfCategories } from './category-counts';
import type { ColumnEvidence, SideEvidence } from './column-evidence';
import { histogramCounts, sturgesBinEdges } from './binning';

export interface Shares {
  readonly reference: Float64Array;
  readonly current: Float64Array;
  /** True when the shares are of bins frozen from the reference rather than Evidently's bins. */
  readonly frozenBins: boolean;
}

/**
 * Numeric columns whose reference has more than `binningDistinctThreshold` distinct values: the
 * shares of Sturges bins over both sides' range and count together (or of the frozen bins when
 * the evidence carries them). Otherwise the share of each value or category of either side.
 */
export function binnedShares(
  evidence: ColumnEvidence,
  countsOf: (side: SideEvidence) => CategoryCounts,
  binningDistinctThreshold: number,
): Shares {
  const { reference, current } = evidence;
  if (evidence.type === 'numeric' && reference.distinct > binningDistinctThreshold) {
    if (evidence.frozenBinCounts) {
      const { reference: referenceBins, current: currentBins } = evidence.frozenBinCounts;
      return {
        reference: referenceBins.map((c) => c / reference.count),
        current: currentBins.map((c) => c / current.count),
        frozenBins: true,
      };
    }
    const edges = sturgesBinEdges(
      Math.min(reference.min!, current.min!),
      Math.max(reference.max!, current.max!),
      reference.count + current.count,
    );
    return {
      reference: histogramCounts(reference.sample!, edges).map((c) => c / reference.count),
      current: histogramCounts(current.sample!, edges).map((c) => c / current.count),
      frozenBins: false,
    };
  }
  const referenceCounts = countsOf(reference);
  const currentCounts = countsOf(current);
  const keys = unionOfCategories(referenceCounts, currentCounts);
  return { reference: sharesOf(referenceCounts, keys), current: sharesOf(currentCounts, keys), frozenBins: false };
}
