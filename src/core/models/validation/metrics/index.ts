export { ClassificationAccumulator, classificationMetrics } from './classification';
export type { ClassificationBatch, ClassificationOptions } from './classification';
export { ConfusionAccumulator } from './confusion';
export { sortLabels } from './labels';
export type { Label } from './labels';
export { FLOAT64_EPS, LogLossAccumulator } from './log-loss';
export { RegressionAccumulator, regressionMetrics } from './regression';
export { aucOfScores } from './roc-auc';
export type { ClassMetrics, ClassificationMetrics, ConfusionMatrix, Metrics, RegressionMetrics, Task } from './types';
