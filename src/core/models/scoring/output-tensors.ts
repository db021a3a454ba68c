/** An output as onnxruntime returns it (ort.Tensor has this shape). */
export interface OutputTensor {
  readonly type: string;
  readonly dims: readonly number[];
  readonly data: ArrayLike<number | bigint | string> | readonly string[];
}

export interface NamedOutput {
  name: string;
  tensor: OutputTensor;
  /** A [N, C] tensor of class probabilities answered as one map per row, class → probability (a ZipMap's output). */
  classes?: readonly (number | string)[];
}

/** Element i as a plain value, for table writers: numbers (int64 as number when exact), strings, booleans. */
export function plainCellReader(tensor: OutputTensor): (i: number) => number | string | boolean | bigint {
  const data = tensor.data;
  switch (tensor.type) {
    case 'string':
      return (i) => (data as readonly string[])[i] as string;
    case 'bool':
      return (i) => Boolean((data as ArrayLike<number>)[i]);
    case 'int64':
    case 'uint64':
      return (i) => {
        const value = (data as ArrayLike<bigint>)[i] as bigint;
        return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
      };
    default:
      return (i) => (data as ArrayLike<number>)[i] as number;
  }
}

/** Elements per row: the product of every dimension after the first. */
export function rowWidth(dims: readonly number[]): number {
  let width = 1;
  for (let i = 1; i < dims.length; i++) width *= dims[i] as number;
  return width;
}

/** True when every output has one slice per input row (dims[0] === rows), so it can be split into records. */
export function splitsIntoRows(outputs: readonly NamedOutput[], rowCount: number): boolean {
  return outputs.every((o) => o.tensor.dims.length >= 1 && o.tensor.dims[0] === rowCount);
}
