import { invalid } from '../../errors';
import type { Column, ColumnChunk } from '../../table';
import { CategoryValues, numberCell } from '../scoring/column-values';
import type { LabelIds } from './metrics/labels';
import { trueClass, trueValue } from './targets';

/**
 * Reads the label column of each batch: true classes as label ids (converted once per distinct
 * category, not per row), or a regressor's true values. Messages number rows from 1.
 */
export class LabelColumn {
  private readonly categories = new CategoryValues();
  /** Label id of each category code, once seen. */
  private readonly codeIds: number[] = [];

  constructor(readonly name: string) {}

  of(chunk: ColumnChunk): Column {
    const column = chunk.columns.find((c) => c.name === this.name);
    if (!column) throw invalid(`the data has no column "${this.name}" to take the labels from (its columns: ${chunk.columns.map((c) => `"${c.name}"`).join(', ')})`);
    return column;
  }

  classIds(chunk: ColumnChunk, kind: 'number' | 'string', ids: LabelIds, firstRow: number): Int32Array {
    const column = this.of(chunk);
    const out = new Int32Array(chunk.rowCount);
    if (column.kind === 'number') {
      const values = column.values;
      for (let r = 0; r < out.length; r++) {
        const v = values[r]!;
        out[r] = v !== v ? ids.idOf(trueClass(numberCell(column, r), kind, this.name, firstRow + r)) : ids.idOf(kind === 'number' ? v : String(v));
      }
      return out;
    }
    const codes = column.codes;
    for (let r = 0; r < out.length; r++) {
      const code = codes[r]!;
      let id = this.codeIds[code];
      if (id === undefined) {
        id = ids.idOf(trueClass(this.categories.of(column, code), kind, this.name, firstRow + r));
        if (code >= 0) this.codeIds[code] = id;
      }
      out[r] = id;
    }
    return out;
  }

  values(chunk: ColumnChunk, firstRow: number): Float64Array {
    const column = this.of(chunk);
    const out = new Float64Array(chunk.rowCount);
    for (let r = 0; r < out.length; r++) {
      const v = column.kind === 'number' ? numberCell(column, r) : this.categories.of(column, column.codes[r]!);
      out[r] = typeof v === 'number' && v === v && v !== Infinity && v !== -Infinity ? v : trueValue(v, this.name, firstRow + r);
    }
    return out;
  }
}
