import type { Column, ColumnChunk } from '../../table';
import type { CellValue } from './column-values';
import { numberCell, valueOfText } from './column-values';
import type { PlainValue } from './prediction-columns';

/** How one output format spells a cell: CSV/TSV fields or JSON values. */
export interface CellSpelling {
  value(value: CellValue | PlainValue): string;
}

/**
 * A chunk's rows as text, cell by cell from its columns: each category's spelling made once per
 * dictionary entry, numbers printed as the row reader's values print.
 */
export class ColumnRowsText {
  private readonly spelled = new Map<string, string[]>();

  constructor(private readonly spelling: CellSpelling) {}

  /** cells[k][r]: the spelling of row r of column k. */
  cells(chunk: ColumnChunk): string[][] {
    return chunk.columns.map((column) => this.columnCells(column, chunk.rowCount));
  }

  private columnCells(column: Column, rows: number): string[] {
    const out = new Array<string>(rows);
    if (column.kind === 'number') {
      const values = column.values;
      for (let r = 0; r < rows; r++) {
        const v = values[r]!;
        out[r] = v === v ? this.spelling.value(v) : this.spelling.value(numberCell(column, r));
      }
      return out;
    }
    let known = this.spelled.get(column.name);
    if (!known) this.spelled.set(column.name, (known = []));
    const missing = this.spelling.value(null);
    for (let r = 0; r < rows; r++) {
      const code = column.codes[r]!;
      out[r] = code < 0 ? missing : (known[code] ??= this.spelling.value(valueOfText(column.dictionary[code]!)));
    }
    return out;
  }
}
