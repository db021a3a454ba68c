// Space-Saving heavy hitters (Metwally, Agrawal & El Abbadi 2005, "Efficient computation of
// frequent and top-k elements in data streams"): at most `capacity` counters; an unmonitored
// category takes over the smallest counter and inherits its count as overestimation error.
// Every category with a true share above 1/capacity is monitored.

export interface TopCategory {
  readonly category: string;
  /** Upper bound of the true count. */
  readonly count: number;
  /** How much `count` may overestimate: count − error is a lower bound. */
  readonly error: number;
}

export class TopCategories {
  private readonly counters = new Map<string, { count: number; error: number }>();
  /** Stream-Summary: the categories of each count, so the smallest counter is found in O(1). */
  private readonly byCount = new Map<number, Set<string>>();
  private smallestCount = 0;

  constructor(readonly capacity: number) {}

  /** Starts from exact counts (keeps the largest `capacity`): their errors are zero. */
  static fromExactCounts(counts: ReadonlyMap<string, number>, capacity: number): TopCategories {
    const top = new TopCategories(capacity);
    const largest = [...counts].sort((a, b) => b[1] - a[1]).slice(0, capacity);
    for (const [category, count] of largest) top.track(category, count, 0);
    return top;
  }

  static fromJSON(capacity: number, entries: readonly TopCategory[]): TopCategories {
    const top = new TopCategories(capacity);
    for (const { category, count, error } of entries) top.track(category, count, error);
    return top;
  }

  /** Counts `weight` occurrences at once (weighted Space-Saving: the same guarantees per unit of weight). */
  add(category: string, weight = 1): void {
    const counter = this.counters.get(category);
    if (counter) {
      counter.count += weight;
      this.enter(category, counter.count);
      this.leave(category, counter.count - weight);
      return;
    }
    if (this.counters.size < this.capacity) {
      this.track(category, weight, 0);
      return;
    }
    const smallest = this.smallestCount;
    const victim = this.byCount.get(smallest)!.values().next().value as string;
    this.counters.delete(victim);
    this.track(category, smallest + weight, smallest);
    this.leave(victim, smallest);
  }

  /** Monitored categories, largest count first. */
  entries(): TopCategory[] {
    return [...this.counters]
      .map(([category, { count, error }]) => ({ category, count, error }))
      .sort((a, b) => b.count - a.count);
  }

  private track(category: string, count: number, error: number): void {
    this.counters.set(category, { count, error });
    this.enter(category, count);
  }

  private enter(category: string, count: number): void {
    let keys = this.byCount.get(count);
    if (!keys) this.byCount.set(count, (keys = new Set()));
    keys.add(category);
    if (this.counters.size === 1 || count < this.smallestCount) this.smallestCount = count;
  }

  /** A counter leaves its count (after entering its new one, so the next smallest count is usually count + 1). */
  private leave(category: string, count: number): void {
    const keys = this.byCount.get(count)!;
    keys.delete(category);
    if (keys.size > 0) return;
    this.byCount.delete(count);
    if (count !== this.smallestCount) return;
    this.smallestCount = this.byCount.has(count + 1) ? count + 1 : this.byCount.size === 0 ? 0 : Math.min(...this.byCount.keys());
  }
}
