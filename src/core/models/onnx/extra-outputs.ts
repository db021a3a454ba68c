import type { ValueSpec } from './model-encoder';
import { writeValueInfo } from './model-encoder';
import { GRAPH, MODEL } from './onnx-fields';
import { ProtoWriter } from './wire-writer';

/**
 * A copy of a serialized model that also outputs the named intermediate values. Protobuf merges a
 * message field that appears twice, so a second ModelProto.graph holding only outputs appends them
 * to the graph's outputs without decoding the rest.
 */
export function withExtraOutputs(bytes: Uint8Array, outputs: readonly ValueSpec[]): Uint8Array {
  if (outputs.length === 0) return bytes;
  const tail = new ProtoWriter()
    .message(MODEL.graph, (graph) => {
      for (const output of outputs) graph.message(GRAPH.output, (w) => writeValueInfo(w, output));
    })
    .finish();
  const copy = new Uint8Array(bytes.length + tail.length);
  copy.set(bytes);
  copy.set(tail, bytes.length);
  return copy;
}
