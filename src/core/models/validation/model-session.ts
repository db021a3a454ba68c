import type { InferenceSession, Tensor } from 'onnxruntime-node';
import { onnxRuntime } from '../onnx-runtime';
import { invalid } from '../../errors';
import type { ClassificationPlan, ClassifiedBatch, ClassLabel, OutputPlan, TaskHint } from '../heads';
import { ClassScores, modelHead } from '../heads';
import { modelFeeds } from '../scoring/model-feeds';
import type { ModelInterface } from '../scoring/model-inputs';
import { modelInterface } from '../scoring/model-inputs';
import { ScoringError } from '../scoring/scoring-error';
import { featureColumns } from './feature-columns';
import { decidedPlan } from './model-outputs';
import { numberOf } from '../scoring/cell-values';
import { int64AsFloat64 } from '../scoring/int64-numbers';
import type { OutputTensor } from '../scoring/output-tensors';
import { CategoryValues, cellsOf } from '../scoring/column-values';
import type { ColumnChunk } from '../../table';
import { floatFeaturesOfColumns } from './column-features';

/** The model's single 2-D input, and what names its columns. */
export type { FeatureInput } from './feature-columns';
import type { FeatureInput } from './feature-columns';

type Row = Record<string, unknown>;

/** A classifier's batch; its labels may be a typed array (integer labels read as doubles). */
export type ScoredClasses = Omit<ClassifiedBatch, 'labels'> & { labels: ArrayLike<ClassLabel> };

export type ScoredBatch = ({ task: 'classification' } & ScoredClasses) | { task: 'regression'; values: Float32Array | Float64Array };

/** An onnxruntime session that scores batches of data rows and returns what validation reads. */
export class ValidationSession {
  private columns?: string[];
  private readonly categoryValues = new Map<string, CategoryValues>();
  private features?: Float32Array | Float64Array;

  private constructor(
    private readonly session: InferenceSession,
    readonly model: ModelInterface,
    readonly outputs: OutputPlan,
    private readonly classScores: ClassScores | undefined,
  ) {}

  static async open(bytes: Uint8Array, hint: TaskHint = {}): Promise<ValidationSession> {
    const head = modelHead(bytes, hint);
    const plan = decidedPlan(head.plan);
    let model: ModelInterface;
    try {
      model = modelInterface(head.signature);
    } catch (error) {
      if (error instanceof ScoringError) throw invalid(`validation cannot feed the model: ${error.message}`);
      throw error;
    }
    // Warnings off: a converter-era model's initializer-as-input is expected, not news.
    const session = await onnxRuntime().InferenceSession.create(head.bytes, { logSeverityLevel: 3 });
    return new ValidationSession(session, model, plan, plan.task === 'classification' ? new ClassScores(plan) : undefined);
  }

  /** Numbers or strings: how the data's label column is read. */
  get labelKind(): 'number' | 'string' {
    const plan = this.outputs;
    if (plan.task === 'regression') return 'number';
    if (plan.source === 'labelled') return plan.labelKind;
    return plan.classes?.some((c) => typeof c === 'string') ? 'string' : 'number';
  }

  /** `firstRow` is the 1-based data row number of `rows[0]`, for messages. */
  score(rows: readonly Row[], label: string, firstRow: number): Promise<ScoredBatch> {
    return this.run(this.feeds(rows, label, firstRow), rows.length);
  }

  /** A batch of columns; `firstRow` is the 1-based data row number of its first row, for messages. */
  scoreColumns(chunk: ColumnChunk, label: string, firstRow: number): Promise<ScoredBatch> {
    return this.run(this.columnFeeds(chunk, label, firstRow), chunk.rowCount);
  }

  private async run(feed: Record<string, Tensor>, rows: number): Promise<ScoredBatch> {
    const plan = this.outputs;
    if (plan.task === 'regression') {
      const value = (await this.session.run(feed, [plan.value]))[plan.value]!;
      if (value.data.length !== rows) {
        throw invalid(`the model's ${plan.value} output has ${value.data.length} values for ${rows} rows: validation supports one regression target (a classifier? give --task classification [--classes a,b,…])`);
      }
      return { task: 'regression', values: value.data as Float32Array | Float64Array };
    }
    const scores = this.classScores!;
    const results: Record<string, OutputTensor> = await this.session.run(feed, scores.fetches);
    if (scores.plan.source === 'labelled') return { task: 'classification', ...labelledBatch(scores.plan, results, rows) };
    return { task: 'classification', ...scores.read(results, rows) };
  }

  private columnFeeds(chunk: ColumnChunk, label: string, firstRow: number): Record<string, Tensor> {
    const layout = this.model.frameLayout;
    const names = chunk.columns.map((c) => c.name);
    if (layout.kind === 'table' && layout.input.element.kind === 'float') {
      this.columns ??= featureColumns(layout, names, label);
      // One buffer for every batch: a run has read it by the time the next batch is filled.
      const data = asDomainError(() => floatFeaturesOfColumns(chunk, this.columns!, layout, firstRow, this.features));
      this.features = data.length > (this.features?.length ?? 0) ? data : this.features;
      return { [layout.input.name]: new (onnxRuntime().Tensor)(layout.input.element.ort as 'float32', data, [chunk.rowCount, this.columns.length]) };
    }
    // Other inputs (integers, strings, several named inputs) go the records way: rarer, and slower.
    const cells = chunk.columns.map((column) => cellsOf(column, this.categoryValuesOf(column.name)));
    const rows = Array.from({ length: chunk.rowCount }, (_, r) => Object.fromEntries(names.map((name, k) => [name, cells[k]![r]])));
    return this.feeds(rows, label, firstRow);
  }

  private categoryValuesOf(column: string): CategoryValues {
    let values = this.categoryValues.get(column);
    if (!values) this.categoryValues.set(column, (values = new CategoryValues()));
    return values;
  }

  private feeds(rows: readonly Row[], label: string, firstRow: number): Record<string, Tensor> {
    const layout = this.model.frameLayout;
    if (!rows.some((row) => Object.hasOwn(row, label))) throw invalid(`the data has no column "${label}" to take the labels from (its columns: ${Object.keys(rows[0] ?? {}).join(', ')})`);
    if (layout.kind === 'table' && layout.input.element.kind === 'float') {
      this.columns ??= featureColumns(layout, Object.keys(rows[0]!), label);
      return { [layout.input.name]: new (onnxRuntime().Tensor)(layout.input.element.ort as 'float32', floatFeatures(rows, this.columns, layout, firstRow), [rows.length, this.columns.length]) };
    }
    let records: readonly Row[] = rows;
    if (layout.kind === 'table') {
      this.columns ??= featureColumns(layout, Object.keys(rows[0]!), label);
      const columns = this.columns;
      records = rows.map((row) => Object.fromEntries(columns.map((c) => [c, row[c]])));
    }
    try {
      const { feeds } = modelFeeds({ kind: 'frame', frame: { kind: 'records', records: records as Row[] } }, this.model, firstRow);
      return Object.fromEntries(Object.entries(feeds).map(([name, f]) => [name, new (onnxRuntime().Tensor)(f.element.ort as 'float32', f.data as Float32Array, f.dims)]));
    } catch (error) {
      if (error instanceof ScoringError) throw invalid(error.message);
      throw error;
    }
  }

  release(): Promise<void> {
    return this.session.release();
  }
}

/**
 * ClassScores.read of a model with a label output, without an array of labels: integer labels as
 * doubles read in one loop (not a BigInt per row), string labels as they come.
 */
function labelledBatch(plan: Extract<ClassificationPlan, { source: 'labelled' }>, results: Record<string, OutputTensor>, rows: number): ScoredClasses {
  const [label, probabilities] = [int64AsFloat64(results[plan.label]!), results[plan.probabilities]!];
  const columns = probabilities.data.length / rows;
  if (probabilities.dims.length !== 2 || !Number.isInteger(columns) || columns < 2) {
    throw invalid(`the model's ${plan.probabilities} output has shape [${probabilities.dims.join(', ')}] for ${rows} rows; expected [rows, classes]`);
  }
  const labels = label.data instanceof BigInt64Array ? Array.from(label.data, Number) : (label.data as ArrayLike<ClassLabel>);
  return { labels, probabilities: probabilities.data as Float32Array | Float64Array, columns, classes: plan.classes };
}

/** A feature the model cannot take (a ScoringError) as the DomainError validation reports. */
function asDomainError<T>(make: () => T): T {
  try {
    return make();
  } catch (error) {
    if (error instanceof ScoringError) throw invalid(error.message);
    throw error;
  }
}

function floatFeatures(rows: readonly Row[], columns: readonly string[], layout: FeatureInput, firstRow: number): Float32Array | Float64Array {
  const width = columns.length;
  const target = layout.input.element.allocate(rows.length * width) as Float32Array | Float64Array;
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    for (let k = 0; k < width; k++) {
      const value = row[columns[k]!];
      target[r * width + k] = typeof value === 'number' ? value : numberOf(value, { column: columns[k]!, row: firstRow + r });
    }
  }
  return target;
}
