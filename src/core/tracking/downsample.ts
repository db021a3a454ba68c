import type { DownsampleMethod } from '../../shared/compare';

/**
 * Downsampling of one series for a chart, streaming: points are pushed in order and memory stays
 * bounded by the target (LTTB also holds two of its buckets). The point count must be known up
 * front; a metric's is, from its summary.
 *
 * - lttb: largest-triangle-three-buckets (Steinarsson 2013), over equal-count buckets.
 * - minmax: each equal-count bucket keeps its lowest and highest point.
 *
 * Both keep the first and last finite points. NaN and ±Infinity never take part in the selection;
 * the first point of each run of them is kept as a marker, at most one per kind per marker bucket.
 */

export interface Downsampled {
  /** Positions in the input of the kept points, ascending. */
  indices: Float64Array;
  xs: Float64Array;
  ys: Float64Array;
  /** How many kept points are non-finite markers (their ys are NaN or ±Infinity). */
  nonFinite: number;
}

export interface Downsampler {
  push(x: number, y: number): void;
  finish(): Downsampled;
}

export function lttb(xs: Float64Array, ys: Float64Array, target: number): Downsampled {
  return downsample('lttb', xs, ys, target);
}

export function minmax(xs: Float64Array, ys: Float64Array, target: number): Downsampled {
  return downsample('minmax', xs, ys, target);
}

export function downsample(method: DownsampleMethod, xs: Float64Array, ys: Float64Array, target: number): Downsampled {
  if (xs.length !== ys.length) throw new RangeError(`xs has ${xs.length} points, ys ${ys.length}`);
  const sampler = createDownsampler(method, xs.length, target);
  for (let i = 0; i < xs.length; i++) sampler.push(xs[i]!, ys[i]!);
  return sampler.finish();
}

/** A downsampler for a series of exactly `total` points (fewer are tolerated, more are refused). */
export function createDownsampler(method: DownsampleMethod, total: number, target: number): Downsampler {
  if (!Number.isInteger(target) || target < 2) throw new RangeError(`target must be an integer ≥ 2, got ${target}`);
  if (!Number.isInteger(total) || total < 0) throw new RangeError(`total must be a non-negative integer, got ${total}`);
  return total <= target ? new KeepAll(total) : new Sampler(method, total, target);
}

/** Growable columns of (index, x, y). */
class Points {
  indices: Float64Array;
  xs: Float64Array;
  ys: Float64Array;
  length = 0;

  constructor(capacity: number) {
    const size = Math.max(4, capacity);
    this.indices = new Float64Array(size);
    this.xs = new Float64Array(size);
    this.ys = new Float64Array(size);
  }

  push(i: number, x: number, y: number): void {
    if (this.length === this.xs.length) this.grow();
    this.indices[this.length] = i;
    this.xs[this.length] = x;
    this.ys[this.length] = y;
    this.length++;
  }

  lastIndex(): number {
    return this.length === 0 ? -1 : this.indices[this.length - 1]!;
  }

  private grow(): void {
    const more = (a: Float64Array) => {
      const b = new Float64Array(a.length * 2);
      b.set(a);
      return b;
    };
    this.indices = more(this.indices);
    this.xs = more(this.xs);
    this.ys = more(this.ys);
  }
}

class KeepAll implements Downsampler {
  private readonly points: Points;
  private nonFinite = 0;

  constructor(private readonly total: number) {
    this.points = new Points(total);
  }

  push(x: number, y: number): void {
    if (this.points.length >= this.total) throw new RangeError(`more than the ${this.total} points announced`);
    if (!Number.isFinite(y)) this.nonFinite++;
    this.points.push(this.points.length, x, y);
  }

  finish(): Downsampled {
    return merge(this.points, new Points(0), this.nonFinite);
  }
}

interface Selector {
  /** The first finite point: always kept, never a candidate. */
  first(x: number, y: number): void;
  /** A later finite point; picks go to `out` in index order. */
  add(i: number, x: number, y: number, out: Points): void;
  finish(out: Points): void;
}

class Sampler implements Downsampler {
  private readonly selector: Selector;
  private readonly markers: Markers;
  private readonly picked: Points;
  private readonly marked: Points;
  private count = 0;
  private started = false;
  private lastI = -1;
  private lastX = 0;
  private lastY = 0;

  constructor(
    private readonly method: DownsampleMethod,
    private readonly total: number,
    private readonly target: number,
  ) {
    this.selector = method === 'lttb' ? new LttbSelector(total, target) : new MinMaxSelector(total, target);
    this.markers = new Markers(total, target);
    this.picked = new Points(target);
    this.marked = new Points(16);
  }

  push(x: number, y: number): void {
    const i = this.count++;
    if (i >= this.total) throw new RangeError(`more than the ${this.total} points announced`);
    if (!Number.isFinite(y)) {
      this.markers.add(i, x, y, this.marked);
      return;
    }
    this.markers.finite();
    this.lastI = i;
    this.lastX = x;
    this.lastY = y;
    if (this.started) {
      this.selector.add(i, x, y, this.picked);
      return;
    }
    this.started = true;
    this.picked.push(i, x, y);
    this.selector.first(x, y);
  }

  finish(): Downsampled {
    this.selector.finish(this.picked);
    if (this.lastI > this.picked.lastIndex()) this.picked.push(this.lastI, this.lastX, this.lastY);
    const marked = this.marked;
    if (marked.length > this.target - 2) marked.length = Math.max(0, this.target - 2);
    const room = this.target - marked.length;
    const picked = this.picked.length > room ? reselect(this.method, this.picked, room) : this.picked;
    return merge(picked, marked, marked.length);
  }
}

/** Non-finite markers leave less room: the finite picks are downsampled again into what is left. */
function reselect(method: DownsampleMethod, points: Points, target: number): Points {
  const again = downsample(method, points.xs.subarray(0, points.length), points.ys.subarray(0, points.length), target);
  const out = new Points(again.indices.length);
  for (let k = 0; k < again.indices.length; k++) out.push(points.indices[again.indices[k]!]!, again.xs[k]!, again.ys[k]!);
  return out;
}

function merge(a: Points, b: Points, nonFinite: number): Downsampled {
  const n = a.length + b.length;
  const out = { indices: new Float64Array(n), xs: new Float64Array(n), ys: new Float64Array(n), nonFinite };
  for (let k = 0, i = 0, j = 0; k < n; k++) {
    const fromA = j >= b.length || (i < a.length && a.indices[i]! < b.indices[j]!);
    const src = fromA ? a : b;
    const at = fromA ? i++ : j++;
    out.indices[k] = src.indices[at]!;
    out.xs[k] = src.xs[at]!;
    out.ys[k] = src.ys[at]!;
  }
  return out;
}

/**
 * LTTB. Bucket 0 is the first point, buckets 1..M (M = target - 2) split the points between the
 * first and the last by count, bucket M + 1 is the rest. Bucket b is chosen once b + 1 is
 * complete: the point making the largest triangle with the point chosen before and the average
 * of bucket b + 1.
 */
class LttbSelector implements Selector {
  private readonly every: number;
  private readonly middle: number;
  private bucket = 1;
  private boundary: number;
  private current: Points;
  private next: Points;
  private currentSum = { x: 0, y: 0, n: 0 };
  private nextSum = { x: 0, y: 0, n: 0 };
  private ax = 0;
  private ay = 0;

  constructor(total: number, target: number) {
    this.middle = target - 2;
    this.every = (total - 2) / this.middle;
    this.boundary = this.boundaryOf(1);
    const capacity = this.middle > 0 ? Math.ceil(this.every) + 2 : 0;
    this.current = new Points(capacity);
    this.next = new Points(capacity);
  }

  first(x: number, y: number): void {
    this.ax = x;
    this.ay = y;
  }

  add(i: number, x: number, y: number, out: Points): void {
    while (i >= this.boundary) this.close(out);
    if (this.bucket <= this.middle) this.next.push(i, x, y);
    this.nextSum.x += x;
    this.nextSum.y += y;
    this.nextSum.n++;
  }

  finish(out: Points): void {
    this.pick(out);
  }

  private boundaryOf(bucket: number): number {
    return bucket <= this.middle ? Math.floor(bucket * this.every) + 1 : Infinity;
  }

  private close(out: Points): void {
    this.pick(out);
    [this.current, this.next] = [this.next, this.current];
    this.next.length = 0;
    this.currentSum = this.nextSum;
    this.nextSum = { x: 0, y: 0, n: 0 };
    this.bucket++;
    this.boundary = this.boundaryOf(this.bucket);
  }

  private pick(out: Points): void {
    const c = this.current;
    if (c.length === 0) return;
    // A next bucket of only non-finite points has no average; the current one's centroid stands in.
    const avg = this.nextSum.n > 0 ? this.nextSum : this.currentSum;
    const cx = avg.x / avg.n;
    const cy = avg.y / avg.n;
    const { ax, ay } = this;
    let best = 0;
    let bestArea = -1;
    for (let k = 0; k < c.length; k++) {
      const area = Math.abs((ax - cx) * (c.ys[k]! - ay) - (ax - c.xs[k]!) * (cy - ay));
      if (area > bestArea) {
        bestArea = area;
        best = k;
      }
    }
    out.push(c.indices[best]!, c.xs[best]!, c.ys[best]!);
    this.ax = c.xs[best]!;
    this.ay = c.ys[best]!;
  }
}

/** Min/max: the points between the first and the last split into (target - 2) / 2 buckets by count. */
class MinMaxSelector implements Selector {
  private readonly buckets: number;
  private bucket = -1;
  private minI = 0;
  private minX = 0;
  private minY = 0;
  private maxI = 0;
  private maxX = 0;
  private maxY = 0;

  constructor(
    private readonly total: number,
    target: number,
  ) {
    this.buckets = Math.floor((target - 2) / 2);
  }

  first(): void {}

  add(i: number, x: number, y: number, out: Points): void {
    if (i >= this.total - 1 || this.buckets === 0) return;
    const bucket = Math.min(this.buckets - 1, Math.floor(((i - 1) * this.buckets) / (this.total - 2)));
    if (bucket !== this.bucket) {
      this.flush(out);
      this.bucket = bucket;
      this.minI = this.maxI = i;
      this.minX = this.maxX = x;
      this.minY = this.maxY = y;
    } else if (y < this.minY) {
      this.minI = i;
      this.minX = x;
      this.minY = y;
    } else if (y > this.maxY) {
      this.maxI = i;
      this.maxX = x;
      this.maxY = y;
    }
  }

  finish(out: Points): void {
    this.flush(out);
    this.bucket = -1;
  }

  private flush(out: Points): void {
    if (this.bucket < 0) return;
    const minFirst = this.minI <= this.maxI;
    out.push(minFirst ? this.minI : this.maxI, minFirst ? this.minX : this.maxX, minFirst ? this.minY : this.maxY);
    if (this.minI !== this.maxI) out.push(minFirst ? this.maxI : this.minI, minFirst ? this.maxX : this.minX, minFirst ? this.maxY : this.minY);
  }
}

/** NaN, +Infinity, -Infinity: the first point of each run, at most one per kind per marker bucket. */
class Markers {
  private readonly buckets: number;
  private previousKind = -1;
  private readonly lastBucket = [-1, -1, -1];

  constructor(
    private readonly total: number,
    target: number,
  ) {
    this.buckets = Math.max(1, Math.floor(target / 12));
  }

  finite(): void {
    this.previousKind = -1;
  }

  add(i: number, x: number, y: number, out: Points): void {
    const kind = Number.isNaN(y) ? 0 : y > 0 ? 1 : 2;
    const runStart = kind !== this.previousKind;
    this.previousKind = kind;
    if (!runStart) return;
    const bucket = Math.min(this.buckets - 1, Math.floor((i * this.buckets) / this.total));
    if (bucket <= this.lastBucket[kind]!) return;
    this.lastBucket[kind] = bucket;
    out.push(i, x, y);
  }
}
