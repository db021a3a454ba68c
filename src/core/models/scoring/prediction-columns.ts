import type { NamedOutput } from './output-tensors';
import { plainCellReader, rowWidth, splitsIntoRows } from './output-tensors';
import { doesNotFit } from './scoring-error';

export type PlainValue = number | string | boolean | bigint;

/** One output as table columns: a scalar per row, or `width` values per row. */
export interface PredictionColumn {
  /** The column's name in the output table (the output's, unless an input column has it). */
  name: string;
  width: number;
  /** The class of each of the `width` values, for class probabilities (columns NAME_CLASS, a JSON object per row). */
  keys?: string[];
  /** Value k (0 ≤ k < width) of row r. */
  value(row: number, k: number): PlainValue;
}

/** The outputs of a batch as columns; an output name that is also an input column becomes predicted_<name> (and so on). */
export function predictionColumns(outputs: readonly NamedOutput[], rowCount: number, inputColumns: ReadonlySet<string>): PredictionColumn[] {
  if (!splitsIntoRows(outputs, rowCount)) {
    const shapes = outputs.map((o) => `${o.name} [${o.tensor.dims.join(', ')}]`).join(', ');
    throw doesNotFit(`The model's outputs (${shapes}) do not have one slice per input row (${rowCount}), so they cannot be written beside the rows`);
  }
  return outputs.map(({ name, tensor, classes }) => {
    const width = rowWidth(tensor.dims);
    const read = plainCellReader(tensor);
    let column = name;
    while (inputColumns.has(column) || (width > 1 && inputColumns.has(`${column}_0`))) column = `predicted_${column}`;
    return { name: column, width, ...(classes && { keys: classes.map(String) }), value: (row, k) => read(row * width + k) };
  });
}
