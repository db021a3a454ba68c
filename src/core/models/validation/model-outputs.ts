import { invalid } from '../../errors';
import type { OnnxSignature, OnnxValueInfo } from '../onnx';
import { OUTPUT, readOnnxSignature } from '../onnx';

/** Which outputs validation reads: a classifier's label and probabilities, or a regressor's value. */
export type OutputPlan =
  | { task: 'classification'; label: string; labelKind: 'number' | 'string'; probabilities: string }
  | { task: 'regression'; value: string };

/** Our builders' names first, then skl2onnx's (with zipmap=False). */
const LABEL_NAMES = [OUTPUT.label, 'output_label'];
const PROBABILITY_NAMES = [OUTPUT.probabilities, 'output_probability'];
const NUMERIC_LABELS = new Set(['int64', 'int32', 'int16', 'int8', 'uint64', 'uint32', 'uint16', 'uint8']);

/** Reads the task from the signature: `label` + `probabilities` for a classifier, `variable` for a regressor. */
export function planOutputs(signature: OnnxSignature): OutputPlan {
  const byName = new Map(signature.outputs.map((o) => [o.name, o]));
  const label = LABEL_NAMES.map((n) => byName.get(n)).find(Boolean);
  const probabilities = PROBABILITY_NAMES.map((n) => byName.get(n)).find(Boolean);
  if (label && probabilities) {
    if (probabilities.kind !== 'tensor') {
      throw invalid(`the model's ${probabilities.name} output is a ${probabilities.kind} (a ZipMap of class → probability); validation reads a probability tensor: convert the model with zipmap=False`);
    }
    return { task: 'classification', label: label.name, labelKind: labelKindOf(label), probabilities: probabilities.name };
  }
  const value = byName.get(OUTPUT.value) ?? soleFloatTensor(signature.outputs);
  if (value?.kind === 'tensor') return { task: 'regression', value: value.name };
  throw invalid(
    `cannot tell what the model predicts from its outputs (${signature.outputs.map((o) => o.name).join(', ')}): validation reads "${OUTPUT.label}" + "${OUTPUT.probabilities}" from a classifier or "${OUTPUT.value}" from a regressor`,
  );
}

function labelKindOf(label: OnnxValueInfo): 'number' | 'string' {
  if (label.kind === 'tensor' && label.elemType === 'string') return 'string';
  if (label.kind === 'tensor' && NUMERIC_LABELS.has(label.elemType)) return 'number';
  throw invalid(`the model's ${label.name} output is a ${label.kind === 'tensor' ? `${label.elemType} tensor` : label.kind}; class labels must be integers or strings`);
}

function soleFloatTensor(outputs: readonly OnnxValueInfo[]): OnnxValueInfo | undefined {
  const only = outputs.length === 1 ? outputs[0]! : undefined;
  return only?.kind === 'tensor' && (only.elemType === 'float' || only.elemType === 'double') ? only : undefined;
}

/** 'classification' or 'regression', from a model file's outputs. */
export function taskOfModel(bytes: Uint8Array): OutputPlan['task'] {
  return planOutputs(readOnnxSignature(bytes)).task;
}
