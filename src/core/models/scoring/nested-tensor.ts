import { storeCell } from './cell-values';
import type { ElementStorage } from './element-types';
import type { ModelInput } from './model-inputs';
import { describeShape } from './model-inputs';
import { doesNotFit } from './scoring-error';

export interface TensorData {
  data: ElementStorage;
  dims: number[];
}

/**
 * A JSON value of nested lists as the input's tensor, its shape checked against the signature;
 * `firstRow` numbers the outer index in messages.
 */
export function tensorFromNested(value: unknown, input: ModelInput, firstRow = 0): TensorData {
  const dims = nestedShape(value);
  checkShape(dims, input);
  const data = input.element.allocate(dims.reduce((a, b) => a * b, 1));
  const fast = input.element.kind === 'float';
  const floats = data as Float32Array;
  const indices: number[] = [];
  let next = 0;
  const where = (depth: number): string => indices.slice(0, depth).map((i, d) => `[${d === 0 ? firstRow + i : i}]`).join('');
  const fill = (node: unknown, depth: number): void => {
    if (!Array.isArray(node) || node.length !== dims[depth]) {
      const got = Array.isArray(node) ? `${node.length} values` : (JSON.stringify(node) ?? String(node)).slice(0, 40);
      throw doesNotFit(`Input '${input.name}' is ragged: ${where(depth) || 'the value'} should be a list of ${dims[depth]} values like the first one at its depth; got ${got}`);
    }
    if (depth === dims.length - 1) {
      for (let i = 0; i < node.length; i++) {
        const cell: unknown = node[i];
        if (fast && typeof cell === 'number') floats[next++] = cell;
        else storeCell(data, next++, cell, input.element, { input: input.name, index: `${where(depth)}[${i}]` });
      }
      return;
    }
    for (let i = 0; i < node.length; i++) {
      indices[depth] = i;
      fill(node[i], depth + 1);
    }
  };
  if (dims.length === 0) storeCell(data, 0, value, input.element, { input: input.name, index: '[]' });
  else fill(value, 0);
  return { data, dims };
}

/** The shape the first elements describe: [[1, 2, 3], [4, 5, 6]] is [2, 3]. */
export function nestedShape(value: unknown): number[] {
  const dims: number[] = [];
  let node = value;
  while (Array.isArray(node)) {
    dims.push(node.length);
    node = node[0];
  }
  return dims;
}

export function checkShape(dims: number[], input: ModelInput): void {
  const expected = input.shape;
  if (expected === null) return;
  const fits = dims.length === expected.length && expected.every((d, i) => typeof d !== 'number' || d === dims[i]);
  if (!fits) {
    throw doesNotFit(`Input '${input.name}' expects shape ${describeShape(expected)} (rank ${expected.length}); got shape ${describeShape(dims)} (rank ${dims.length})`);
  }
}
