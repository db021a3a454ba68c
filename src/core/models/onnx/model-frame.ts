import type { GraphBuilder } from './graph-builder';
import type { ValueSpec } from './model-encoder';
import { encodeModel } from './model-encoder';
import { featureNamesFor } from './weights';

/**
 * What every built model shares. Opset 17 and ai.onnx.ml 3 run on onnxruntime ≥ 1.13 and every
 * converter-era runtime since; IR version 8 is the one ONNX 1.12 pairs with opset 17.
 */
export const IR_VERSION = 8;
export const DEFAULT_OPSET = 17;
export const ML_OPSET = 3;
export const ML_DOMAIN = 'ai.onnx.ml';

export const INPUT_NAME = 'input';
export const BATCH_DIM = 'N';
export const OUTPUT = { value: 'variable', label: 'label', probabilities: 'probabilities' } as const;
/** metadata_props key holding the input's column names as a JSON array, so serving can map dataframe columns. */
export const FEATURE_NAMES_KEY = 'feature_names';
/** metadata_props key holding a classifier's labels as a JSON array, in probability-column order. */
export const CLASS_LABELS_KEY = 'class_labels';
export const PRODUCER = 'local-mlops';

export interface FeatureOptions {
  /** One name per input column, in order; stored in metadata_props under "feature_names". */
  featureNames?: string[];
}

/** Wraps a finished graph whose input is "input" float [N, featureCount] into ModelProto bytes. */
export function modelBytes(graph: GraphBuilder, frame: { featureCount: number; featureNames?: string[]; outputs: ValueSpec[]; usesMlDomain?: boolean }): Uint8Array {
  const featureNames = featureNamesFor(frame.featureCount, frame.featureNames);
  return encodeModel({
    irVersion: IR_VERSION,
    opsets: [{ domain: '', version: DEFAULT_OPSET }, ...(frame.usesMlDomain ? [{ domain: ML_DOMAIN, version: ML_OPSET }] : [])],
    producer: { name: PRODUCER, version: '' },
    graph: graph.finish([{ name: INPUT_NAME, elemType: 'float', shape: [BATCH_DIM, frame.featureCount] }], frame.outputs),
    metadata: { ...graph.metadata, ...(featureNames && { [FEATURE_NAMES_KEY]: JSON.stringify(featureNames) }) },
  });
}
