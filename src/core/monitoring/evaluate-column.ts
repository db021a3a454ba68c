// Chooses a column's drift test as Evidently does (`_get_default_stattest` in
// evidently/calculations/stattests/registry.py), runs it and shapes the result.
import { invalid } from '../errors';
import { fillEmptyShares } from './binning';
import type { CategoryCounts } from './category-counts';
import { chiSquareTest } from './chi-square-test';
import type { ColumnEvidence, SideEvidence } from './column-evidence';
import { jensenShannonDistance, populationStabilityIndex } from './divergences';
import { ksTwoSample } from './kolmogorov-smirnov';
import { columnHistogram } from './histogram';
import { binnedShares } from './shares';
import type { ColumnDriftResult, DriftBasis, DriftTest, DriftTestOptions, NoData } from './types';
import { wassersteinDistance } from './wasserstein';
import type { WeightedSample } from './weighted-sample';
import { twoProportionZTest } from './z-test';

const DEFAULT_P_VALUE_THRESHOLD = 0.05;
const DEFAULT_DISTANCE_THRESHOLD = 0.1;
const NUMERIC_ONLY_TESTS: readonly DriftTest[] = ['ks', 'wasserstein'];
const P_VALUE_TESTS: readonly DriftTest[] = ['ks', 'chi2', 'z'];

function defaultThreshold(test: DriftTest): number {
  return P_VALUE_TESTS.includes(test) ? DEFAULT_P_VALUE_THRESHOLD : DEFAULT_DISTANCE_THRESHOLD;
}

/** Evidently's drift rule: KS drifts at p ≤ threshold, chi2 and z at p < threshold, distances at ≥. */
export function isDrift(test: DriftTest, score: number, threshold: number): boolean {
  if (test === 'ks') return score <= threshold;
  if (test === 'chi2' || test === 'z') return score < threshold;
  return score >= threshold;
}

function defaultTest(evidence: ColumnEvidence, options: DriftTestOptions): DriftTest {
  const smallReference = evidence.reference.count <= (options.smallReferenceMaxRows ?? 1000);
  const manyValues = evidence.distinctTogether > (options.numericDistinctThreshold ?? 5);
  if (evidence.type === 'numeric' && manyValues) return smallReference ? 'ks' : 'wasserstein';
  if (!smallReference) return 'jensenshannon';
  return evidence.distinctTogether > (options.binaryMaxDistinct ?? 2) ? 'chi2' : 'z';
}

/** Counts per category, or per distinct number of a numeric column. */
function countsOf(side: SideEvidence): CategoryCounts {
  if (side.categories) return side.categories;
  const sample = side.sample as WeightedSample;
  const counts = new Map<string | number, number>();
  sample.values.forEach((value, i) => counts.set(value, sample.weights[i]!));
  return { counts, total: sample.total };
}

interface Outcome {
  readonly statistic: number;
  readonly basis?: DriftBasis;
  readonly pValue?: number;
  readonly pValueMethod?: 'exact' | 'asymptotic';
}

function runTest(test: DriftTest, evidence: ColumnEvidence, options: DriftTestOptions): Outcome {
  const { reference, current } = evidence;
  switch (test) {
    case 'ks': {
      const ks = ksTwoSample(reference.sample!, current.sample!, options.ksMethod);
      return { statistic: ks.statistic, pValue: ks.pValue, pValueMethod: ks.method };
    }
    case 'chi2': {
      const chi2 = chiSquareTest(countsOf(reference), countsOf(current));
      return { statistic: chi2.statistic, pValue: chi2.pValue };
    }
    case 'z': {
      const z = twoProportionZTest(countsOf(reference), countsOf(current));
      return { statistic: z.statistic, pValue: z.pValue };
    }
    case 'wasserstein': {
      const scale = Math.max(reference.standardDeviation!, options.wassersteinStdFloor ?? 0.001);
      return { statistic: wassersteinDistance(reference.sample!, current.sample!) / scale };
    }
    case 'jensenshannon': {
      const shares = binnedShares(evidence, countsOf, options.binningDistinctThreshold ?? 20);
      const statistic = jensenShannonDistance(shares.reference, shares.current, options.jensenShannonBase);
      return { statistic, ...(shares.frozenBins ? { basis: 'frozen-bins' } : {}) };
    }
    case 'psi': {
      const shares = binnedShares(evidence, countsOf, options.binningDistinctThreshold ?? 20);
      const statistic = populationStabilityIndex(fillEmptyShares(shares.reference), fillEmptyShares(shares.current));
      return { statistic, ...(shares.frozenBins ? { basis: 'frozen-bins' } : {}) };
    }
  }
}

const missingShare = (side: SideEvidence): number => (side.rows === 0 ? 0 : side.missing / side.rows);

function noDataOf(evidence: ColumnEvidence): NoData | undefined {
  const referenceEmpty = evidence.reference.count === 0;
  const currentEmpty = evidence.current.count === 0;
  if (referenceEmpty && currentEmpty) return 'both';
  if (referenceEmpty) return 'reference';
  return currentEmpty ? 'current' : undefined;
}

/** Runs the requested or default test on one column's evidence. */
export function evaluateColumn(evidence: ColumnEvidence, options: DriftTestOptions, column?: string): ColumnDriftResult {
  if (options.test && NUMERIC_ONLY_TESTS.includes(options.test) && evidence.type !== 'numeric') {
    throw invalid(`The ${options.test} drift test needs a numeric column${column === undefined ? '' : `; "${column}" is categorical`}.`);
  }
  const common = {
    ...(column === undefined ? {} : { column }),
    columnType: evidence.type,
    exact: evidence.exact,
    basis: evidence.basis,
    referenceCount: evidence.reference.count,
    currentCount: evidence.current.count,
    referenceMissingShare: missingShare(evidence.reference),
    currentMissingShare: missingShare(evidence.current),
  };
  const noData = noDataOf(evidence);
  if (noData) {
    const test = options.test ?? 'none';
    const threshold = options.threshold ?? (test === 'none' ? null : defaultThreshold(test));
    return { ...common, test, statistic: null, threshold, drifted: false, noData };
  }
  const test = options.test ?? defaultTest(evidence, options);
  const threshold = options.threshold ?? defaultThreshold(test);
  const outcome = runTest(test, evidence, options);
  const score = outcome.pValue ?? outcome.statistic;
  const histogram = options.histogram ? columnHistogram(evidence) : undefined;
  return { ...common, test, ...outcome, threshold, drifted: isDrift(test, score, threshold), ...(histogram && { histogram }) };
}
