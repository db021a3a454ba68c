import type * as Ort from 'onnxruntime-node';

let loaded: typeof Ort | undefined;

/** onnxruntime-node, loaded on first use: its native binding would otherwise cost every CLI command ~50 ms at start. */
export function onnxRuntime(): typeof Ort {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (loaded ??= require('onnxruntime-node') as typeof Ort);
}
