import { invalid } from '../../errors';
import type { OutputTensor } from '../scoring/output-tensors';
import type { OutputPlan } from './output-plan';
import type { ClassLabel } from './task-hint';
import { hintFlags } from './task-hint';

export type ClassificationPlan = Extract<OutputPlan, { task: 'classification' }>;

/** A batch's predicted classes and class probabilities, row-major [rows, columns]. */
export interface ClassifiedBatch {
  labels: ClassLabel[];
  probabilities: Float32Array | Float64Array;
  columns: number;
  /** The class of each probability column, when the model or the hint says. */
  classes: ClassLabel[] | null;
}

/** Rows of probabilities sum to 1 within this, and every value lies in [0, 1] within it. */
const TOLERANCE = 1e-3;

/**
 * Reads a classifier's fetched outputs as labels and probabilities. Scores that are not
 * probabilities (a value outside [0, 1], or a row not summing to 1) are logits: softmax (sigmoid
 * for one column) turns them into probabilities, for this batch and every later one.
 */
export class ClassScores {
  private logits = false;

  constructor(readonly plan: ClassificationPlan) {}

  /** The outputs to fetch. */
  get fetches(): string[] {
    return this.plan.source === 'labelled' ? [this.plan.label, this.plan.probabilities] : [this.plan.scores];
  }

  read(results: Record<string, OutputTensor>, rows: number): ClassifiedBatch {
    const plan = this.plan;
    if (plan.source === 'labelled') {
      const [label, probabilities] = [results[plan.label]!, results[plan.probabilities]!];
      const columns = probabilities.data.length / rows;
      if (probabilities.dims.length !== 2 || !Number.isInteger(columns) || columns < 2) {
        throw invalid(`the model's ${plan.probabilities} output has shape [${probabilities.dims.join(', ')}] for ${rows} rows; expected [rows, classes]`);
      }
      const labels: ClassLabel[] = label.type === 'string' ? [...(label.data as string[])] : Array.from(label.data as ArrayLike<number | bigint>, Number);
      return { labels, probabilities: probabilities.data as Float32Array | Float64Array, columns, classes: plan.classes };
    }
    const scores = results[plan.scores]!;
    const width = scores.data.length / rows;
    if (!Number.isInteger(width) || width < 1 || (scores.type !== 'float32' && scores.type !== 'float64')) {
      throw invalid(`the model's ${plan.scores} output is ${scores.type} [${scores.dims.join(', ')}] for ${rows} rows; class scores are a float [rows, classes] or [rows] tensor`);
    }
    const data = scores.data as Float32Array | Float64Array;
    return width === 1 ? this.sigmoidColumn(data, rows) : this.softmaxColumns(data, rows, width);
  }

  private sigmoidColumn(data: Float32Array | Float64Array, rows: number): ClassifiedBatch {
    const classes = this.classesFor(2, 'one score per row (a sigmoid) scores two classes');
    if (!this.logits) this.logits = data.some((v) => v < -TOLERANCE || v > 1 + TOLERANCE);
    const probabilities = new Float64Array(rows * 2);
    const labels: ClassLabel[] = [];
    for (let r = 0; r < rows; r++) {
      const p = this.logits ? 1 / (1 + Math.exp(-data[r]!)) : Math.min(1, Math.max(0, data[r]!));
      probabilities[2 * r] = 1 - p;
      probabilities[2 * r + 1] = p;
      labels.push(p >= 0.5 ? classes[1]! : classes[0]!);
    }
    return { labels, probabilities, columns: 2, classes };
  }

  private softmaxColumns(data: Float32Array | Float64Array, rows: number, width: number): ClassifiedBatch {
    const classes = this.classesFor(width, `the model scores ${width} classes`);
    if (!this.logits) this.logits = !areProbabilities(data, rows, width);
    const probabilities = this.logits ? softmax(data, rows, width) : data;
    const labels: ClassLabel[] = [];
    for (let r = 0; r < rows; r++) {
      let best = 0;
      for (let j = 1; j < width; j++) if (probabilities[r * width + j]! > probabilities[r * width + best]!) best = j;
      labels.push(classes[best]!);
    }
    return { labels, probabilities, columns: width, classes };
  }

  private classesFor(count: number, why: string): ClassLabel[] {
    const classes = this.plan.classes ?? Array.from({ length: count }, (_, i) => i);
    if (classes.length !== count) throw invalid(`${why}, but ${classes.length} classes are given (${hintFlags({ classes })}); give ${count}`);
    return classes;
  }
}

function areProbabilities(data: ArrayLike<number>, rows: number, width: number): boolean {
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    for (let j = 0; j < width; j++) {
      const v = data[r * width + j]!;
      if (v < -TOLERANCE || v > 1 + TOLERANCE) return false;
      sum += v;
    }
    if (Math.abs(sum - 1) > TOLERANCE) return false;
  }
  return true;
}

function softmax(data: ArrayLike<number>, rows: number, width: number): Float64Array {
  const out = new Float64Array(rows * width);
  for (let r = 0; r < rows; r++) {
    let max = -Infinity;
    for (let j = 0; j < width; j++) max = Math.max(max, data[r * width + j]!);
    let sum = 0;
    for (let j = 0; j < width; j++) sum += out[r * width + j] = Math.exp(data[r * width + j]! - max);
    for (let j = 0; j < width; j++) out[r * width + j]! /= sum;
  }
  return out;
}

/** A label tensor, as onnxruntime would return it: strings, int64 for integer classes, else doubles. */
export function labelTensor(labels: readonly ClassLabel[]): OutputTensor {
  const dims = [labels.length];
  if (labels.every((l) => typeof l === 'string')) return { type: 'string', dims, data: labels as string[] };
  if (labels.every((l) => Number.isSafeInteger(l))) return { type: 'int64', dims, data: BigInt64Array.from(labels as number[], BigInt) };
  return { type: 'float64', dims, data: Float64Array.from(labels as number[]) };
}
