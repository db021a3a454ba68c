import { endianness } from 'node:os';
import type { OutputTensor } from './output-tensors';

const LITTLE_ENDIAN = endianness() === 'LE';

/**
 * int64 elements as doubles without a BigInt per element (exact up to 2^53, as Number(bigint)):
 * read as two 32-bit halves. Other tensors are returned as they are.
 */
export function int64AsFloat64(tensor: OutputTensor): OutputTensor {
  const data = tensor.data;
  if (tensor.type !== 'int64' || !(data instanceof BigInt64Array) || !LITTLE_ENDIAN) return tensor;
  const words = new Int32Array(data.buffer, data.byteOffset, data.length * 2);
  const out = new Float64Array(data.length);
  for (let i = 0; i < out.length; i++) {
    const high = words[2 * i + 1]!;
    const low = words[2 * i]! >>> 0;
    out[i] = high === 0 ? low : high === -1 && low >= 0x80000000 ? low - 0x100000000 : Number(data[i]!);
  }
  return { type: 'float64', dims: tensor.dims, data: out };
}
