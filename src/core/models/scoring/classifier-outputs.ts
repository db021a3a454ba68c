import type { OnnxSignature } from '../onnx';
import type { ClassScores, OutputPlan, UndecidedPlan } from '../heads';
import { labelTensor } from '../heads';
import type { NamedOutput, OutputTensor } from './output-tensors';
import { OUTPUT } from '../onnx';

/**
 * What a classifier's answer holds beside its tensor outputs. A ZipMap output (which onnxruntime-node
 * cannot fetch) is answered in its place from the tensor feeding it, as one class → probability map
 * per row. A model of bare scores gets "label" and "probabilities" (softmaxed or sigmoided when they
 * are logits) after its own outputs, so clients, the prediction log and the monitors read classes.
 */
export class ClassifierOutputs {
  constructor(
    private readonly signature: OnnxSignature,
    private readonly plan: OutputPlan | UndecidedPlan,
    private readonly scores: ClassScores | undefined,
  ) {}

  /** The outputs to fetch beside the model's tensor outputs. */
  get fetches(): string[] {
    return this.plan.task === 'classification' ? (this.scores?.fetches ?? []) : [];
  }

  present(raw: NamedOutput[], results: Record<string, OutputTensor>, rowCount: number): NamedOutput[] {
    const plan = this.plan;
    if (plan.task !== 'classification') return raw;
    if (plan.source === 'labelled') {
      const zipmap = plan.zipmap;
      if (zipmap === undefined) return raw;
      const probabilities = results[plan.probabilities]!;
      const classes = plan.classes ?? Array.from({ length: probabilities.dims[1] ?? 0 }, (_, i) => i);
      const byName = new Map(raw.map((o) => [o.name, o]));
      return this.signature.outputs.flatMap((o) => (o.name === zipmap ? [{ name: zipmap, tensor: probabilities, classes }] : (byName.get(o.name) ?? [])));
    }
    const scores = results[plan.scores]!;
    if (scores.dims[0] !== rowCount) return raw;
    const batch = this.scores!.read(results, rowCount);
    const derived: NamedOutput[] = [
      { name: OUTPUT.label, tensor: labelTensor(batch.labels) },
      { name: OUTPUT.probabilities, tensor: { type: batch.probabilities instanceof Float32Array ? 'float32' : 'float64', dims: [rowCount, batch.columns], data: batch.probabilities } },
    ];
    return [...raw.filter((o) => o.name !== OUTPUT.label && o.name !== OUTPUT.probabilities), ...derived];
  }
}
