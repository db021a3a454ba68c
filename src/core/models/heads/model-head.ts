import type { OnnxSignature } from '../onnx';
import { readOnnxNodes, readOnnxSignature, withExtraOutputs } from '../onnx';
import type { OutputPlan, UndecidedPlan } from './output-plan';
import { planOutputs } from './output-plan';
import type { TaskHint } from './task-hint';

/** A model read for scoring: its signature, how to read its predictions, and the bytes to load (with the extra outputs that takes). */
export interface ModelHead {
  signature: OnnxSignature;
  plan: OutputPlan | UndecidedPlan;
  bytes: Uint8Array;
}

export function modelHead(bytes: Uint8Array, hint: TaskHint = {}): ModelHead {
  const signature = readOnnxSignature(bytes);
  const plan = planOutputs(signature, readOnnxNodes(bytes), hint);
  return { signature, plan, bytes: plan.task === null ? bytes : withExtraOutputs(bytes, plan.extraOutputs) };
}
