import { rowCountOf } from './frame';
import type { ScoringInput } from './request-formats';

/** The rows a parsed request holds: a frame's rows, a tensor's first dimension, the longest list of a dict. */
export function requestRowCount(input: ScoringInput): number {
  switch (input.kind) {
    case 'frame':
      return rowCountOf(input.frame);
    case 'floats':
      return input.rows;
    case 'tensor':
      return Array.isArray(input.value) ? input.value.length : 1;
    case 'named':
      return Object.values(input.values).reduce<number>((most, value) => Math.max(most, Array.isArray(value) ? value.length : 1), 1);
  }
}
