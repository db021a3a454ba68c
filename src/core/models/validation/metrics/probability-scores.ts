import { invalid } from '../../../errors';
import { GrowableFloat64 } from './growable';

/**
 * Probability scores of each column, kept apart by the row's true label id: what ROC AUC needs to
 * rank, 8 bytes per column per row (16 MB per million rows of a binary model). The column → class
 * mapping is only needed at the end, so it may be learnt while scoring.
 */
export class ProbabilityScores {
  private readonly byColumn: Map<number, GrowableFloat64>[];
  private readonly seen = new Set<number>();

  constructor(readonly columns: number) {
    this.byColumn = Array.from({ length: columns }, () => new Map());
  }

  /** `probabilities` is row-major, `columns` values per row of `trueIds`. */
  add(trueIds: ArrayLike<number>, probabilities: ArrayLike<number>): void {
    checkShape(trueIds.length, probabilities.length, this.columns);
    for (let r = 0; r < trueIds.length; r++) {
      const t = trueIds[r]!;
      this.seen.add(t);
      for (let j = 0; j < this.columns; j++) {
        const p = probabilities[r * this.columns + j]!;
        if (Number.isNaN(p)) throw invalid(`probability column ${j} of row ${r + 1} in the batch is NaN`);
        let buffer = this.byColumn[j]!.get(t);
        if (!buffer) this.byColumn[j]!.set(t, (buffer = new GrowableFloat64()));
        buffer.push(p);
      }
    }
  }

  /** Label ids that occurred as a true label. */
  trueIds(): number[] {
    return [...this.seen];
  }

  of(column: number, trueId: number): Float64Array {
    return this.byColumn[column]!.get(trueId)?.view() ?? new Float64Array(0);
  }

  /** Column scores of every row whose true label id is not `trueId`. */
  ofOthers(column: number, trueId: number): Float64Array {
    const parts = [...this.byColumn[column]!].filter(([t]) => t !== trueId).map(([, b]) => b.view());
    const joined = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
    let offset = 0;
    for (const part of parts) {
      joined.set(part, offset);
      offset += part.length;
    }
    return joined;
  }
}

export function checkShape(rows: number, values: number, columns: number): void {
  if (values !== rows * columns) throw invalid(`probabilities hold ${values} values; ${rows} rows × ${columns} columns need ${rows * columns}`);
}
