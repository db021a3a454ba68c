import type { GraphBuilder } from './graph-builder';
import { int } from './graph-builder';
import type { ValueSpec } from './model-encoder';
import { BATCH_DIM, CLASS_LABELS_KEY, OUTPUT } from './model-frame';
import { classLabelsFor } from './weights';
import type { ClassLabels } from './weights';

/**
 * Turns logits [N, K] into the outputs "label" int64 [N] and "probabilities" float [N, C]. One logit
 * column is a binary model scoring the second class (sigmoid, C = 2); several are multinomial (softmax, C = K).
 */
export function addClassifierHead(graph: GraphBuilder, logits: string, logitColumns: number, classes?: ClassLabels): ValueSpec[] {
  if (logitColumns === 1) {
    const positive = graph.node('Sigmoid', [logits]);
    const negative = graph.node('Sub', [graph.constant('one', [], [1]), positive]);
    graph.node('Concat', [negative, positive], { output: OUTPUT.probabilities, attributes: { axis: int(1) } });
  } else {
    graph.node('Softmax', [logits], { output: OUTPUT.probabilities, attributes: { axis: int(1) } });
  }
  return addArgMaxLabel(graph, logitColumns === 1 ? 2 : logitColumns, classes);
}

/**
 * "label" int64 or string [N]: the class of the highest "probabilities" column (the first on a tie), so every
 * classifier labels rows the same way, whatever its operator's own convention.
 */
export function addArgMaxLabel(graph: GraphBuilder, classCount: number, classes?: ClassLabels): ValueSpec[] {
  const values = classLabelsFor(classCount, classes);
  const elemType = typeof values[0] === 'string' ? 'string' : 'int64';
  const labels = graph.constant('class_labels', [classCount], values, elemType);
  // Which class each probability column holds, for readers (validation's ROC AUC) that cannot see initializers.
  graph.metadata[CLASS_LABELS_KEY] = JSON.stringify(values);
  const index = graph.node('ArgMax', [OUTPUT.probabilities], { attributes: { axis: int(1), keepdims: int(0) } });
  graph.node('Gather', [labels, index], { output: OUTPUT.label, attributes: { axis: int(0) } });
  return [
    { name: OUTPUT.label, elemType, shape: [BATCH_DIM] },
    { name: OUTPUT.probabilities, elemType: 'float', shape: [BATCH_DIM, classCount] },
  ];
}
