// Public shapes of drift options and results.
import type { KsMethod } from './kolmogorov-smirnov';
import type { PValueCorrection } from './multiple-testing';
import type { ColumnType } from './values';
import type { ColumnHistogram } from '../../shared/monitors';

export type DriftTest = 'ks' | 'chi2' | 'z' | 'wasserstein' | 'jensenshannon' | 'psi';

/**
 * What a result was computed from: `values` raw values; `value-counts` profiles that kept every
 * distinct value (identical to raw values); `frozen-bins` histograms on edges frozen from the
 * reference profile; `sketch` quantile sketches or top-K category counts (approximate).
 */
export type DriftBasis = 'values' | 'value-counts' | 'frozen-bins' | 'sketch';

/** Settings of one column's test; each has Evidently's default. */
export interface DriftTestOptions {
  /** Run this test instead of the default choice (PSI is only ever run on demand). */
  readonly test?: DriftTest;
  /** Drift when p ≤ threshold (ks), p < threshold (chi2, z), distance ≥ threshold (others). */
  readonly threshold?: number;
  /** Override the detected type (numeric when every non-missing value is a number). */
  readonly columnType?: ColumnType;
  /** References with at most this many non-missing values get p-value tests. Default 1000. */
  readonly smallReferenceMaxRows?: number;
  /** Numeric columns with more distinct values (reference and current together) get KS or Wasserstein. Default 5. */
  readonly numericDistinctThreshold?: number;
  /** Columns with at most this many distinct values get the Z-test rather than chi-square. Default 2. */
  readonly binaryMaxDistinct?: number;
  /** Numeric columns whose reference has more distinct values are binned by Sturges' rule for PSI and Jensen–Shannon; others use value shares. Default 20. */
  readonly binningDistinctThreshold?: number;
  /** scipy's ks_2samp method. Default 'auto'. */
  readonly ksMethod?: KsMethod;
  /** Floor of the reference's standard deviation that divides the Wasserstein distance. Default 0.001. */
  readonly wassersteinStdFloor?: number;
  /** Logarithm base of the Jensen–Shannon distance. Default e (natural log). */
  readonly jensenShannonBase?: number;
  /** Also return both sides' distributions as a bounded histogram (result.histogram). */
  readonly histogram?: boolean;
}

export interface ColumnDriftOptions extends DriftTestOptions {
  /** Name carried into the result. */
  readonly column?: string;
}

export interface DatasetDriftOptions extends DriftTestOptions {
  /** Columns to compare. Default: every column of either side. */
  readonly columns?: readonly string[];
  /** Per-column settings, over the dataset-wide ones. */
  readonly perColumn?: Readonly<Record<string, DriftTestOptions>>;
  /** The dataset drifts when the share of drifted columns is at least this. Default 0.5. */
  readonly driftShare?: number;
  /** Correction of the p-value tests for testing several columns. Default 'none'. */
  readonly correction?: PValueCorrection;
}

/** Which side had no value left once missing values were dropped. */
export type NoData = 'reference' | 'current' | 'both';

export interface ColumnDriftResult {
  readonly column?: string;
  readonly columnType: ColumnType;
  /** The test run; 'none' when a side had no data and no test was requested. */
  readonly test: DriftTest | 'none';
  /** KS D, chi-square statistic, Z, or the distance; null when a side had no data. */
  readonly statistic: number | null;
  /** p-value of the ks, chi2 and z tests. */
  readonly pValue?: number;
  /** p-value after the dataset's multiple-testing correction (the one compared to the threshold). */
  readonly adjustedPValue?: number;
  /** Whether the KS p-value came from the exact distribution or the asymptotic one. */
  readonly pValueMethod?: 'exact' | 'asymptotic';
  /** null only when a side had no data and no test was requested. */
  readonly threshold: number | null;
  readonly drifted: boolean;
  /** True when computed from every value (raw values or complete value counts). */
  readonly exact: boolean;
  readonly basis: DriftBasis;
  /** Non-missing values compared on each side. */
  readonly referenceCount: number;
  readonly currentCount: number;
  /** Share of each side's rows that were missing (null, NaN, ±Infinity, blank). */
  readonly referenceMissingShare: number;
  readonly currentMissingShare: number;
  readonly noData?: NoData;
  /** When asked for (options.histogram) and both sides have values. */
  readonly histogram?: ColumnHistogram;
}

export interface DatasetDriftResult {
  readonly columns: readonly ColumnDriftResult[];
  /** Columns that had data on both sides. */
  readonly testedColumns: number;
  readonly driftedColumns: number;
  /** driftedColumns / testedColumns (0 when nothing could be tested). */
  readonly driftedShare: number;
  readonly drifted: boolean;
  readonly correction: PValueCorrection;
}
