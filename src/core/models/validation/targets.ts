import { invalid } from '../../errors';
import type { Label } from './metrics';

const DECIMAL = /^\s*[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i;

/** A true class from the label column, in the type of the model's labels (numbers or strings). */
export function trueClass(value: unknown, kind: 'number' | 'string', column: string, row: number): Label {
  if (value === null || value === undefined || value === '') throw invalid(`row ${row}: the label column "${column}" is empty`);
  if (kind === 'string') return typeof value === 'string' ? value : String(value);
  const number = numeric(value);
  if (number === undefined) throw invalid(`row ${row}: the label ${JSON.stringify(value)} in "${column}" is not a number, and the model's classes are numbers`);
  return number;
}

/** A regressor's true value from the label column. */
export function trueValue(value: unknown, column: string, row: number): number {
  if (value === null || value === undefined || value === '') throw invalid(`row ${row}: the label column "${column}" is empty`);
  const number = numeric(value);
  if (number === undefined || !Number.isFinite(number)) throw invalid(`row ${row}: the label ${JSON.stringify(value)} in "${column}" is not a finite number`);
  return number;
}

function numeric(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string' && DECIMAL.test(value)) return Number(value);
  return undefined;
}
