/**
 * Multi-resolution summaries of one metric series, computed as points are logged. The series'
 * points are numbered in the order they were logged (their ordinal); at level k, bucket b holds
 * ordinals [b·2^k, (b+1)·2^k). Levels are 2^4, 2^6, … 2^24 points wide: level k exists once the
 * series has 2^k points (the finest always), so a chart of B buckets finds a level with between
 * B/4 and B of them. Every field merges exactly, so a coarse bucket is built from finer ones.
 */

/** Bucket widths, as powers of two, finest first. */
export const LEVELS: readonly number[] = [4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24];

export interface BucketPoint {
  value: number;
  step: number;
  timestamp: number;
}

/** NaN, +Infinity, -Infinity: stored as a kind since SQLite keeps NaN as NULL. */
export type OddKind = 1 | 2 | 3;

export interface Bucket {
  level: number;
  bucket: number;
  count: number;
  /** Finite values: those that count in sum, min and max. */
  finite: number;
  sum: number;
  /** The lowest and highest finite points; first and last finite by (step, timestamp). */
  min: BucketPoint | null;
  max: BucketPoint | null;
  first: BucketPoint | null;
  last: BucketPoint | null;
  /** The first non-finite point by (step, timestamp): a chart's marker. */
  odd: BucketPoint | null;
}

export function emptyBucket(level: number, bucket: number): Bucket {
  return { level, bucket, count: 0, finite: 0, sum: 0, min: null, max: null, first: null, last: null, odd: null };
}

function before(a: BucketPoint, b: BucketPoint): boolean {
  return a.step < b.step || (a.step === b.step && a.timestamp < b.timestamp);
}

/** Adds one point to `b` in place. */
export function addPoint(b: Bucket, p: BucketPoint): void {
  b.count++;
  if (!Number.isFinite(p.value)) {
    if (!b.odd || before(p, b.odd)) b.odd = p;
    return;
  }
  b.finite++;
  b.sum += p.value;
  if (!b.min || p.value < b.min.value) b.min = p;
  if (!b.max || p.value > b.max.value) b.max = p;
  if (!b.first || before(p, b.first)) b.first = p;
  if (!b.last || !before(p, b.last)) b.last = p;
}

/** Merges `from` into `into` in place (`from` holds points logged after `into`'s). */
export function mergeBucket(into: Bucket, from: Bucket): void {
  into.count += from.count;
  into.finite += from.finite;
  into.sum += from.sum;
  if (from.min && (!into.min || from.min.value < into.min.value)) into.min = from.min;
  if (from.max && (!into.max || from.max.value > into.max.value)) into.max = from.max;
  if (from.first && (!into.first || before(from.first, into.first))) into.first = from.first;
  if (from.last && (!into.last || !before(from.last, into.last))) into.last = from.last;
  if (from.odd && (!into.odd || before(from.odd, into.odd))) into.odd = from.odd;
}

/** The buckets of `level` that points with ordinals start, start + 1, … fall in, in order. */
export function bucketsOf(level: number, start: number, points: readonly BucketPoint[]): Bucket[] {
  const width = 2 ** level;
  const out: Bucket[] = [];
  let current: Bucket | undefined;
  for (let i = 0; i < points.length; i++) {
    const bucket = Math.floor((start + i) / width);
    if (!current || current.bucket !== bucket) {
      current = emptyBucket(level, bucket);
      out.push(current);
    }
    addPoint(current, points[i]!);
  }
  return out;
}

/** Buckets of `level` built from the (ordered) buckets of a finer level. */
export function coarsen(level: number, finer: readonly Bucket[]): Bucket[] {
  const out: Bucket[] = [];
  let current: Bucket | undefined;
  for (const b of finer) {
    const bucket = Math.floor(b.bucket / 2 ** (level - b.level));
    if (!current || current.bucket !== bucket) {
      current = emptyBucket(level, bucket);
      out.push(current);
    }
    mergeBucket(current, b);
  }
  return out;
}

/** The finest level with at most `maxBuckets` buckets for `total` points (the coarsest if none has). */
export function levelFor(total: number, maxBuckets: number): number {
  return LEVELS.find((level) => Math.ceil(total / 2 ** level) <= maxBuckets) ?? LEVELS[LEVELS.length - 1]!;
}

/** The coarsest level a series of `count` points has: at most 4 buckets, holding every point. */
export function coarsestLevel(count: number): number {
  let coarsest = LEVELS[0]!;
  for (const level of LEVELS) if (hasLevel(level, count)) coarsest = level;
  return coarsest;
}

/** Does a series of `count` points keep buckets at `level`? */
export function hasLevel(level: number, count: number): boolean {
  return level === LEVELS[0] || count >= 2 ** level;
}

export function oddKind(value: number): OddKind {
  return Number.isNaN(value) ? 1 : value > 0 ? 2 : 3;
}

export function oddValue(kind: number): number {
  return kind === 1 ? NaN : kind === 2 ? Infinity : -Infinity;
}
