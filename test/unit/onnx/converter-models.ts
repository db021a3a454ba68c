/**
 * Models shaped as the common converters export them, built with the project's own encoder:
 * torch.onnx / tf2onnx (one float tensor of probabilities, logits or sigmoid scores) and skl2onnx /
 * onnxmltools (output_label + a ZipMap output_probability, one input per column, string inputs).
 */
import type { NodeSpec, ValueSpec } from '../../../src/core/models';
import { GraphBuilder, encodeModel } from '../../../src/core/models';
import { floats, int, ints, string, strings } from '../../../src/core/models/onnx/graph-builder';

const ML = 'ai.onnx.ml';

function model(graph: GraphBuilder, inputs: ValueSpec[], outputs: ValueSpec[], metadata: Record<string, string> = {}, producer = 'pytorch'): Uint8Array {
  return encodeModel({
    irVersion: 8,
    opsets: [{ domain: '', version: 17 }, { domain: ML, version: 3 }],
    producer: { name: producer, version: '1' },
    graph: graph.finish(inputs, outputs),
    metadata: { ...graph.metadata, ...metadata },
  });
}

const floatInput = (name: string, width: number): ValueSpec => ({ name, elemType: 'float', shape: ['batch', width] });

/** torch-style: logits = input · W + b ([F, K] row-major W), then Softmax (probabilities) or nothing (logits). */
export function scoresModel(options: { weights: number[]; features: number; classes: number; bias?: number[]; softmax: boolean; output?: string; metadata?: Record<string, string> }): Uint8Array {
  const output = options.output ?? 'output';
  const graph = new GraphBuilder('torch_jit', ['input', output]);
  const product = graph.node('MatMul', ['input', graph.constant('weight', [options.features, options.classes], options.weights)]);
  const logits = graph.node('Add', [product, graph.constant('bias', [options.classes], options.bias ?? new Array<number>(options.classes).fill(0))], options.softmax ? {} : { output });
  if (options.softmax) graph.node('Softmax', [logits], { output, attributes: { axis: int(1) } });
  return model(graph, [floatInput('input', options.features)], [{ name: output, elemType: 'float', shape: ['batch', options.classes] }], options.metadata);
}

/** Binary data's model: p(1) = sigmoid(x0 − x1), as [N, 2] softmax probabilities. */
export const softmaxPairModel = (metadata?: Record<string, string>) => scoresModel({ weights: [0, 1, 0, -1], features: 2, classes: 2, softmax: true, metadata });

/** keras/tf2onnx-style sigmoid scores of x0 − x1: [N, 1], or [N] when `flat`. */
export function sigmoidModel(options: { flat?: boolean; logits?: boolean; metadata?: Record<string, string> } = {}): Uint8Array {
  const graph = new GraphBuilder('keras', ['input', 'score']);
  const z = graph.node('MatMul', ['input', graph.constant('weight', [2, 1], [1, -1])], options.logits && !options.flat ? { output: 'score' } : {});
  let out = z;
  if (!options.logits) out = graph.node('Sigmoid', [z], options.flat ? {} : { output: 'score' });
  if (options.flat) graph.node('Squeeze', [out, graph.constant('axes', [1], [1], 'int64')], { output: 'score' });
  return model(graph, [floatInput('input', 2)], [{ name: 'score', elemType: 'float', shape: options.flat ? ['batch'] : ['batch', 1] }], options.metadata, 'tf2onnx');
}

type Labels = { ints: number[] } | { strings: string[] };

/**
 * skl2onnx-style classifier: LinearClassifier (softmax) → output_label (through a Cast or Identity)
 * and ZipMap → output_probability, its classes in classlabels_* attributes only.
 */
function linearZipMap(graph: GraphBuilder, features: string, coefficients: number[], intercepts: number[], labels: Labels): ValueSpec[] {
  const isInts = 'ints' in labels;
  graph.node('LinearClassifier', [features], {
    domain: ML,
    output: 'label',
    extraOutputs: ['probability_tensor'],
    attributes: {
      coefficients: floats(coefficients),
      intercepts: floats(intercepts),
      multi_class: int(0),
      post_transform: string('SOFTMAX'),
      ...(isInts ? { classlabels_ints: ints(labels.ints) } : { classlabels_strings: strings(labels.strings) }),
    },
  });
  graph.node(isInts ? 'Cast' : 'Identity', ['label'], { output: 'output_label', ...(isInts && { attributes: { to: int(7) } }) });
  graph.node('ZipMap', ['probability_tensor'], { domain: ML, output: 'output_probability', attributes: isInts ? { classlabels_int64s: ints(labels.ints) } : { classlabels_strings: strings(labels.strings) } });
  return [
    { name: 'output_label', elemType: isInts ? 'int64' : 'string', shape: ['N'] },
    { name: 'output_probability', elemType: 'float', shape: [], mapKey: isInts ? 'int64' : 'string' },
  ];
}

/** Three classes (default 4, 5, 6): the class of the largest of x0, x1, x2. */
export function zipMapModel(labels: Labels = { ints: [4, 5, 6] }): Uint8Array {
  const graph = new GraphBuilder('skl2onnx', ['float_input']);
  const outputs = linearZipMap(graph, 'float_input', [2, 0, 0, 0, 2, 0, 0, 0, 2], [0, 0, 0], labels);
  return model(graph, [{ name: 'float_input', elemType: 'float', shape: ['N', 3] }], outputs, {}, 'skl2onnx');
}

/** Three-class data: the class index of the largest of x0, x1, x2; every `flipEvery`-th row labelled the next class. */
export function threeClassRows(rows: number, flipEvery = 10): { x0: number; x1: number; x2: number; k: number }[] {
  return Array.from({ length: rows }, (_, i) => {
    const x = [((i * 37) % 101) / 10, ((i * 53) % 103) / 10 + 0.01, ((i * 71) % 107) / 10 + 0.02];
    const best = x.indexOf(Math.max(...x));
    return { x0: x[0]!, x1: x[1]!, x2: x[2]!, k: i % flipEvery === flipEvery - 1 ? (best + 1) % 3 : best };
  });
}

export const CITY_BONUS: Record<string, number> = { paris: 10, rome: -10, oslo: 0 };

/**
 * skl2onnx ColumnTransformer-style: inputs age float [N, 1], visits int64 [N, 1] and city string
 * [N, 1]; "yes" when age + bonus(city) > 40 (visits weigh nothing), string labels no/yes, ZipMap.
 */
export function columnsModel(): Uint8Array {
  const graph = new GraphBuilder('pipeline', ['age', 'visits', 'city']);
  const visits = graph.node('Cast', ['visits'], { attributes: { to: int(1) } });
  const cities = Object.keys(CITY_BONUS);
  const bonus = graph.node('LabelEncoder', ['city'], { domain: ML, attributes: { keys_strings: strings(cities), values_floats: floats(cities.map((c) => CITY_BONUS[c]!)), default_float: { type: 'float', value: 0 } } });
  const features = graph.node('Concat', ['age', visits, bonus], { attributes: { axis: int(1) } });
  const outputs = linearZipMap(graph, features, [0, 0, 0, 1, 0, 1], [0, -40], { strings: ['no', 'yes'] });
  const inputs: ValueSpec[] = [
    { name: 'age', elemType: 'float', shape: ['N', 1] },
    { name: 'visits', elemType: 'int64', shape: ['N', 1] },
    { name: 'city', elemType: 'string', shape: ['N', 1] },
  ];
  return model(graph, inputs, outputs, {}, 'skl2onnx');
}

export function columnsRows(rows: number, flipEvery = 10): { age: number; visits: number; city: string; bought: string }[] {
  const cities = Object.keys(CITY_BONUS);
  return Array.from({ length: rows }, (_, i) => {
    const age = 20 + ((i * 7) % 41) + 0.5;
    const city = cities[i % 3]!;
    const yes = age + CITY_BONUS[city]! > 40;
    const flipped = i % flipEvery === flipEvery - 1 ? !yes : yes;
    return { age, visits: i % 5, city, bought: flipped ? 'yes' : 'no' };
  });
}

export type { NodeSpec };
