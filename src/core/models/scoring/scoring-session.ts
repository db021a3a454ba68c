import * as ort from 'onnxruntime-node';
import type { OnnxSignature } from '../onnx';
import { readOnnxSignature } from '../onnx';
import type { ModelFeeds } from './model-feeds';
import { modelFeeds } from './model-feeds';
import type { ModelInterface } from './model-inputs';
import { modelInterface } from './model-inputs';
import type { NamedOutput } from './output-tensors';
import type { ScoringInput } from './request-formats';
import { badRequest } from './scoring-error';

export interface ScoringSessionOptions {
  /**
   * Threads onnxruntime may use inside one run; default 1. run() executes on the event loop's
   * thread, so a server gains nothing from more for small models, and idle pool threads spin.
   */
  intraOpThreads?: number;
}

export interface Prediction {
  outputs: NamedOutput[];
  rowCount: number;
  answer: ModelFeeds['answer'];
}

/** Refuses a model file: not ONNX, or ONNX that onnxruntime or the scoring code cannot load. */
export class ModelLoadError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'ModelLoadError';
  }
}

/** One loaded model: MLflow scoring inputs in, output tensors out. */
export class ScoringSession {
  private constructor(
    private readonly session: ort.InferenceSession,
    readonly signature: OnnxSignature,
    readonly model: ModelInterface,
  ) {}

  /** Checks the bytes, then loads them; the error says why a model is refused. */
  static async create(bytes: Uint8Array, options: ScoringSessionOptions = {}): Promise<ScoringSession> {
    let signature: OnnxSignature;
    let model: ModelInterface;
    try {
      signature = readOnnxSignature(bytes);
      model = modelInterface(signature);
    } catch (error) {
      throw new ModelLoadError((error as Error).message);
    }
    let session: ort.InferenceSession;
    try {
      session = await ort.InferenceSession.create(bytes, {
        intraOpNumThreads: options.intraOpThreads ?? 1,
        interOpNumThreads: 1,
        executionMode: 'sequential',
        logSeverityLevel: 3,
      });
    } catch (error) {
      throw new ModelLoadError(`onnxruntime cannot load the model: ${(error as Error).message}`);
    }
    return new ScoringSession(session, signature, model);
  }

  /** Feature names the model maps dataframe columns by, when it carries them. */
  get featureNames(): readonly string[] | null {
    return this.model.frameLayout.kind === 'table' ? this.model.frameLayout.featureNames : null;
  }

  /** Scores the input; `firstRow` numbers rows in error messages (for batches of a file). */
  predict(input: ScoringInput, firstRow = 0): Promise<Prediction> {
    // Not async: the parsed request is garbage once its tensors exist, and must not stay reachable
    // from a suspended frame while the run waits its turn (under load, dozens of requests do).
    let prepared: { tensors: Record<string, ort.Tensor>; rowCount: number; answer: Prediction['answer'] };
    try {
      prepared = this.tensorsOf(input, firstRow);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.run(prepared.tensors, prepared.rowCount, prepared.answer);
  }

  private tensorsOf(input: ScoringInput, firstRow: number) {
    const { feeds, rowCount, answer } = modelFeeds(input, this.model, firstRow);
    const tensors: Record<string, ort.Tensor> = {};
    for (const [name, feed] of Object.entries(feeds)) tensors[name] = new ort.Tensor(feed.element.ort, feed.data, feed.dims);
    return { tensors, rowCount, answer };
  }

  private async run(tensors: Record<string, ort.Tensor>, rowCount: number, answer: Prediction['answer']): Promise<Prediction> {
    let results: ort.InferenceSession.ReturnType;
    try {
      results = await this.session.run(tensors, this.model.outputs);
    } catch (error) {
      // MLflow answers an exception inside predict with BAD_REQUEST and this sentence.
      throw badRequest(`Encountered an unexpected error while evaluating the model. Verify that the input is compatible with the model for inference. Error: ${(error as Error).message}`);
    }
    const outputs = this.model.outputs.map((name) => ({ name, tensor: results[name] as ort.Tensor }));
    return { outputs, rowCount, answer };
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}
