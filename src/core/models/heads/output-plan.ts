import type { OnnxNode, OnnxSignature, OnnxValueInfo, ValueSpec } from '../onnx';
import { OUTPUT } from '../onnx';
import type { ClassLabel, ModelTask, TaskHint } from './task-hint';
import { hintOfMetadata, mergeHints } from './task-hint';

/**
 * How to read a model's predictions. `labelled`: a label output and a probability tensor (ours,
 * skl2onnx with zipmap=False, or skl2onnx's ZipMap default, whose probabilities are read from the
 * tensor feeding the ZipMap node). `scores`: one float tensor of probabilities or logits (torch.onnx,
 * tf2onnx): the label is the highest column's class (score ≥ 0.5 for one column). `value`: a regressor.
 */
export type OutputPlan =
  | {
      task: 'classification';
      source: 'labelled';
      label: string;
      labelKind: 'number' | 'string';
      /** The probability tensor to fetch. */
      probabilities: string;
      /** The ZipMap output that `probabilities` feeds, returned by serving as one map per row. */
      zipmap?: string;
      classes: ClassLabel[] | null;
      /** Intermediate values to add as graph outputs before loading (onnxruntime-node fetches only tensors). */
      extraOutputs: ValueSpec[];
    }
  | { task: 'classification'; source: 'scores'; scores: string; classes: ClassLabel[] | null; extraOutputs: ValueSpec[] }
  | { task: 'regression'; value: string; extraOutputs: ValueSpec[] };

/** Neither the outputs, the metadata nor a hint say what the model predicts. */
export interface UndecidedPlan {
  task: null;
  reason: string;
}

const LABEL_NAMES = [OUTPUT.label, 'output_label'];
const PROBABILITY_NAMES = [OUTPUT.probabilities, 'output_probability', 'probability', 'probs'];
const NUMERIC = new Set(['int64', 'int32', 'int16', 'int8', 'uint64', 'uint32', 'uint16', 'uint8']);
const FLOAT = new Set(['float', 'double', 'float16']);

/** Reads the plan from the outputs, the graph (for a ZipMap), the model's metadata and the hint. */
export function planOutputs(signature: OnnxSignature, nodes: readonly OnnxNode[], hint: TaskHint = {}): OutputPlan | UndecidedPlan {
  const merged = mergeHints(hint, hintOfMetadata(signature.metadata));
  const byName = new Map(signature.outputs.map((o) => [o.name, o]));
  const label = LABEL_NAMES.map((n) => byName.get(n)).find(Boolean);
  const probabilities = PROBABILITY_NAMES.map((n) => byName.get(n)).find(Boolean);
  if (label && probabilities) return labelledPlan(label, probabilities, nodes, merged);
  const floats = signature.outputs.filter((o) => o.kind === 'tensor' && FLOAT.has(o.elemType));
  const task: ModelTask | undefined = merged.task ?? (merged.classes || probabilities?.kind === 'tensor' ? 'classification' : undefined);
  if (task === 'classification') {
    const scores = probabilities?.kind === 'tensor' ? probabilities : floats[0];
    if (!scores) return { task: null, reason: `the model has no float output to read class scores from (its outputs: ${describeOutputs(signature.outputs)})` };
    return { task, source: 'scores', scores: scores.name, classes: merged.classes ?? classLabelsOfGraph(nodes), extraOutputs: [] };
  }
  const value = byName.get(OUTPUT.value) ?? (floats.length === 1 ? floats[0] : undefined);
  if (task === 'regression') {
    if (!value) return { task: null, reason: `the model has ${floats.length === 0 ? 'no float output' : 'several float outputs'} to read a regression value from (its outputs: ${describeOutputs(signature.outputs)})` };
    return { task, value: value.name, extraOutputs: [] };
  }
  if (value && (value.name === OUTPUT.value || (columnsOf(value) ?? 1) === 1)) return { task: 'regression', value: value.name, extraOutputs: [] };
  if (value) {
    return { task: null, reason: `the model's only output "${value.name}" ${describeOutput(value)} could hold the scores of ${columnsOf(value) ?? 'several'} classes (probabilities or logits) or several regression targets, and its metadata does not say which` };
  }
  return { task: null, reason: `cannot tell what the model predicts from its outputs (${describeOutputs(signature.outputs)})` };
}

function labelledPlan(label: OnnxValueInfo, probabilities: OnnxValueInfo, nodes: readonly OnnxNode[], hint: TaskHint): OutputPlan | UndecidedPlan {
  const labelKind = label.kind === 'tensor' && label.elemType === 'string' ? 'string' : label.kind === 'tensor' && NUMERIC.has(label.elemType) ? 'number' : undefined;
  if (!labelKind) return { task: null, reason: `the model's ${label.name} output is ${describeOutput(label)}; class labels must be integers or strings` };
  if (probabilities.kind === 'tensor') {
    return { task: 'classification', source: 'labelled', label: label.name, labelKind, probabilities: probabilities.name, classes: hint.classes ?? classLabelsOfGraph(nodes), extraOutputs: [] };
  }
  const zipmap = nodes.find((n) => n.opType === 'ZipMap' && n.outputs.includes(probabilities.name));
  const tensor = zipmap?.inputs[0];
  if (!zipmap || !tensor) return { task: null, reason: `the model's ${probabilities.name} output is a ${probabilities.kind} that no ZipMap node produces, so its probabilities cannot be read` };
  const classes = zipmap.ints.classlabels_int64s ?? zipmap.strings.classlabels_strings ?? null;
  return {
    task: 'classification',
    source: 'labelled',
    label: label.name,
    labelKind,
    probabilities: tensor,
    zipmap: probabilities.name,
    classes: hint.classes ?? classes,
    extraOutputs: [{ name: tensor, elemType: 'float', shape: ['N', classes?.length ?? 'C'] }],
  };
}

/** The classes a converter's classifier node (TreeEnsembleClassifier, LinearClassifier, SVMClassifier, ZipMap) declares. */
function classLabelsOfGraph(nodes: readonly OnnxNode[]): ClassLabel[] | null {
  for (const node of nodes) {
    const classes = node.ints.classlabels_int64s ?? node.ints.classlabels_ints ?? node.strings.classlabels_strings;
    if (classes && classes.length >= 2) return classes;
  }
  return null;
}

/** The second dimension of a [N, C] output (1 for [N]); null when open. */
export function columnsOf(output: OnnxValueInfo): number | null {
  const shape = output.shape;
  if (shape === null) return null;
  if (shape.length <= 1) return 1;
  const width = shape.slice(1).reduce<number | null>((product, dim) => (product === null || typeof dim !== 'number' ? null : product * dim), 1);
  return width;
}

function describeOutput(output: OnnxValueInfo): string {
  if (output.kind !== 'tensor') return `a ${output.kind}`;
  return `(${output.elemType} [${(output.shape ?? ['?']).map((d) => d ?? '?').join(', ')}])`;
}

function describeOutputs(outputs: readonly OnnxValueInfo[]): string {
  return outputs.map((o) => `${o.name} ${describeOutput(o)}`).join(', ');
}
