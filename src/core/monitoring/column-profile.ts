// A bounded-memory summary of one column, built by streaming its values.
import { sturgesBinEdges } from './binning';
import type { QuantileSketchData } from './quantile-sketch';
import { QuantileSketch } from './quantile-sketch';
import type { TopCategory } from './top-categories';
import { TopCategories } from './top-categories';
import type { Value } from './values';
import { categoryOf, isMissing, numberOf } from './values';

/** Bin edges frozen from a reference profile; values below or above them fall in two outer bins. */
export interface FrozenBins {
  readonly edges: readonly number[];
}

export interface ColumnProfileOptions {
  /** Distinct values counted exactly; past this the profile keeps only top categories and the sketch. Default 1000. */
  readonly distinctValueCap?: number;
  /** Categories kept once exact counting stops. Default 50. */
  readonly topCategoryCount?: number;
  /** Accuracy parameter k of the quantile sketch (rank error about 1.7/k). Default 400. */
  readonly sketchSize?: number;
  /** Count numeric values into these bins as well, to compare with the reference that froze them. */
  readonly frozenBins?: FrozenBins;
}

export interface ColumnProfileData {
  readonly rows: number;
  readonly missing: number;
  readonly numericCount: number;
  readonly mean: number;
  readonly sumOfSquaredDeviations: number;
  readonly min: number | null;
  readonly max: number | null;
  readonly distinctValueCap: number;
  readonly valueCounts: readonly (readonly [string, number])[] | null;
  readonly topCategoryCount: number;
  readonly topCategories: readonly TopCategory[] | null;
  readonly sketch: QuantileSketchData;
  readonly binEdges: readonly number[] | null;
  readonly binCounts: readonly number[] | null;
}

export class ColumnProfile {
  /** Rows seen, missing ones included. */
  rows = 0;
  missing = 0;
  /** Non-missing values that are numbers or numeric strings. */
  numericCount = 0;
  /** Mean of the numeric values (Welford's running update). */
  mean = 0;
  min = Infinity;
  max = -Infinity;
  private sumOfSquaredDeviations = 0;
  private valueCounts: Map<string, number> | undefined = new Map();
  private topCategories: TopCategories | undefined;
  private sketch: QuantileSketch;
  private readonly distinctValueCap: number;
  private readonly topCategoryCount: number;
  private readonly binEdges: Float64Array | undefined;
  /** [below the first edge, bin 0, …, bin n−1, above the last edge]. */
  private binCounts: Float64Array | undefined;

  constructor(options: ColumnProfileOptions = {}) {
    this.distinctValueCap = options.distinctValueCap ?? 1000;
    this.topCategoryCount = options.topCategoryCount ?? 50;
    this.sketch = new QuantileSketch(options.sketchSize);
    if (options.frozenBins) {
      this.binEdges = Float64Array.from(options.frozenBins.edges);
      this.binCounts = new Float64Array(this.binEdges.length + 1);
    }
  }

  add(value: Value): void {
    if (isMissing(value)) {
      this.addMissing();
      return;
    }
    this.rows++;
    const number = numberOf(value);
    // Past the distinct-value cap, a column of numbers only is compared by its sketch: counting its
    // numbers as categories (most of the cost of a profile) would serve no test. A later non-number
    // makes it categorical; its top categories then hold what came from that point on.
    const numbersOnly = number !== undefined && !this.valueCounts && this.numericCount === this.count - 1;
    if (!numbersOnly) this.countCategory(categoryOf(value as string | number | boolean));
    if (number !== undefined) this.addNumber(number);
  }

  /**
   * Adds a chunk's number column (NaN and ±Infinity are missing): moments merged per chunk (Chan,
   * Golub & LeVeque), tight loops over the typed array; its non-number cells count as text values.
   */
  addNumbers(column: { readonly values: Float64Array; readonly text?: ReadonlyMap<number, string> }): void {
    const values = column.values;
    const n = values.length;
    const numbersOnly = this.isNumeric;
    let count = 0;
    let sum = 0;
    let { min, max } = this;
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      if (v - v !== 0) continue;
      count++;
      sum += v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    this.rows += n;
    this.missing += n - count;
    if (count > 0) {
      const mean = sum / count;
      let squares = 0;
      for (let i = 0; i < n; i++) {
        const v = values[i]!;
        if (v - v === 0) squares += (v - mean) * (v - mean);
      }
      const total = this.numericCount + count;
      const delta = mean - this.mean;
      this.sumOfSquaredDeviations += squares + (delta * delta * this.numericCount * count) / total;
      this.mean += (delta * count) / total;
      this.numericCount = total;
      this.min = min;
      this.max = max;
      this.sketch.addFinite(values);
      if (this.binEdges && this.binCounts) countInBins(values, this.binEdges, this.binCounts);
      if (this.valueCounts) this.countNumbers(values);
      else if (!numbersOnly) for (let i = 0; i < n; i++) if (values[i]! - values[i]! === 0) this.topCategories!.add(String(values[i]));
    }
    for (const text of column.text?.values() ?? []) {
      this.rows--;
      this.missing--;
      this.add(text);
    }
  }

  /** Adds a chunk's category column: counts per code first, then one update per category. */
  addCategories(column: { readonly codes: Int32Array; readonly dictionary: readonly string[] }): void {
    const { codes, dictionary } = column;
    const counts = new Float64Array(dictionary.length);
    let missing = 0;
    for (let i = 0; i < codes.length; i++) {
      const code = codes[i]!;
      if (code < 0) missing++;
      else counts[code]!++;
    }
    this.rows += codes.length;
    this.missing += missing;
    for (let code = 0; code < counts.length; code++) {
      const weight = counts[code]!;
      if (weight === 0) continue;
      const entry = dictionary[code]!;
      if (isMissing(entry)) {
        this.missing += weight;
        continue;
      }
      const number = numberOf(entry);
      if (number !== undefined) for (let k = 0; k < weight; k++) this.addNumber(number);
      this.countCategory(entry, weight);
    }
  }

  /** Records `rows` missing values at once. */
  addMissing(rows = 1): void {
    this.rows += rows;
    this.missing += rows;
  }

  /** Non-missing values. */
  get count(): number {
    return this.rows - this.missing;
  }

  /** True when every non-missing value is a number or numeric string (vacuously for no values). */
  get isNumeric(): boolean {
    return this.numericCount === this.count;
  }

  /** Population variance of the numeric values (Welford: M₂ / n). */
  get variance(): number {
    return this.numericCount === 0 ? Number.NaN : this.sumOfSquaredDeviations / this.numericCount;
  }

  get standardDeviation(): number {
    return Math.sqrt(this.variance);
  }

  /** Exact count of each distinct value's text, until there were more than distinctValueCap. */
  get exactValueCounts(): ReadonlyMap<string, number> | undefined {
    return this.valueCounts;
  }

  /** Distinct values, exactly while counted; past the cap, cap + 1 (a lower bound). */
  get distinctCount(): number {
    return this.valueCounts ? this.valueCounts.size : this.distinctValueCap + 1;
  }

  /** The most frequent categories: exact while values are counted, Space-Saving estimates after. */
  top(limit = this.topCategoryCount): TopCategory[] {
    if (this.valueCounts) return TopCategories.fromExactCounts(this.valueCounts, limit).entries();
    return this.topCategories!.entries().slice(0, limit);
  }

  /**
   * Categories certain to hold more than 1/topCategoryCount of the values: the ones Space-Saving
   * guarantees to track, so their counts can be compared across profiles by name.
   */
  heavyCategories(): TopCategory[] {
    return this.top().filter(({ count, error }) => (count - error) * this.topCategoryCount > this.count);
  }

  /** The numeric quantile sketch. */
  get quantiles(): QuantileSketch {
    return this.sketch;
  }

  /** Counts on the frozen bins this profile was built with, outer bins included. */
  get frozenBinCounts(): { readonly edges: Float64Array; readonly counts: Float64Array } | undefined {
    return this.binEdges && this.binCounts ? { edges: this.binEdges, counts: this.binCounts } : undefined;
  }

  /** Bin edges for current windows: Sturges' rule over this (reference) profile's numeric range. */
  freezeBins(): FrozenBins {
    if (this.numericCount === 0) throw new RangeError('No numeric values to freeze bins from');
    return { edges: [...sturgesBinEdges(this.min, this.max, this.numericCount)] };
  }

  toJSON(): ColumnProfileData {
    return {
      rows: this.rows,
      missing: this.missing,
      numericCount: this.numericCount,
      mean: this.mean,
      sumOfSquaredDeviations: this.sumOfSquaredDeviations,
      min: this.numericCount ? this.min : null,
      max: this.numericCount ? this.max : null,
      distinctValueCap: this.distinctValueCap,
      valueCounts: this.valueCounts ? [...this.valueCounts] : null,
      topCategoryCount: this.topCategoryCount,
      topCategories: this.topCategories ? this.topCategories.entries() : null,
      sketch: this.sketch.toJSON(),
      binEdges: this.binEdges ? [...this.binEdges] : null,
      binCounts: this.binCounts ? [...this.binCounts] : null,
    };
  }

  static fromJSON(data: ColumnProfileData): ColumnProfile {
    const profile = new ColumnProfile({
      distinctValueCap: data.distinctValueCap,
      topCategoryCount: data.topCategoryCount,
      ...(data.binEdges ? { frozenBins: { edges: data.binEdges } } : {}),
    });
    Object.assign(profile, { rows: data.rows, missing: data.missing, numericCount: data.numericCount, mean: data.mean });
    profile.sumOfSquaredDeviations = data.sumOfSquaredDeviations;
    profile.min = data.min ?? Infinity;
    profile.max = data.max ?? -Infinity;
    profile.valueCounts = data.valueCounts ? new Map(data.valueCounts) : undefined;
    profile.topCategories = data.topCategories ? TopCategories.fromJSON(data.topCategoryCount, data.topCategories) : undefined;
    profile.sketch = QuantileSketch.fromJSON(data.sketch);
    if (data.binCounts) profile.binCounts = Float64Array.from(data.binCounts);
    return profile;
  }

  private countCategory(category: string, weight = 1): void {
    if (this.valueCounts) {
      const count = this.valueCounts.get(category);
      if (count !== undefined || this.valueCounts.size < this.distinctValueCap) {
        this.valueCounts.set(category, (count ?? 0) + weight);
        return;
      }
      this.topCategories = TopCategories.fromExactCounts(this.valueCounts, this.topCategoryCount);
      this.valueCounts = undefined;
    }
    this.topCategories!.add(category, weight);
  }

  /** Exact counts of a chunk's finite numbers, by their text; past the distinct-value cap, top categories of those seen. */
  private countNumbers(values: Float64Array): void {
    const counts = new Map<number, number>();
    const limit = this.distinctValueCap + 1;
    for (let i = 0; i < values.length && counts.size <= limit; i++) {
      const v = values[i]!;
      if (v - v === 0) counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    const exact = this.valueCounts!;
    for (const [value, count] of counts) {
      const key = String(value);
      exact.set(key, (exact.get(key) ?? 0) + count);
    }
    if (exact.size <= this.distinctValueCap) return;
    this.topCategories = TopCategories.fromExactCounts(exact, this.topCategoryCount);
    this.valueCounts = undefined;
  }

  private addNumber(value: number): void {
    this.numericCount++;
    // Welford (1962): running mean and sum of squared deviations without cancellation.
    const delta = value - this.mean;
    this.mean += delta / this.numericCount;
    this.sumOfSquaredDeviations += delta * (value - this.mean);
    this.min = Math.min(this.min, value);
    this.max = Math.max(this.max, value);
    this.sketch.add(value);
    if (this.binEdges && this.binCounts) this.binCounts[binIndex(this.binEdges, value)]!++;
  }
}

/** Adds the finite values to counts on [below, bin 0 … bin n−1, above]. */
function countInBins(values: Float64Array, edges: Float64Array, counts: Float64Array): void {
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    if (value - value === 0) counts[binIndex(edges, value)]!++;
  }
}

/** Index into [below, bin 0 … bin n−1, above]: numpy.histogram's rule (last bin closed) inside. */
export function binIndex(edges: Float64Array, value: number): number {
  const last = edges.length - 1;
  if (value < edges[0]!) return 0;
  if (value > edges[last]!) return edges.length;
  if (value === edges[last]!) return last;
  let low = 0;
  let high = last;
  while (high - low > 1) {
    const middle = (low + high) >>> 1;
    if (edges[middle]! <= value) low = middle;
    else high = middle;
  }
  return low + 1;
}
