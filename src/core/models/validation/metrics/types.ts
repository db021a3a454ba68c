import type { Label } from './labels';

export type Task = 'classification' | 'regression';

/** One class's precision, recall and F1 (zero_division=0) and its support (rows truly of that class). */
export interface ClassMetrics {
  label: Label;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface ConfusionMatrix {
  /** Row and column order: sklearn's sorted union of the true and predicted labels. */
  labels: Label[];
  /** counts[i][j]: rows whose true label is labels[i] and predicted label labels[j]. */
  counts: number[][];
}

export interface ClassificationMetrics {
  task: 'classification';
  rows: number;
  accuracy: number;
  /** Macro averages over `confusionMatrix.labels`. */
  precision: number;
  recall: number;
  f1: number;
  /** null when undefined for the data; `unavailable.roc_auc` says why. */
  rocAuc: number | null;
  logLoss: number | null;
  perClass: ClassMetrics[];
  confusionMatrix: ConfusionMatrix;
  /** Why a metric is null, by its criteria name (roc_auc, log_loss). */
  unavailable: Record<string, string>;
}

export interface RegressionMetrics {
  task: 'regression';
  rows: number;
  mae: number;
  rmse: number;
  r2: number | null;
  unavailable: Record<string, string>;
}

export type Metrics = ClassificationMetrics | RegressionMetrics;
