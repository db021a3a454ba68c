import { createHash } from 'node:crypto';
import { invalid } from '../../errors';
import type { TaskHint } from '../heads';
import { md5File } from '../../data';
import { columnBatches } from '../scoring/column-batches';
import type { Check, Criterion } from './criteria';
import { checkCriteriaTask, compareWithBaseline, evaluateCriteria } from './criteria';
import type { Metrics } from './metrics';
import { describeTask } from './metric-names';
import { ModelEvaluator } from './model-evaluator';
import { ValidationSession } from './model-session';
import type { ModelRef, ValidationReport } from './report';
import { describeModel } from './report';

export const DEFAULT_BATCH_SIZE = 16384;
/** Files from this size are hashed in a worker thread, off the thread that scores. */
const MD5_WORKER_ABOVE = 4 << 20;

export interface ModelToValidate {
  ref: ModelRef;
  /** The ONNX model file's bytes. */
  bytes: Uint8Array;
  /** What the model predicts, when its outputs and metadata do not say (--task/--classes, or the version's tags). */
  hint?: TaskHint;
}

export interface ValidationRequest {
  model: ModelToValidate;
  /** A CSV, TSV, JSONL or Parquet file. */
  data: string;
  /** How the report names the data file; `data` by default. */
  dataName?: string;
  /** The column holding the true labels (or values, for a regressor). */
  label: string;
  criteria?: readonly Criterion[];
  /** Scored on the same rows; each metric may be at most `maxRegression` worse than the baseline's. */
  baseline?: ModelToValidate;
  maxRegression?: number;
  batchSize?: number;
  /** The rows of `data` as records (the reader before the columnar one, for comparison); column chunks when absent. */
  rows?: (path: string) => AsyncIterable<Record<string, unknown>>;
}

/**
 * Scores a data file with a model (and its baseline, in the same pass), batch by batch, computes the
 * task's metrics, and checks them against the criteria and the baseline.
 */
export async function validateModel(request: ValidationRequest): Promise<ValidationReport> {
  const started = new Date();
  const t0 = performance.now();
  const models = request.baseline ? [request.model, request.baseline] : [request.model];
  const sessions: ValidationSession[] = [];
  try {
    for (const model of models) sessions.push(await ValidationSession.open(model.bytes, model.hint));
    const task = sessions[0]!.outputs.task;
    checkCriteriaTask(request.criteria ?? [], task);
    if (sessions[1] && sessions[1].outputs.task !== task) {
      throw invalid(`the baseline ${describeModel(request.baseline!.ref)} is a ${describeTask(sessions[1].outputs.task)}, ${describeModel(request.model.ref)} a ${describeTask(task)}: they cannot be compared`);
    }
    const evaluators = sessions.map((s) => new ModelEvaluator(s, request.label));
    const [hash, rows] = await Promise.all([md5File(request.data, MD5_WORKER_ABOVE), request.rows ? scoreRows(request, request.rows, evaluators) : scoreColumns(request, evaluators)]);
    const [metrics, baselineMetrics] = evaluators.map((e) => e.result()) as [Metrics, Metrics | undefined];
    const checks: Check[] = evaluateCriteria(request.criteria ?? [], metrics);
    const maxRegression = request.maxRegression ?? 0;
    if (baselineMetrics) checks.push(...compareWithBaseline(metrics, baselineMetrics, maxRegression, describeModel(request.baseline!.ref)));
    return {
      format: 1,
      model: withSha256(request.model),
      data: { path: request.dataName ?? request.data, md5: hash.md5, size: hash.size },
      label: request.label,
      rows,
      task,
      metrics,
      criteria: (request.criteria ?? []).map((c) => c.text),
      checks,
      passed: checks.every((c) => c.passed),
      ...(baselineMetrics && { baseline: { model: withSha256(request.baseline!), metrics: baselineMetrics, maxRegression } }),
      started: started.toISOString(),
      durationMs: Math.round(performance.now() - t0),
    };
  } finally {
    await Promise.all(sessions.map((s) => s.release()));
  }
}

/** Scores column batches: typed arrays from the file to the model and the metrics, no object per row. */
async function scoreColumns(request: ValidationRequest, evaluators: ModelEvaluator[]): Promise<number> {
  let rows = 0;
  for await (const { chunk, firstRow } of columnBatches(request.data, request.batchSize ?? DEFAULT_BATCH_SIZE)) {
    for (const evaluator of evaluators) await evaluator.addColumns(chunk, firstRow + 1);
    rows += chunk.rowCount;
  }
  if (rows === 0) throw invalid(`${request.data} has no rows to validate on`);
  return rows;
}

async function scoreRows(request: ValidationRequest, read: NonNullable<ValidationRequest['rows']>, evaluators: ModelEvaluator[]): Promise<number> {
  const batchSize = request.batchSize ?? DEFAULT_BATCH_SIZE;
  let batch: Record<string, unknown>[] = [];
  let rows = 0;
  const flush = async () => {
    for (const evaluator of evaluators) await evaluator.add(batch, rows - batch.length + 1);
    batch = [];
  };
  for await (const row of read(request.data)) {
    batch.push(row);
    rows++;
    if (batch.length === batchSize) await flush();
  }
  if (batch.length > 0) await flush();
  if (rows === 0) throw invalid(`${request.data} has no rows to validate on`);
  return rows;
}

function withSha256(model: ModelToValidate): ModelRef {
  return { ...model.ref, sha256: createHash('sha256').update(model.bytes).digest('hex') };
}
