// Models: ONNX files and their heads, scoring, serving and validation.
export * from './heads';
export * from './onnx';
export * from './scoring';
export * from './serving';
export * from './validation';
// Names two sub-areas both use: the heads' plan and the scoring batch size keep the plain names.
export { DEFAULT_BATCH_SIZE } from './scoring';
export { planOutputs } from './heads';
export type { OutputPlan } from './heads';
export { DEFAULT_BATCH_SIZE as DEFAULT_VALIDATION_BATCH_SIZE, planOutputs as planDecidedOutputs } from './validation';
export type { OutputPlan as DecidedOutputPlan } from './validation';
export type { Frame } from './scoring/frame';
export { trueClass } from './validation/targets';
export { trueValue } from './validation/targets';
export { dayFiles } from './serving/log-retention';
export { formatNumber } from './validation/format';
export { WireFormatError } from './onnx/wire-reader';
export { parseServingConfig } from './serving/serving-config';
