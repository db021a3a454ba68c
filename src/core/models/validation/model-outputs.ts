import { invalid } from '../../errors';
import type { OnnxNode, OnnxSignature } from '../onnx';
import type { OutputPlan as HeadPlan, TaskHint } from '../heads';
import { modelHead, planOutputs as planHead } from '../heads';

/**
 * Which outputs a served classifier's answer holds its label in (a scores-only model gets a derived
 * "label" output from the server), or a regressor's value.
 */
export type OutputPlan = { task: 'classification'; label: string; labelKind: 'number' | 'string'; probabilities: string } | { task: 'regression'; value: string };

/** The output plan, or a DomainError saying what to give when the model leaves the task open. */
export function decidedPlan(plan: HeadPlan | { task: null; reason: string }): HeadPlan {
  if (plan.task !== null) return plan;
  throw invalid(`${plan.reason}: say what it predicts with --task classification [--classes a,b,…] (or --task regression); the answer is remembered on a registered version`);
}

/** The outputs a served model's answers are read from; see OutputPlan. */
export function planOutputs(signature: OnnxSignature, nodes: readonly OnnxNode[] = [], hint: TaskHint = {}): OutputPlan {
  const plan = decidedPlan(planHead(signature, nodes, hint));
  if (plan.task === 'regression') return { task: 'regression', value: plan.value };
  if (plan.source === 'labelled') return { task: 'classification', label: plan.label, labelKind: plan.labelKind, probabilities: plan.zipmap ?? plan.probabilities };
  return { task: 'classification', label: 'label', labelKind: plan.classes?.some((c) => typeof c === 'string') ? 'string' : 'number', probabilities: 'probabilities' };
}

/** 'classification' or 'regression', from a model file's outputs, metadata and the hint. */
export function taskOfModel(bytes: Uint8Array, hint: TaskHint = {}): OutputPlan['task'] {
  return decidedPlan(modelHead(bytes, hint).plan).task;
}
