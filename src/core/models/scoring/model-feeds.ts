import type { ElementType } from './element-types';
import type { Frame } from './frame';
import { columnNamesOf, columnsFrame, fillFromColumns, missingColumns, rowCountOf } from './frame';
import type { ModelInput, ModelInterface } from './model-inputs';
import { describeShape } from './model-inputs';
import type { TensorData } from './nested-tensor';
import { checkShape, tensorFromNested } from './nested-tensor';
import type { NumericTargets } from './numeric-body';
import type { FloatRowsInput, ScoringInput } from './request-formats';
import { doesNotFit } from './scoring-error';

export interface Feed extends TensorData {
  element: ElementType;
}

/**
 * The tensors for one request, and how to answer: MLflow's ONNX flavour returns a DataFrame (one
 * record per row) for DataFrame input, and a dict of output tensors for tensor or dict input.
 */
export interface ModelFeeds {
  feeds: Record<string, Feed>;
  rowCount: number;
  answer: 'records' | 'tensors';
}

/** `firstRow` numbers the rows in messages (a batch of a file starts past row 0). */
export function modelFeeds(input: ScoringInput, model: ModelInterface, firstRow = 0): ModelFeeds {
  switch (input.kind) {
    case 'frame':
      return { ...frameFeeds(input.frame, model, firstRow), answer: 'records' };
    case 'tensor':
      return { ...tensorFeeds(input.value, model, firstRow), answer: 'tensors' };
    case 'named':
      return { ...namedFeeds(input.values, model, firstRow), answer: 'tensors' };
    case 'floats':
      return input.columns === null ? { ...floatTensorFeeds(input, model), answer: 'tensors' } : { ...floatFrameFeeds(input, input.columns, model), answer: 'records' };
  }
}

/**
 * Which numeric bodies the model takes straight as float32 (see parseNumericBody): frames when its
 * columns fill one float32 table input, tensors when it has one float32 input. Others are parsed
 * as JSON, so their cells convert exactly as they always have.
 */
export function numericTargets(model: ModelInterface): NumericTargets {
  const layout = model.frameLayout;
  return { frame: layout.kind === 'table' && layout.input.element.ort === 'float32', tensor: model.inputs.length === 1 && model.inputs[0]!.element.ort === 'float32' };
}

/** frameFeeds for a numeric dataframe_split: the same checks and messages, the rows already float32. */
function floatFrameFeeds(input: FloatRowsInput, names: string[], model: ModelInterface): Omit<ModelFeeds, 'answer'> {
  const layout = model.frameLayout;
  if (layout.kind !== 'table' || layout.input.element.ort !== 'float32') throw new Error('a numeric body reached a model that does not take float32 rows');
  // Column checks read only the names; the rows are not needed for them.
  const frame: Frame = { kind: 'rows', columns: names, rows: [] };
  const columns = layout.featureNames ?? columnsByPosition(frame, layout.featureCount);
  requireColumns(frame, columns);
  checkBatch(layout.input, input.rows);
  const index = columns.map((name) => names.indexOf(name));
  const inOrder = index.length === input.width && index.every((position, k) => position === k);
  const data = inOrder ? input.data : pickColumns(input, index);
  return { feeds: { [layout.input.name]: { element: layout.input.element, data, dims: [input.rows, columns.length] } }, rowCount: input.rows };
}

function pickColumns(input: FloatRowsInput, index: readonly number[]): Float32Array {
  const width = index.length;
  const data = new Float32Array(input.rows * width);
  for (let r = 0, i = 0; r < input.rows; r++) for (let k = 0; k < width; k++, i++) data[i] = input.data[r * input.width + index[k]!]!;
  return data;
}

/** tensorFeeds for a numeric 2-D `inputs`/`instances` list. */
function floatTensorFeeds(input: FloatRowsInput, model: ModelInterface): Omit<ModelFeeds, 'answer'> {
  const only = model.inputs.length === 1 ? model.inputs[0]! : undefined;
  if (only?.element.ort !== 'float32') throw new Error('a numeric body reached a model that does not take one float32 input');
  const dims = [input.rows, input.width];
  checkShape(dims, only);
  return { feeds: { [only.name]: { element: only.element, data: input.data, dims } }, rowCount: input.rows };
}

function frameFeeds(frame: Frame, model: ModelInterface, firstRow = 0): Omit<ModelFeeds, 'answer'> {
  const rowCount = rowCountOf(frame);
  const layout = model.frameLayout;
  if (layout.kind === 'table') {
    const columns = layout.featureNames ?? columnsByPosition(frame, layout.featureCount);
    requireColumns(frame, columns);
    checkBatch(layout.input, rowCount);
    const data = layout.input.element.allocate(rowCount * columns.length);
    fillFromColumns(frame, columns, data, layout.input.element, firstRow);
    return { feeds: { [layout.input.name]: { element: layout.input.element, data, dims: [rowCount, columns.length] } }, rowCount };
  }
  const names = model.inputs.map((input) => input.name);
  const only = model.inputs.length === 1 ? model.inputs[0] : undefined;
  const frameColumns = columnNamesOf(frame);
  // One input fed from a one-column frame takes that column, whatever its name.
  const columnOf = (input: ModelInput) => (only && frameColumns.length === 1 ? frameColumns[0]! : input.name);
  if (!(only && frameColumns.length === 1)) requireColumns(frame, names);
  const feeds: Record<string, Feed> = {};
  for (const input of model.inputs) {
    const dims = columnDims(input, rowCount);
    checkBatch(input, rowCount);
    const data = input.element.allocate(rowCount);
    fillFromColumns(frame, [columnOf(input)], data, input.element, firstRow);
    feeds[input.name] = { element: input.element, data, dims };
  }
  return { feeds, rowCount };
}

function tensorFeeds(value: unknown, model: ModelInterface, firstRow: number): Omit<ModelFeeds, 'answer'> {
  if (model.inputs.length !== 1) {
    throw doesNotFit(`This model has ${model.inputs.length} inputs (${model.inputs.map((i) => `'${i.name}'`).join(', ')}); send 'inputs' as a dict of tensors by input name`);
  }
  const input = model.inputs[0]!;
  const tensor = tensorFromNested(value, input, firstRow);
  return { feeds: { [input.name]: { element: input.element, ...tensor } }, rowCount: tensor.dims[0] ?? 1 };
}

function namedFeeds(values: Record<string, unknown>, model: ModelInterface, firstRow: number): Omit<ModelFeeds, 'answer'> {
  const names = model.inputs.map((input) => input.name);
  const absent = names.filter((name) => !Object.hasOwn(values, name));
  if (absent.length > 0 && model.frameLayout.kind === 'table') return frameFeeds(columnsFrame(values), model, firstRow);
  if (absent.length > 0) throw missingInputs(absent, Object.keys(values).filter((k) => !names.includes(k)));
  const feeds: Record<string, Feed> = {};
  for (const input of model.inputs) feeds[input.name] = { element: input.element, ...tensorFromNested(values[input.name], input, firstRow) };
  return { feeds, rowCount: Object.values(feeds)[0]?.dims[0] ?? 1 };
}

function columnsByPosition(frame: Frame, featureCount: number | null): string[] {
  const columns = columnNamesOf(frame);
  if (featureCount !== null && columns.length !== featureCount) {
    throw doesNotFit(`The model takes ${featureCount} features by position (it has no feature_names metadata); got ${columns.length} columns`);
  }
  return columns;
}

function requireColumns(frame: Frame, wanted: readonly string[]): void {
  const missing = missingColumns(frame, wanted);
  if (missing.length === 0) return;
  const extra = columnNamesOf(frame).filter((name) => !wanted.includes(name));
  throw missingInputs(missing, extra);
}

/** MLflow's schema-enforcement message. */
function missingInputs(missing: string[], extra: string[]) {
  const list = (names: string[]) => `[${names.map((n) => `'${n}'`).join(', ')}]`;
  return doesNotFit(`Model is missing inputs ${list(missing)}.${extra.length > 0 ? ` Note that there were extra inputs: ${list(extra)}` : ''}`);
}

function columnDims(input: ModelInput, rowCount: number): number[] {
  const shape = input.shape;
  if (shape === null || shape.length === 1) return [rowCount];
  if (shape.length === 2 && (shape[1] === 1 || shape[1] === null || typeof shape[1] === 'string')) return [rowCount, 1];
  throw doesNotFit(`Input '${input.name}' has shape ${describeShape(shape)}, which one dataframe column cannot fill; send it in 'inputs' as a tensor`);
}

function checkBatch(input: ModelInput, rowCount: number): void {
  const batch = input.shape?.[0];
  if (typeof batch === 'number' && batch !== rowCount) {
    throw doesNotFit(`Input '${input.name}' expects shape ${describeShape(input.shape)}: batches of exactly ${batch} rows; got ${rowCount}`);
  }
}
