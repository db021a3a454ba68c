import type { OnnxSignature } from '../../models';
import type { Label } from '../../models';
import { ClassificationAccumulator, RegressionAccumulator } from '../../models';
import type { DecidedOutputPlan as OutputPlan } from '../../models';
import { planDecidedOutputs as planOutputs } from '../../models';
import { trueClass, trueValue } from '../../models';
import type { PredictionRecord } from '../../models';
import type { MonitorPerformance } from './types';
import type { LabelsById } from './labels';
import type { RequestSpan } from './window';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** One row's answer: the named output of a record, the item of a one-item list, or the value itself. */
function answerOf(row: unknown, output: string | undefined): unknown {
  if (Array.isArray(row)) return row.length === 1 ? row[0] : undefined;
  if (isRecord(row)) return output !== undefined ? row[output] : (row.label ?? row.prediction ?? row.variable);
  return row;
}

/** The predicted value of each row of a request (records, a plain list, or a dict of output lists). */
function predictedValues(record: PredictionRecord, output: string | undefined): unknown[] {
  const predictions = record.predictions;
  if (Array.isArray(predictions)) return predictions.map((row) => answerOf(row, output));
  if (!isRecord(predictions)) return [];
  const column = output !== undefined ? predictions[output] : (predictions.label ?? predictions.variable ?? Object.values(predictions)[0]);
  return Array.isArray(column) ? column.map((row) => answerOf(row, undefined)) : [];
}

interface Pair {
  label: unknown;
  predicted: unknown;
}

/** The labeled rows of the window: row i of a request with labels L takes L[i] (rows past the labels stay unlabeled). */
function labeledPairs(spans: readonly RequestSpan[], labels: LabelsById, output: string | undefined): Pair[] {
  const pairs: Pair[] = [];
  for (const { record, offset, rows } of spans) {
    const own = labels.get(record.request_id);
    if (!own || rows === 0) continue;
    const predicted = predictedValues(record, output);
    for (let row = offset; row < offset + rows && row < own.length; row++) {
      if (predicted[row] !== undefined && predicted[row] !== null) pairs.push({ label: own[row], predicted: predicted[row] });
    }
  }
  return pairs;
}

function planOf(signature: OnnxSignature | null | undefined): OutputPlan | undefined {
  if (!signature) return undefined;
  try {
    return planOutputs(signature);
  } catch {
    return undefined;
  }
}

/** Without a signature: a regressor when every prediction is a number and one is not a whole number. */
function guessTask(pairs: readonly Pair[]): OutputPlan['task'] {
  const numbers = pairs.every((p) => typeof p.predicted === 'number');
  return numbers && pairs.some((p) => !Number.isInteger(p.predicted)) ? 'regression' : 'classification';
}

/** A label that does not read as the task's type (e.g. text for a regressor) leaves its row unlabeled. */
function attempt<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

function classification(pairs: readonly Pair[], kind: 'number' | 'string'): MonitorPerformance | undefined {
  const yTrue: Label[] = [];
  const yPred: Label[] = [];
  pairs.forEach(({ label, predicted }, i) => {
    const truth = attempt(() => trueClass(label, kind, 'label', i + 1));
    const guess = kind === 'string' ? String(predicted) : typeof predicted === 'number' ? predicted : Number(predicted);
    if (truth === undefined || (kind === 'number' && !Number.isFinite(guess))) return;
    yTrue.push(truth);
    yPred.push(guess);
  });
  if (yTrue.length === 0) return undefined;
  const accumulator = new ClassificationAccumulator();
  accumulator.add({ yTrue, yPred });
  const { accuracy, precision, recall, f1 } = accumulator.result();
  return { task: 'classification', labeledRows: yTrue.length, metrics: { accuracy, precision, recall, f1 } };
}

function regression(pairs: readonly Pair[]): MonitorPerformance | undefined {
  const yTrue: number[] = [];
  const yPred: number[] = [];
  pairs.forEach(({ label, predicted }, i) => {
    const truth = attempt(() => trueValue(label, 'label', i + 1));
    if (truth === undefined || typeof predicted !== 'number' || !Number.isFinite(predicted)) return;
    yTrue.push(truth);
    yPred.push(predicted);
  });
  if (yTrue.length === 0) return undefined;
  const accumulator = new RegressionAccumulator();
  accumulator.add(yTrue, yPred);
  const { mae, rmse, r2 } = accumulator.result();
  return { task: 'regression', labeledRows: yTrue.length, metrics: { mae, rmse, ...(r2 !== null && { r2 }) } };
}

/**
 * The served model's quality on the window's labeled rows, with the validation metrics. The task
 * and the output read come from the model version's signature (as `mlops validate` reads them);
 * without one, from the predictions. Undefined when no row of the window has a usable label.
 */
export function windowPerformance(spans: readonly RequestSpan[], labels: LabelsById, signature?: OnnxSignature | null): MonitorPerformance | undefined {
  const plan = planOf(signature);
  const output = plan ? (plan.task === 'classification' ? plan.label : plan.value) : undefined;
  const pairs = labeledPairs(spans, labels, output);
  if (pairs.length === 0) return undefined;
  const task = plan?.task ?? guessTask(pairs);
  if (task === 'regression') return regression(pairs);
  const kind = plan?.task === 'classification' ? plan.labelKind : pairs.every((p) => typeof p.predicted === 'number') ? 'number' : 'string';
  return classification(pairs, kind);
}
