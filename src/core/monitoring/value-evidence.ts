// Column evidence from raw values: missing values dropped, the rest read as numbers or categories.
import { invalid } from '../errors';
import { categoryCountsOf } from './category-counts';
import type { ColumnEvidence, SideEvidence } from './column-evidence';
import type { ColumnType, Value } from './values';
import { categoryOf, isMissing, numberOf } from './values';
import { distinctValueCount, populationStandardDeviation, sampleOfNumbers } from './weighted-sample';

/** Numeric when every non-missing value of both sides is a number or a numeric string. */
export function detectColumnType(...sides: readonly (readonly Value[])[]): ColumnType {
  for (const values of sides) {
    for (const value of values) if (!isMissing(value) && numberOf(value) === undefined) return 'categorical';
  }
  return 'numeric';
}

function numericSide(values: readonly Value[], column: string | undefined): SideEvidence {
  const numbers: number[] = [];
  let missing = 0;
  for (const value of values) {
    if (isMissing(value)) {
      missing++;
      continue;
    }
    const number = numberOf(value);
    if (number === undefined) {
      throw invalid(`Column${column === undefined ? '' : ` "${column}"`} is numeric, but holds the non-numeric value ${JSON.stringify(value)}.`);
    }
    numbers.push(number);
  }
  const sample = sampleOfNumbers(numbers);
  return {
    rows: values.length,
    missing,
    count: sample.total,
    sample,
    distinct: sample.values.length,
    min: sample.values[0],
    max: sample.values[sample.values.length - 1],
    standardDeviation: populationStandardDeviation(sample),
  };
}

function categoricalSide(values: readonly Value[]): SideEvidence {
  const present = values.filter((value): value is string | number | boolean => !isMissing(value));
  const categories = categoryCountsOf(present.map(categoryOf));
  return { rows: values.length, missing: values.length - present.length, count: categories.total, categories, distinct: categories.counts.size };
}

export function evidenceOfValues(
  reference: readonly Value[],
  current: readonly Value[],
  columnType: ColumnType | undefined,
  column?: string,
): ColumnEvidence {
  const type = columnType ?? detectColumnType(reference, current);
  if (type === 'numeric') {
    const referenceSide = numericSide(reference, column);
    const currentSide = numericSide(current, column);
    const distinctTogether = distinctValueCount(referenceSide.sample!, currentSide.sample!);
    return { type, reference: referenceSide, current: currentSide, distinctTogether, exact: true, basis: 'values' };
  }
  const referenceSide = categoricalSide(reference);
  const currentSide = categoricalSide(current);
  const keys = new Set([...referenceSide.categories!.counts.keys(), ...currentSide.categories!.counts.keys()]);
  return { type, reference: referenceSide, current: currentSide, distinctTogether: keys.size, exact: true, basis: 'values' };
}
