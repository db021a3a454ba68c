import { InferenceSession, Tensor } from 'onnxruntime-node';

export interface OutputValues {
  type: string;
  dims: readonly number[];
  /** int64 outputs converted to numbers. */
  values: number[];
}

/** Warnings off: a converter-style model's initializer-as-input is expected, not news. */
export async function loadSession(bytes: Uint8Array): Promise<InferenceSession> {
  return InferenceSession.create(bytes, { logSeverityLevel: 3 });
}

/** Feeds rows as "input" float32 [rows.length, F] and returns every output. */
export async function predict(session: InferenceSession, rows: readonly (readonly number[])[]): Promise<Record<string, OutputValues>> {
  const width = rows[0]?.length ?? 0;
  const input = new Tensor('float32', Float32Array.from(rows.flat()), [rows.length, width]);
  const results = await session.run({ input });
  const outputs: Record<string, OutputValues> = {};
  for (const [name, value] of Object.entries(results)) {
    const tensor = value as Tensor;
    outputs[name] = { type: tensor.type, dims: tensor.dims, values: Array.from(tensor.data as ArrayLike<number | bigint>, Number) };
  }
  return outputs;
}
