import type { OnnxDim, OnnxSignature } from '../onnx';
import { FEATURE_NAMES_KEY } from '../onnx';
import type { ElementType } from './element-types';
import { elementTypeOf } from './element-types';
import { doesNotFit } from './scoring-error';

/** A graph input the server feeds. */
export interface ModelInput {
  name: string;
  element: ElementType;
  /** Declared dimensions: numbers are fixed, strings and null free; null shape when the rank is unknown. */
  shape: OnnxDim[] | null;
}

/**
 * How dataframe columns reach the model. `table`: one 2-D input [N, F] whose columns are the
 * features, mapped by name when the model carries feature_names, else by position. `named`: every
 * input takes the column of its own name (multi-input models, or one 1-D input).
 */
export type FrameLayout = { kind: 'table'; input: ModelInput; featureNames: string[] | null; featureCount: number | null } | { kind: 'named' };

export interface ModelInterface {
  inputs: ModelInput[];
  /** Tensor outputs, in graph order; non-tensor outputs (a ZipMap's sequence of maps) are not fetched. */
  outputs: string[];
  frameLayout: FrameLayout;
}

/** What the scoring code needs from a model's signature; refuses inputs it cannot feed. */
export function modelInterface(signature: OnnxSignature): ModelInterface {
  if (signature.inputs.length === 0) throw doesNotFit('the model has no inputs to feed');
  const inputs = signature.inputs.map((input): ModelInput => {
    const element = input.kind === 'tensor' ? elementTypeOf(input.elemType) : undefined;
    if (!element) throw doesNotFit(`input '${input.name}' is a ${input.kind === 'tensor' ? `${input.elemType} tensor` : input.kind}, which the scoring server cannot feed`);
    return { name: input.name, element, shape: input.shape };
  });
  const outputs = signature.outputs.filter((o) => o.kind === 'tensor').map((o) => o.name);
  if (outputs.length === 0) throw doesNotFit('the model has no tensor outputs to return');
  return { inputs, outputs, frameLayout: frameLayout(inputs, signature.metadata) };
}

function frameLayout(inputs: ModelInput[], metadata: Record<string, string>): FrameLayout {
  const only = inputs.length === 1 ? inputs[0]! : undefined;
  if (!only || only.shape?.length !== 2 || only.element.kind === 'string') return { kind: 'named' };
  const width = only.shape[1];
  const featureCount = typeof width === 'number' ? width : null;
  const featureNames = readFeatureNames(metadata, featureCount);
  return { kind: 'table', input: only, featureNames, featureCount: featureCount ?? featureNames?.length ?? null };
}

function readFeatureNames(metadata: Record<string, string>, featureCount: number | null): string[] | null {
  const text = metadata[FEATURE_NAMES_KEY];
  if (text === undefined) return null;
  let names: unknown;
  try {
    names = JSON.parse(text);
  } catch {
    names = undefined;
  }
  const valid = Array.isArray(names) && names.every((n) => typeof n === 'string') && new Set(names).size === names.length;
  if (!valid || (featureCount !== null && (names as string[]).length !== featureCount)) {
    throw doesNotFit(`the model's ${FEATURE_NAMES_KEY} metadata must be a JSON array of ${featureCount ?? 'N'} distinct strings, got ${text.slice(0, 200)}`);
  }
  return names as string[];
}

/** "[N, 8]" for messages. */
export function describeShape(shape: readonly OnnxDim[] | null): string {
  return shape === null ? '[?]' : `[${shape.map((d) => (d === null ? '?' : String(d))).join(', ')}]`;
}
