import type { NamedOutput, OutputTensor } from './output-tensors';
import { rowWidth, splitsIntoRows } from './output-tensors';

const NUMBER = 0;
const BIGINT = 1;
const BOOL = 2;
type Kind = typeof NUMBER | typeof BIGINT | typeof BOOL;

/**
 * The JSON JSON.stringify writes for predictions-json.ts's values, written straight from the
 * output tensors into one string (no object per row, no array per cell) for the common outputs:
 * numbers, int64 and booleans, one value or one flat list per row (records), or of rank ≤ 2
 * (tensors). Undefined for anything else (class maps, strings, deeper nesting): the caller then
 * builds the values and stringifies them. Numbers print as JSON.stringify prints them (String(x);
 * NaN and ±Infinity as null).
 */
export function numericRecordsJson(outputs: readonly NamedOutput[], rowCount: number): string | undefined {
  if (!splitsIntoRows(outputs, rowCount)) return undefined;
  const count = outputs.length;
  const keys: string[] = [];
  const kinds: Kind[] = [];
  const widths: number[] = [];
  const data: ArrayLike<unknown>[] = [];
  const order = keyOrder(outputs);
  for (let c = 0; c < count; c++) {
    const output = outputs[order[c]!]!;
    const kind = kindOf(output);
    const width = rowWidth(output.tensor.dims);
    if (kind === undefined || (width !== 1 && output.tensor.dims.length !== 2)) return undefined;
    keys.push(`${c === 0 ? '{' : ','}${JSON.stringify(output.name)}:`);
    kinds.push(kind);
    widths.push(width);
    data.push(output.tensor.data as ArrayLike<unknown>);
  }
  let text = '[';
  for (let row = 0; row < rowCount; row++) {
    if (row > 0) text += ',';
    for (let c = 0; c < count; c++) {
      const width = widths[c]!;
      text += keys[c]!;
      text += width === 1 ? cell(data[c]![row], kinds[c]!) : list(data[c]!, row * width, width, kinds[c]!);
    }
    text += '}';
  }
  return `${text}]`;
}

/** One output as nested lists (rank 0 to 2), as outputListJson writes it; undefined for others. */
export function numericOutputJson(output: NamedOutput): string | undefined {
  const kind = kindOf(output);
  const dims = output.tensor.dims;
  if (kind === undefined || dims.length > 2) return undefined;
  const data = output.tensor.data as ArrayLike<unknown>;
  if (dims.length === 0) return cell(data[0], kind);
  if (dims.length === 1) return list(data, 0, dims[0]!, kind);
  const [rows, width] = dims as [number, number];
  let text = '[';
  for (let row = 0; row < rows; row++) text += (row > 0 ? ',' : '') + list(data, row * width, width, kind);
  return `${text}]`;
}

/**
 * The outputs' indices in the order an object keyed by their names lists them: integer-like names
 * first, ascending, then the others as inserted (what JSON.stringify of the built object writes).
 */
export function keyOrder(outputs: readonly NamedOutput[]): number[] {
  const index: Record<string, number> = {};
  outputs.forEach((output, i) => (index[output.name] = i));
  return Object.values(index);
}

function kindOf({ tensor, classes }: NamedOutput): Kind | undefined {
  if (classes) return undefined;
  return tensorKind(tensor);
}

function tensorKind(tensor: OutputTensor): Kind | undefined {
  switch (tensor.type) {
    case 'string':
      return undefined;
    case 'int64':
    case 'uint64':
      return BIGINT;
    case 'bool':
      return BOOL;
    default:
      return NUMBER;
  }
}

function list(data: ArrayLike<unknown>, offset: number, width: number, kind: Kind): string {
  let text = '[';
  for (let i = 0; i < width; i++) text += (i > 0 ? ',' : '') + cell(data[offset + i], kind);
  return `${text}]`;
}

function cell(value: unknown, kind: Kind): string {
  if (kind === BOOL) return value ? 'true' : 'false';
  const n = kind === BIGINT ? Number(value as bigint) : (value as number);
  // Finite numbers print as String(n), as JSON.stringify prints them; the others are null in JSON.
  return n - n === 0 ? `${n}` : 'null';
}
