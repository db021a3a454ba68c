import { invalid } from '../../errors';
import { readColumnChunks } from '../../table';
import { compareSamples } from '../monitors/drift-summary';
import { RAW_ROWS_LIMIT, TableSample } from '../monitors/table-sample';
import type { DriftSummary } from '../monitors/types';
import type { TableProfile } from '../table-profile';
import type { DatasetDriftOptions } from '../types';
import type { TableInput } from './table-input';

/** Drift of one table against another, as `mlops drift` prints and writes it. */
export interface DriftReport extends DriftSummary {
  reference: { name: string; rows: number };
  current: { name: string; rows: number };
  /** Drifted columns / tested columns. */
  driftShare: number;
  /** The dataset drifts when driftShare reaches this. */
  shareThreshold: number;
}

export interface TableDriftOptions extends DatasetDriftOptions {
  /** Sides of at most this many rows are compared on every value, larger ones on bounded-memory profiles. Default RAW_ROWS_LIMIT. */
  readonly rawRowsLimit?: number;
}

async function fill(sample: TableSample, input: TableInput): Promise<TableSample> {
  for await (const chunk of readColumnChunks(input.file, { format: input.format })) sample.addChunk(chunk);
  return sample;
}

/** Streams both tables once (the reference first, so the current side's profile counts on its frozen bins) and compares them. */
export async function driftOfTables(reference: TableInput, current: TableInput, options: TableDriftOptions = {}): Promise<DriftReport> {
  const { rawRowsLimit = RAW_ROWS_LIMIT, ...driftOptions } = options;
  const referenceSample = await fill(new TableSample(rawRowsLimit), reference);
  let referenceProfile: TableProfile | undefined;
  const profileOfReference = (): TableProfile => (referenceProfile ??= referenceSample.toProfile());
  const currentSample = await fill(new TableSample(rawRowsLimit, () => ({ frozenBins: profileOfReference().freezeBins() })), current);
  const present = [...new Set([...referenceSample.columns, ...currentSample.columns])];
  const unknown = driftOptions.columns?.filter((column) => !present.includes(column)) ?? [];
  if (unknown.length > 0) throw invalid(`No column ${unknown.map((c) => JSON.stringify(c)).join(', ')} in ${reference.name} or ${current.name} (columns: ${present.join(', ')}).`);
  const columns = driftOptions.columns ?? present;
  const summary = compareSamples(referenceSample, currentSample, { ...driftOptions, columns }, profileOfReference);
  return {
    reference: { name: reference.name, rows: referenceSample.rows },
    current: { name: current.name, rows: currentSample.rows },
    ...summary,
    driftShare: summary.testedColumns === 0 ? 0 : summary.driftedColumns / summary.testedColumns,
    shareThreshold: driftOptions.driftShare ?? 0.5,
  };
}
