import { InferenceSession, Tensor } from 'onnxruntime-node';
import { invalid } from '../../errors';
import { CLASS_LABELS_KEY, readOnnxSignature } from '../onnx';
import type { ModelInput } from '../scoring/model-inputs';
import { describeShape, modelInterface } from '../scoring/model-inputs';
import type { Label } from './metrics';
import type { OutputPlan } from './model-outputs';
import { planOutputs } from './model-outputs';

/** The model's single 2-D float input, and what names its columns. */
export interface FeatureInput {
  input: ModelInput;
  featureNames: string[] | null;
  featureCount: number | null;
}

export type ScoredBatch =
  | { task: 'classification'; labels: Label[]; probabilities: Float32Array | Float64Array; columns: number }
  | { task: 'regression'; values: Float32Array | Float64Array };

/** An onnxruntime session that scores feature batches and returns what validation reads. */
export class ValidationSession {
  private constructor(
    private readonly session: InferenceSession,
    readonly features: FeatureInput,
    readonly outputs: OutputPlan,
    /** The class of each probability column, when the model's class_labels metadata says. */
    readonly declaredClasses: Label[] | null,
  ) {}

  static async open(bytes: Uint8Array): Promise<ValidationSession> {
    const signature = readOnnxSignature(bytes);
    const { frameLayout } = modelInterface(signature);
    if (frameLayout.kind !== 'table' || frameLayout.input.element.kind !== 'float') {
      const inputs = signature.inputs.map((i) => `${i.name} ${i.elemType} ${describeShape(i.shape)}`).join(', ');
      throw invalid(`validation feeds one float input [N, features]; the model takes ${inputs}`);
    }
    const outputs = planOutputs(signature);
    // Warnings off: a converter-era model's initializer-as-input is expected, not news.
    const session = await InferenceSession.create(bytes, { logSeverityLevel: 3 });
    return new ValidationSession(session, frameLayout, outputs, declaredClasses(signature.metadata[CLASS_LABELS_KEY]));
  }

  /** Row-major features, `rows` × the model's width. */
  async score(features: Float32Array | Float64Array, rows: number): Promise<ScoredBatch> {
    const width = features.length / rows;
    const feed = { [this.features.input.name]: new Tensor(this.features.input.element.ort as 'float32', features, [rows, width]) };
    const plan = this.outputs;
    if (plan.task === 'regression') {
      const value = (await this.session.run(feed, [plan.value]))[plan.value]!;
      if (value.data.length !== rows) throw invalid(`the model's ${plan.value} output has ${value.data.length} values for ${rows} rows: validation supports one target`);
      return { task: 'regression', values: value.data as Float32Array | Float64Array };
    }
    const result = await this.session.run(feed, [plan.label, plan.probabilities]);
    const [label, probabilities] = [result[plan.label]!, result[plan.probabilities]!];
    const columns = probabilities.data.length / rows;
    if (probabilities.dims.length !== 2 || !Number.isInteger(columns) || columns < 2) {
      throw invalid(`the model's ${plan.probabilities} output has shape [${probabilities.dims.join(', ')}] for ${rows} rows; validation expects [rows, classes]`);
    }
    const labels: Label[] = plan.labelKind === 'string' ? [...(label.data as string[])] : Array.from(label.data as ArrayLike<number | bigint>, Number);
    return { task: 'classification', labels, probabilities: probabilities.data as Float32Array | Float64Array, columns };
  }

  release(): Promise<void> {
    return this.session.release();
  }
}

/** class_labels metadata as written by our builders: a JSON array of numbers or of strings; anything else is ignored. */
function declaredClasses(text: string | undefined): Label[] | null {
  if (text === undefined) return null;
  try {
    const value: unknown = JSON.parse(text);
    if (!Array.isArray(value) || value.length < 2) return null;
    if (value.every((v) => typeof v === 'string') || value.every((v) => typeof v === 'number')) return value as Label[];
  } catch {
    // not JSON: as if absent
  }
  return null;
}
