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

  constructor(readonly capacity: number) {}

  /** Starts from exact counts (keeps the largest `capacity`): their errors are zero. */
  static fromExactCounts(counts: ReadonlyMap<string, number>, capacity: number): TopCategories {
    const top = new TopCategories(capacity);
    const largest = [...counts].sort((a, b) => b[1] - a[1]).slice(0, capacity);
    for (const [category, count] of largest) top.counters.set(category, { count, error: 0 });
    return top;
  }

  static fromJSON(capacity: number, entries: readonly TopCategory[]): TopCategories {
    const top = new TopCategories(capacity);
    for (const { category, count, error } of entries) top.counters.set(category, { count, error });
    return top;
  }

  add(category: string): void {
    const counter = this.counters.get(category);
    if (counter) {
      counter.count++;
      return;
    }
    if (this.counters.size < this.capacity) {
      this.counters.set(category, { count: 1, error: 0 });
      return;
    }
    let smallestCategory = '';
    let smallest = Infinity;
    for (const [key, { count }] of this.counters) {
      if (count < smallest) {
        smallest = count;
        smallestCategory = key;
      }
    }
    this.counters.delete(smallestCategory);
    this.counters.set(category, { count: smallest + 1, error: smallest });
  }

  /** Monitored categories, largest count first. */
  entries(): TopCategory[] {
    return [...this.counters]
      .map(([category, { count, error }]) => ({ category, count, error }))
      .sort((a, b) => b.count - a.count);
  }
}
