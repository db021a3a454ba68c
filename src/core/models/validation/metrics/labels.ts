import { invalid } from '../../../errors';

/** A class label as a classifier emits it: int64 labels as numbers, string labels as strings. */
export type Label = number | string;

/**
 * sklearn's label order (`np.unique`, as `unique_labels` returns it): numbers ascending, strings by
 * code point. A mix of numbers and strings is an error, as in sklearn.
 */
export function sortLabels(labels: Iterable<Label>): Label[] {
  const all = [...labels];
  const numbers = all.filter((l): l is number => typeof l === 'number');
  if (numbers.length > 0 && numbers.length < all.length) {
    throw invalid(`Mix of label types (string and number): ${all.slice(0, 6).map((l) => JSON.stringify(l)).join(', ')}`);
  }
  if (numbers.length === all.length) return numbers.sort((a, b) => a - b);
  return (all as string[]).sort(compareCodePoints);
}

function compareCodePoints(a: string, b: string): number {
  const [x, y] = [Array.from(a, (c) => c.codePointAt(0)!), Array.from(b, (c) => c.codePointAt(0)!)];
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

/** Small integer ids for labels in order of first sight, so accumulators count in arrays. */
export class LabelIds {
  private readonly ids = new Map<Label, number>();
  readonly labels: Label[] = [];

  idOf(label: Label): number {
    // A few labels (the usual case): a scan beats hashing.
    if (this.labels.length <= 8) {
      for (let i = 0; i < this.labels.length; i++) if (this.labels[i] === label) return i;
    }
    let id = this.ids.get(label);
    if (id === undefined) {
      id = this.labels.length;
      this.ids.set(label, id);
      this.labels.push(label);
    }
    return id;
  }

  find(label: Label): number | undefined {
    return this.ids.get(label);
  }

  get size(): number {
    return this.labels.length;
  }
}
