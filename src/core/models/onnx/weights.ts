import { invalid } from '../../errors';

/** Checks a weight vector: non-empty, finite, and `length` long when given. */
export function checkVector(values: readonly number[], what: string, length?: number): void {
  if (!Array.isArray(values) || values.length === 0) throw invalid(`${what} must be a non-empty array of numbers`);
  if (length !== undefined && values.length !== length) throw invalid(`${what} has ${values.length} values, expected ${length}`);
  values.forEach((value, i) => checkNumber(value, `${what}[${i}]`));
}

export function checkNumber(value: number, what: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalid(`${what} is ${String(value)}, not a finite number`);
}

/** Checks a rectangular matrix given as rows; returns its row and column counts. */
export function checkMatrix(rows: readonly (readonly number[])[], what: string, columns?: number): { rows: number; columns: number } {
  if (!Array.isArray(rows) || rows.length === 0) throw invalid(`${what} must be a non-empty array of rows`);
  const width = columns ?? rows[0]?.length ?? 0;
  rows.forEach((row, i) => checkVector(row, `${what}[${i}]`, width));
  return { rows: rows.length, columns: width };
}

/** Rows [K][F] (one row per output, as sklearn's coef_ and PyTorch's Linear.weight) as a row-major [F, K] matrix. */
export function transposed(rows: readonly (readonly number[])[]): number[] {
  const columns = rows[0]?.length ?? 0;
  const flat: number[] = [];
  for (let f = 0; f < columns; f++) for (const row of rows) flat.push(row[f] as number);
  return flat;
}

/** Class labels as a model can name them: int64s, or strings (as skl2onnx writes for text labels). */
export type ClassLabels = readonly number[] | readonly string[];

/** The labels of `count` classes: the given ones (distinct integers or distinct non-empty strings), or 0..count-1. */
export function classLabelsFor(count: number, classes?: ClassLabels): number[] | string[] {
  if (classes === undefined) return Array.from({ length: count }, (_, i) => i);
  if (classes.length !== count) throw invalid(`classes has ${classes.length} labels, but the model scores ${count} classes`);
  const textual = typeof classes[0] === 'string';
  const bad = (classes as readonly unknown[]).find((label) => (textual ? typeof label !== 'string' || label === '' : !Number.isSafeInteger(label)));
  if (bad !== undefined) throw invalid(`class label ${JSON.stringify(bad)} is not ${textual ? 'a non-empty string like the first' : 'an integer (labels are int64)'}`);
  if (new Set<unknown>(classes).size !== classes.length) throw invalid('class labels must be distinct');
  return textual ? [...(classes as readonly string[])] : [...(classes as readonly number[])];
}

export function featureNamesFor(count: number, names?: readonly string[]): string[] | undefined {
  if (names === undefined) return undefined;
  if (names.length !== count) throw invalid(`featureNames has ${names.length} names, but the model takes ${count} features`);
  if (names.some((name) => typeof name !== 'string' || name === '')) throw invalid('feature names must be non-empty strings');
  if (new Set(names).size !== names.length) throw invalid('feature names must be distinct');
  return [...names];
}
