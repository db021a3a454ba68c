import type { Label } from './metrics';
import { LabelIds } from './metrics/labels';

/**
 * Learns which class each probability column holds, since the signature does not say: a model's
 * label is the class of its highest probability (ArgMax, the first on a tie, in our builders and in
 * skl2onnx's converters), so each row votes for (its highest column, its label). A column no row
 * voted for is taken as class = column index when every voted column agrees with that (int labels
 * 0..C-1, the default). A model that declares its classes (class_labels metadata) is taken at its
 * word unless its own labels contradict it.
 */
export class ColumnClasses {
  private readonly ids = new LabelIds();
  /** votes[column][labelId], grown as labels appear. */
  private readonly votes: number[][];

  constructor(
    readonly columns: number,
    private readonly declared: readonly Label[] | null = null,
  ) {
    this.votes = Array.from({ length: columns }, () => []);
  }

  observe(labels: ArrayLike<Label>, probabilities: ArrayLike<number>): void {
    const width = this.columns;
    for (let r = 0; r < labels.length; r++) {
      let best = 0;
      for (let j = 1; j < width; j++) if (probabilities[r * width + j]! > probabilities[r * width + best]!) best = j;
      const votes = this.votes[best]!;
      const id = this.ids.idOf(labels[r]!);
      votes[id] = (votes[id] ?? 0) + 1;
    }
  }

  result(): { classes: (Label | undefined)[]; reason?: string } {
    const classes = this.votes.map((votes) => {
      let best: number | undefined;
      votes.forEach((count, id) => {
        if (count > 0 && (best === undefined || count > votes[best]!)) best = id;
      });
      return best === undefined ? undefined : this.ids.labels[best];
    });
    if (this.declared && this.declared.length === this.columns) {
      const wrong = classes.findIndex((c, j) => c !== undefined && c !== this.declared![j]);
      if (wrong < 0) return { classes: [...this.declared] };
      return { classes, reason: `the model's class_labels metadata puts ${JSON.stringify(this.declared[wrong])} in probability column ${wrong}, but it labels the rows where that column is highest ${JSON.stringify(classes[wrong])}` };
    }
    const clash = classes.findIndex((c, j) => c !== undefined && classes.indexOf(c) !== j);
    if (clash >= 0) return { classes, reason: `the model labels rows ${JSON.stringify(classes[clash])} whichever of probability columns ${classes.indexOf(classes[clash])} and ${clash} is highest, so which class each column holds is unclear` };
    const missing = classes.findIndex((c) => c === undefined);
    if (missing < 0) return { classes };
    if (classes.every((c, j) => c === undefined || c === j)) return { classes: classes.map((_, j) => j) };
    return { classes, reason: `the model predicted the class of probability column ${missing} for no row, so which class it holds is unknown` };
  }
}
