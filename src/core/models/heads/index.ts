export { ClassScores, labelTensor } from './class-scores';
export type { ClassificationPlan, ClassifiedBatch } from './class-scores';
export { columnsOf, planOutputs } from './output-plan';
export type { OutputPlan, UndecidedPlan } from './output-plan';
export { CLASSES_KEY, CLASSES_TAG, TASK_KEY, TASK_TAG, formatClasses, hintFlags, hintOfMetadata, hintOfTags, mergeHints, parseClasses, parseTask, tagsOfHint } from './task-hint';
export type { ClassLabel, ModelTask, TaskHint } from './task-hint';
export { modelHead } from './model-head';
export type { ModelHead } from './model-head';
