// What a drift test needs to know about one column, whether it comes from raw values or from
// profiles. Both sides are described the same way so one evaluator serves both.
import type { CategoryCounts } from './category-counts';
import type { DriftBasis } from './types';
import type { ColumnType } from './values';
import type { WeightedSample } from './weighted-sample';

export interface SideEvidence {
  /** Rows seen, missing ones included. */
  readonly rows: number;
  readonly missing: number;
  /** Non-missing values. */
  readonly count: number;
  /** Numeric columns: the values (exact, or a sketch's weighted retained values). */
  readonly sample?: WeightedSample;
  /** Categorical columns: the category counts (exact, or approximate from a top-K summary). */
  readonly categories?: CategoryCounts;
  /** Distinct values; a lower bound once a profile stopped counting them. */
  readonly distinct: number;
  /** Numeric columns: exact extremes and population standard deviation. */
  readonly min?: number;
  readonly max?: number;
  readonly standardDeviation?: number;
}

export interface ColumnEvidence {
  readonly type: ColumnType;
  readonly reference: SideEvidence;
  readonly current: SideEvidence;
  /** Distinct values of both sides together; a lower bound when either is. */
  readonly distinctTogether: number;
  readonly exact: boolean;
  readonly basis: DriftBasis;
  /** Bin counts on edges frozen from the reference (outer bins included), used for binned PSI/JS when not exact. */
  readonly frozenBinCounts?: { readonly edges: Float64Array; readonly reference: Float64Array; readonly current: Float64Array };
}
