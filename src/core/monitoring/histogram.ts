// A bounded picture of one column's two distributions, to show beside its drift verdict: numeric
// columns on at most MAX_BINS bins (the frozen reference bins when the evidence has them, else the
// Sturges bins PSI and Jensen–Shannon use), categorical ones as the top categories plus "(other)".
import type { ColumnHistogram } from '../../shared/monitors';
import { histogramCounts, sturgesBinEdges } from './binning';
import type { CategoryCounts } from './category-counts';
import type { ColumnEvidence, SideEvidence } from './column-evidence';
import { OTHER_CATEGORIES } from './profile-evidence';

export type { ColumnHistogram };

export const MAX_BINS = 30;
export const MAX_CATEGORIES = 20;
export const OTHER_LABEL = '(other)';

/** Edges keep 6 significant digits: enough to draw, half the bytes of a stored result. */
const shortNumber = (value: number): number => Number(value.toPrecision(6));

/** Equal bins over [min, max]: Sturges' count, at most MAX_BINS. */
function binEdges(min: number, max: number, count: number): number[] {
  const sturges = sturgesBinEdges(min, max, count);
  if (sturges.length - 1 <= MAX_BINS) return [...sturges];
  const step = (max - min) / MAX_BINS;
  return Array.from({ length: MAX_BINS + 1 }, (_, i) => (i === MAX_BINS ? max : min + i * step));
}

/**
 * Counts on frozen edges come with two outer bins (below the first edge, above the last); an
 * outer bin with values becomes a real bin reaching to the extreme value, an empty one is dropped.
 */
function withOuterBins(edges: Float64Array, reference: Float64Array, current: Float64Array, low: number, high: number): ColumnHistogram {
  const all = [...edges];
  const last = edges.length;
  let [ref, cur] = [[...reference.subarray(1, last)], [...current.subarray(1, last)]];
  if (reference[0]! + current[0]! > 0) {
    all.unshift(Math.min(low, edges[0]!));
    ref = [reference[0]!, ...ref];
    cur = [current[0]!, ...cur];
  }
  if (reference[last]! + current[last]! > 0) {
    all.push(Math.max(high, edges[last - 1]!));
    ref.push(reference[last]!);
    cur.push(current[last]!);
  }
  return merged({ kind: 'numeric', edges: all, reference: ref, current: cur });
}

/** Adjacent bins merged in groups until there are at most MAX_BINS. */
function merged(histogram: ColumnHistogram & { edges: number[] }): ColumnHistogram {
  const bins = histogram.reference.length;
  const group = Math.ceil(bins / MAX_BINS);
  const sum = (counts: number[]): number[] =>
    Array.from({ length: Math.ceil(bins / group) }, (_, i) => counts.slice(i * group, (i + 1) * group).reduce((a, b) => a + b, 0));
  const edges = group === 1 ? histogram.edges : histogram.edges.filter((_, i) => i % group === 0 || i === bins);
  return { kind: 'numeric', edges: edges.map(shortNumber), reference: sum(histogram.reference), current: sum(histogram.current) };
}

function numericHistogram(evidence: ColumnEvidence): ColumnHistogram {
  const { reference, current } = evidence;
  const low = Math.min(reference.min!, current.min!);
  const high = Math.max(reference.max!, current.max!);
  const frozen = evidence.frozenBinCounts;
  if (frozen) return withOuterBins(frozen.edges, frozen.reference, frozen.current, low, high);
  const edges = Float64Array.from(binEdges(low, high, reference.count + current.count));
  return merged({ kind: 'numeric', edges: [...edges], reference: [...histogramCounts(reference.sample!, edges)], current: [...histogramCounts(current.sample!, edges)] });
}

/** Counts by category of a side: its categories, or each distinct number of a numeric sample. */
function countsOfSide(side: SideEvidence): CategoryCounts {
  if (side.categories) return side.categories;
  const sample = side.sample!;
  const counts = new Map<string | number, number>();
  sample.values.forEach((value, i) => counts.set(value, sample.weights[i]!));
  return { counts, total: sample.total };
}

function categoricalHistogram(evidence: ColumnEvidence): ColumnHistogram {
  const reference = countsOfSide(evidence.reference);
  const current = countsOfSide(evidence.current);
  const together = new Map<string, number>();
  const add = (counts: CategoryCounts) => {
    for (const [key, count] of counts.counts) if (key !== OTHER_CATEGORIES) together.set(String(key), (together.get(String(key)) ?? 0) + count);
  };
  add(reference);
  add(current);
  const top = [...together].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, MAX_CATEGORIES).map(([label]) => label);
  const side = (counts: CategoryCounts): number[] => {
    const byLabel = new Map<string, number>();
    for (const [key, count] of counts.counts) byLabel.set(key === OTHER_CATEGORIES ? OTHER_CATEGORIES : String(key), count);
    const shown = top.map((label) => byLabel.get(label) ?? 0);
    return [...shown, counts.total - shown.reduce((a, b) => a + b, 0)];
  };
  const [ref, cur] = [side(reference), side(current)];
  if (ref.at(-1)! <= 0 && cur.at(-1)! <= 0) return { kind: 'categorical', labels: top, reference: ref.slice(0, -1), current: cur.slice(0, -1) };
  return { kind: 'categorical', labels: [...top, OTHER_LABEL], reference: ref, current: cur };
}

/**
 * Reference and current counts of one column over the same bins or categories; each side's counts
 * add up to its non-missing values. Undefined when a side has no values.
 */
export function columnHistogram(evidence: ColumnEvidence): ColumnHistogram | undefined {
  if (evidence.reference.count === 0 || evidence.current.count === 0) return undefined;
  const numeric = evidence.type === 'numeric' && evidence.reference.sample !== undefined && evidence.current.sample !== undefined;
  return numeric ? numericHistogram(evidence) : categoricalHistogram(evidence);
}
