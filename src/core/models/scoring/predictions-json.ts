import type { NamedOutput, OutputTensor } from './output-tensors';
import { rowWidth, splitsIntoRows } from './output-tensors';
import { keyOrder, numericOutputJson, numericRecordsJson } from './numeric-json';

/**
 * The value of "predictions", as MLflow's ONNX pyfunc flavour and predictions_to_json shape it:
 * `records`: one object per row keyed by output name (the DataFrame of outputs, records orient);
 * an output of one value per row is a scalar there (MLflow reshapes it to 1-D), a wider one a list
 * (where MLflow's own DataFrame construction fails). `tensors`: a dict of output name → nested
 * lists. Records fall back to tensors when an output is not one slice per row. NaN and ±Infinity
 * are written as null (JSON has no such numbers); int64 as numbers (exact up to 2^53).
 */
export function predictionsJson(outputs: readonly NamedOutput[], rowCount: number, answer: 'records' | 'tensors'): string {
  return directJson(outputs, rowCount, answer) ?? JSON.stringify(predictionsValue(outputs, rowCount, answer));
}

/**
 * The whole answer, `{"predictions":…}`: written straight from the tensors when they are plain
 * numbers (numeric-json.ts), else in one JSON.stringify. Its value starts at ANSWER_PREFIX.length
 * and ends one character before the end.
 */
export function answerJson(outputs: readonly NamedOutput[], rowCount: number, answer: 'records' | 'tensors'): string {
  const direct = directJson(outputs, rowCount, answer);
  return direct !== undefined ? `${ANSWER_PREFIX}${direct}}` : JSON.stringify({ predictions: predictionsValue(outputs, rowCount, answer) });
}

/** The predictions value written without building it, when numeric-json.ts can. */
function directJson(outputs: readonly NamedOutput[], rowCount: number, answer: 'records' | 'tensors'): string | undefined {
  if (answer === 'records' && splitsIntoRows(outputs, rowCount)) return numericRecordsJson(outputs, rowCount);
  let text = '{';
  for (const i of keyOrder(outputs)) {
    const output = outputs[i]!;
    const json = numericOutputJson(output);
    if (json === undefined) return undefined;
    text += `${text.length > 1 ? ',' : ''}${JSON.stringify(output.name)}:${json}`;
  }
  return `${text}}`;
}

export const ANSWER_PREFIX = '{"predictions":';

/** One output as the nested lists (or maps of class probabilities) the `tensors` answer holds it as. */
export function outputListJson(output: NamedOutput): string {
  return numericOutputJson(output) ?? JSON.stringify(outputValue(output));
}

function outputValue({ tensor, classes }: NamedOutput): unknown {
  if (!classes) return nested(plainValues(tensor), 0, tensor.dims);
  const rows = tensor.dims[0] ?? 0;
  const maps: Record<string, unknown>[] = [];
  for (let row = 0; row < rows; row++) maps.push(classMap(tensor.data as ArrayLike<unknown>, row, classes));
  return maps;
}

/** Row `row` of a [N, C] tensor of class probabilities as {class: probability}, as onnxruntime's Python API returns a ZipMap's output. */
function classMap(data: ArrayLike<unknown>, row: number, classes: readonly (number | string)[]): Record<string, unknown> {
  const width = classes.length;
  const map: Record<string, unknown> = {};
  for (let k = 0; k < width; k++) map[String(classes[k])] = data[row * width + k];
  return map;
}

// Plain arrays and objects through one JSON.stringify: it formats numbers about twice as fast as
// String(x) per element does. Arrays are filled by push: a `new Array(n)` is holey, which
// JSON.stringify walks more slowly.
function predictionsValue(outputs: readonly NamedOutput[], rowCount: number, answer: 'records' | 'tensors'): unknown {
  return answer === 'records' && splitsIntoRows(outputs, rowCount) ? records(outputs, rowCount) : tensors(outputs);
}

function records(outputs: readonly NamedOutput[], rowCount: number): Record<string, unknown>[] {
  const names = outputs.map((o) => o.name);
  const data = outputs.map((o) => o.tensor.data as ArrayLike<unknown>);
  const kinds = outputs.map((o) => kindOf(o.tensor));
  const widths = outputs.map((o) => rowWidth(o.tensor.dims));
  const inners = outputs.map((o) => o.tensor.dims.slice(1));
  const classes = outputs.map((o) => o.classes);
  const rows: Record<string, unknown>[] = [];
  for (let row = 0; row < rowCount; row++) {
    const record: Record<string, unknown> = {};
    for (let c = 0; c < names.length; c++) {
      const width = widths[c] as number;
      const kind = kinds[c] as Kind;
      const column = data[c] as ArrayLike<unknown>;
      if (classes[c]) record[names[c] as string] = classMap(column, row, classes[c]!);
      else if (width === 1) record[names[c] as string] = kind === NUMBER ? column[row] : plain(column[row], kind);
      else if (inners[c]!.length === 1) record[names[c] as string] = rowList(column, row * width, width, kind);
      else record[names[c] as string] = nested(plainValues(outputs[c]!.tensor), row * width, inners[c]!);
    }
    rows.push(record);
  }
  return rows;
}

/** One row of a [N, width] output as a packed array (literals for the common small widths). */
function rowList(column: ArrayLike<unknown>, offset: number, width: number, kind: Kind): unknown[] {
  if (kind === NUMBER && width === 2) return [column[offset], column[offset + 1]];
  if (kind === NUMBER && width === 3) return [column[offset], column[offset + 1], column[offset + 2]];
  const list: unknown[] = [];
  for (let i = offset; i < offset + width; i++) list.push(kind === NUMBER ? column[i] : plain(column[i], kind));
  return list;
}

const NUMBER = 0;
const BIGINT = 1;
const BOOL = 2;
type Kind = typeof NUMBER | typeof BIGINT | typeof BOOL;

function kindOf(tensor: OutputTensor): Kind {
  return tensor.type === 'int64' || tensor.type === 'uint64' ? BIGINT : tensor.type === 'bool' ? BOOL : NUMBER;
}

function plain(value: unknown, kind: Kind): unknown {
  return kind === BIGINT ? Number(value as bigint) : kind === BOOL ? Boolean(value) : value;
}

function slice(values: ArrayLike<unknown>, offset: number, count: number): unknown[] {
  const list: unknown[] = [];
  for (let i = 0; i < count; i++) list.push(values[offset + i]);
  return list;
}

function tensors(outputs: readonly NamedOutput[]): Record<string, unknown> {
  const dict: Record<string, unknown> = {};
  for (const output of outputs) dict[output.name] = outputValue(output);
  return dict;
}

/** The elements as values JSON.stringify writes: numbers (typed arrays read as such), booleans, strings. */
function plainValues(tensor: OutputTensor): ArrayLike<unknown> {
  switch (tensor.type) {
    case 'int64':
    case 'uint64':
      return Array.from(tensor.data as ArrayLike<bigint>, Number);
    case 'bool':
      return Array.from(tensor.data as ArrayLike<number>, Boolean);
    default:
      return tensor.data as ArrayLike<unknown>;
  }
}

/** The block of `dims` starting at element `offset`, as nested plain arrays. */
function nested(values: ArrayLike<unknown>, offset: number, dims: readonly number[]): unknown {
  if (dims.length === 0) return values[offset];
  const count = dims[0] as number;
  if (dims.length === 1) return slice(values, offset, count);
  const inner = dims.slice(1);
  const stride = inner.reduce((a, b) => a * b, 1);
  const list: unknown[] = [];
  for (let i = 0; i < count; i++) list.push(nested(values, offset + i * stride, inner));
  return list;
}
