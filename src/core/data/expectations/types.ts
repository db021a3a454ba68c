/** Data expectations (issue 17): what a table must satisfy, and what a check of it found. */

export const COLUMN_KINDS = ['integer', 'number', 'string', 'boolean'] as const;
export type ColumnKind = (typeof COLUMN_KINDS)[number];
export type Category = string | number | boolean;

export interface ColumnExpectation {
  name: string;
  /** integer and number: numeric values; boolean: true/false; string: any value (no check). */
  type?: ColumnKind;
  /** The column must be present. Default true. */
  required: boolean;
  /** Largest share (0–1) of rows with no value. */
  maxMissing?: number;
  min?: number;
  max?: number;
  unique?: boolean;
  /** The only values allowed (compared as text, so 1 and "1" are one category). */
  allowed?: Category[];
}

export interface TableExpectations {
  columns: ColumnExpectation[];
  rows?: { min?: number; max?: number };
  /** Columns not listed are allowed (default true); false makes the listed columns the whole schema. */
  extraColumns: boolean;
}

export type ExpectationKind = 'rows' | 'columns' | 'required' | 'type' | 'missing' | 'min' | 'max' | 'unique' | 'allowed';

export interface ExpectationResult {
  expectation: ExpectationKind;
  /** The column it is about; absent for the table's rows and column set. */
  column?: string;
  passed: boolean;
  expected: string;
  observed: string;
}

export interface ColumnObservation {
  /** Rows with no value in the column (null, empty, NA-like, or the key absent). */
  missing: number;
  missing_share: number;
  /** Smallest and largest numeric value, when it has one. */
  min?: number;
  max?: number;
}

export interface ExpectationReport {
  passed: boolean;
  rows: number;
  /** Expectations checked, and how many failed. */
  expectations: number;
  failed: number;
  columns: Record<string, ColumnObservation>;
  results: ExpectationResult[];
}
