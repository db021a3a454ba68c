import { invalid } from '../../../errors';
import { GrowableFloat64, GrowableInt32 } from './growable';

/**
 * Probability scores of each column with each row's true label id: what ROC AUC needs to rank,
 * 8 bytes per column per row and 4 for the id (20 MB per million rows of a binary model). The
 * column → class mapping is only needed at the end, so it may be learnt while scoring.
 */
export class ProbabilityScores {
  private readonly byColumn: GrowableFloat64[];
  private readonly ids = new GrowableInt32();
  /** seen[id] = 1 once a row's true label id was `id`. */
  private seen: Uint8Array = new Uint8Array(16);

  constructor(readonly columns: number) {
    this.byColumn = Array.from({ length: columns }, () => new GrowableFloat64());
  }

  /** `probabilities` is row-major, `columns` values per row of `trueIds`. */
  add(trueIds: ArrayLike<number>, probabilities: ArrayLike<number>): void {
    checkShape(trueIds.length, probabilities.length, this.columns);
    const rows = trueIds.length;
    const width = this.columns;
    for (let j = 0; j < width; j++) {
      const column = this.byColumn[j]!;
      const data = column.reserve(rows);
      const from = column.length;
      for (let r = 0; r < rows; r++) {
        const p = probabilities[r * width + j]!;
        if (p !== p) throw invalid(`probability column ${j} of row ${r + 1} in the batch is NaN`);
        data[from + r] = p;
      }
      column.length += rows;
    }
    for (let r = 0; r < rows; r++) {
      const t = trueIds[r]!;
      if (t >= this.seen.length) this.seen = grown(this.seen, t + 1);
      this.seen[t] = 1;
    }
    this.ids.append(trueIds);
  }

  /** Label ids that occurred as a true label. */
  trueIds(): number[] {
    const ids: number[] = [];
    this.seen.forEach((seen, id) => seen && ids.push(id));
    return ids;
  }

  /** Every row's true label id, in the order rows were added. */
  allIds(): Int32Array {
    return this.ids.view();
  }

  /** Every row's score in a column, in the order rows were added. */
  column(column: number): Float64Array {
    return this.byColumn[column]!.view();
  }

  of(column: number, trueId: number): Float64Array {
    return this.select(column, trueId, true);
  }

  /** Column scores of every row whose true label id is not `trueId`. */
  ofOthers(column: number, trueId: number): Float64Array {
    return this.select(column, trueId, false);
  }

  private select(column: number, trueId: number, same: boolean): Float64Array {
    const ids = this.ids.view();
    const scores = this.byColumn[column]!.view();
    let count = 0;
    for (let r = 0; r < ids.length; r++) if ((ids[r] === trueId) === same) count++;
    const out = new Float64Array(count);
    for (let r = 0, k = 0; r < ids.length; r++) if ((ids[r] === trueId) === same) out[k++] = scores[r]!;
    return out;
  }
}

function grown(flags: Uint8Array, length: number): Uint8Array {
  const bigger = new Uint8Array(Math.max(length, flags.length * 2));
  bigger.set(flags);
  return bigger;
}

export function checkShape(rows: number, values: number, columns: number): void {
  if (values !== rows * columns) throw invalid(`probabilities hold ${values} values; ${rows} rows × ${columns} columns need ${rows * columns}`);
}
