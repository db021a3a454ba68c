// Bins for the share-based distances (PSI, Jensen–Shannon), as Evidently's `get_binned_data`
// (evidently/calculations/stattests/utils.py) builds them with numpy 2.x.
import type { WeightedSample } from './weighted-sample';

/**
 * numpy.histogram_bin_edges(data, bins='sturges') for data spanning [min, max] with `count`
 * values: width = (max − min)/(log₂ count + 1), ⌈(max − min)/width⌉ equal bins laid out as
 * numpy.linspace does (edge i = min + i·step, last edge = max exactly). A zero-width range is
 * widened by ±0.5. numpy also floors the width at 1 for integer-typed arrays; JavaScript numbers
 * carry no dtype, so that rule is not applied.
 */
export function sturgesBinEdges(min: number, max: number, count: number): Float64Array {
  let first = min;
  let last = max;
  if (first === last) {
    first -= 0.5;
    last += 0.5;
  }
  const width = (max - min) / (Math.log2(count) + 1);
  const binCount = width ? Math.ceil((last - first) / width) : 1;
  const step = (last - first) / binCount;
  const edges = new Float64Array(binCount + 1);
  for (let i = 0; i < binCount; i++) edges[i] = i * step + first;
  edges[binCount] = last;
  return edges;
}

/** Index of the first element of `sorted` that is ≥ x, or > x when `strictlyGreater`. */
function lowerBound(sorted: Float64Array, x: number, strictlyGreater: boolean): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (strictlyGreater ? sorted[middle]! <= x : sorted[middle]! < x) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * numpy.histogram(sample, edges)[0]: bin i holds edges[i] ≤ x < edges[i+1], the last bin also
 * x = its right edge; values outside the edges are not counted.
 */
export function histogramCounts(sample: WeightedSample, edges: Float64Array): Float64Array {
  const cumulative = new Float64Array(sample.values.length + 1);
  for (let i = 0; i < sample.values.length; i++) cumulative[i + 1] = cumulative[i]! + sample.weights[i]!;
  const counts = new Float64Array(Math.max(edges.length - 1, 0));
  for (let i = 0; i < counts.length; i++) {
    const start = lowerBound(sample.values, edges[i]!, false);
    const isLast = i === counts.length - 1;
    const end = lowerBound(sample.values, edges[i + 1]!, isLast);
    counts[i] = cumulative[end]! - cumulative[start]!;
  }
  return counts;
}

/**
 * Evidently's zero filling for PSI: an empty bin gets 0.0001, or a millionth of the smallest
 * non-empty share when that share is itself ≤ 0.0001, so no logarithm sees a zero.
 */
export function fillEmptyShares(shares: Float64Array): Float64Array {
  let smallest = Infinity;
  for (const share of shares) if (share !== 0) smallest = Math.min(smallest, share);
  const fill = smallest <= 0.0001 ? smallest / 1e6 : 0.0001;
  return shares.map((share) => (share === 0 ? fill : share));
}
