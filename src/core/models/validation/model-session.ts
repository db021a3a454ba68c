import type { InferenceSession, Tensor } from 'onnxruntime-node';
import { onnxRuntime } from '../onnx-runtime';
import { invalid } from '../../errors';
import type { ClassifiedBatch, OutputPlan, TaskHint } from '../heads';
import { ClassScores, modelHead } from '../heads';
import { modelFeeds } from '../scoring/model-feeds';
import type { ModelInterface } from '../scoring/model-inputs';
import { modelInterface } from '../scoring/model-inputs';
import { ScoringError } from '../scoring/scoring-error';
import { featureColumns } from './feature-columns';
import { decidedPlan } from './model-outputs';
import { numberOf } from '../scoring/cell-values';

/** The model's single 2-D input, and what names its columns. */
export type { FeatureInput } from './feature-columns';
import type { FeatureInput } from './feature-columns';

type Row = Record<string, unknown>;

export type ScoredBatch = ({ task: 'classification' } & ClassifiedBatch) | { task: 'regression'; values: Float32Array | Float64Array };

/** An onnxruntime session that scores batches of data rows and returns what validation reads. */
export class ValidationSession {
  private columns?: string[];

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
  async score(rows: readonly Row[], label: string, firstRow: number): Promise<ScoredBatch> {
    const feed = this.feeds(rows, label, firstRow);
    const plan = this.outputs;
    if (plan.task === 'regression') {
      const value = (await this.session.run(feed, [plan.value]))[plan.value]!;
      if (value.data.length !== rows.length) {
        throw invalid(`the model's ${plan.value} output has ${value.data.length} values for ${rows.length} rows: validation supports one regression target (a classifier? give --task classification [--classes a,b,…])`);
      }
      return { task: 'regression', values: value.data as Float32Array | Float64Array };
    }
    const scores = this.classScores!;
    return { task: 'classification', ...scores.read(await this.session.run(feed, scores.fetches), rows.length) };
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
