// Retraining (issue 7): what starts a retrain, the tracked training run, and the validation gate it must pass.
export { RetrainTriggerStore, ACTIVE_STATUSES } from './trigger-store';
export type { NewTrigger, TriggerChange } from './trigger-store';
export { RetrainSteps } from './retrain-steps';
export type { RetrainStepsContext, TrainingRun } from './retrain-steps';
export { TrainingProcess, retrainLogName } from './training-process';
export type { TrainingResult } from './training-process';
export { currentDataVersion, dataVersionEnv } from './data-version';
export type { DataVersionRef } from './data-version';
export { findRetrainedVersion } from './retrained-version';
export { validateAndPromote } from './validate-retrained';
export type { RetrainVerdict } from './validate-retrained';
export { retrainConfigHint } from './config-hint';
export type { RetrainConfig } from './retrain-config';
