import type * as ort from 'onnxruntime-node';
import { onnxRuntime } from '../onnx-runtime';
import type { ClassLabel, OutputPlan, TaskHint, UndecidedPlan } from '../heads';
import { ClassScores, columnsOf, hintFlags, modelHead } from '../heads';
import type { OnnxSignature } from '../onnx';
import { ClassifierOutputs } from './classifier-outputs';
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
  /** What the model predicts, when its outputs and metadata do not say (--task/--classes, or the version's tags). */
  hint?: TaskHint;
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
    /** How the model's predictions read; task null when it cannot tell (its outputs are then answered as they are). */
    readonly plan: OutputPlan | UndecidedPlan,
    private readonly classifier: ClassifierOutputs,
  ) {}

  /** Checks the bytes, then loads them; the error says why a model is refused. */
  static async create(bytes: Uint8Array, options: ScoringSessionOptions = {}): Promise<ScoringSession> {
    let head: ReturnType<typeof modelHead>;
    let model: ModelInterface;
    try {
      head = modelHead(bytes, options.hint);
      model = modelInterface(head.signature);
      checkClassCount(head.signature, head.plan);
    } catch (error) {
      throw new ModelLoadError((error as Error).message);
    }
    let session: ort.InferenceSession;
    try {
      session = await onnxRuntime().InferenceSession.create(head.bytes, {
        intraOpNumThreads: options.intraOpThreads ?? 1,
        interOpNumThreads: 1,
        executionMode: 'sequential',
        logSeverityLevel: 3,
      });
    } catch (error) {
      throw new ModelLoadError(`onnxruntime cannot load the model: ${(error as Error).message}`);
    }
    const plan = head.plan;
    const classifier = new ClassifierOutputs(head.signature, plan, plan.task === 'classification' ? new ClassScores(plan) : undefined);
    return new ScoringSession(session, head.signature, model, plan, classifier);
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
    for (const [name, feed] of Object.entries(feeds)) tensors[name] = new (onnxRuntime().Tensor)(feed.element.ort, feed.data, feed.dims);
    return { tensors, rowCount, answer };
  }

  private async run(tensors: Record<string, ort.Tensor>, rowCount: number, answer: Prediction['answer']): Promise<Prediction> {
    let results: ort.InferenceSession.ReturnType;
    try {
      results = await this.session.run(tensors, this.fetches);
    } catch (error) {
      // MLflow answers an exception inside predict with BAD_REQUEST and this sentence.
      throw badRequest(`Encountered an unexpected error while evaluating the model. Verify that the input is compatible with the model for inference. Error: ${(error as Error).message}`);
    }
    const raw = this.model.outputs.map((name) => ({ name, tensor: results[name] as ort.Tensor }));
    let outputs: NamedOutput[];
    try {
      outputs = this.classifier.present(raw, results, rowCount);
    } catch (error) {
      throw badRequest(`Cannot read the model's class scores: ${(error as Error).message}`);
    }
    return { outputs, rowCount, answer };
  }

  private get fetches(): string[] {
    return [...new Set([...this.model.outputs, ...this.classifier.fetches])];
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}

/** A scores model whose width is fixed must be given one class per column (two for one sigmoid column). */
function checkClassCount(signature: OnnxSignature, plan: OutputPlan | UndecidedPlan): void {
  if (plan.task !== 'classification' || plan.source !== 'scores' || !plan.classes) return;
  const output = signature.outputs.find((o) => o.name === plan.scores);
  const width = output ? columnsOf(output) : null;
  const wanted = width === 1 ? 2 : width;
  if (wanted !== null && plan.classes.length !== wanted) throw new Error(`the model's ${plan.scores} output scores ${wanted} classes, but ${plan.classes.length} are given (${hintFlags({ classes: plan.classes as ClassLabel[] })})`);
}
