import { randomBytes } from 'node:crypto';
import { rename, rm } from 'node:fs/promises';
import { extname } from 'node:path';
import { tableRows } from '../../data';
import { invalid } from '../../errors';
import { predictionColumns } from './prediction-columns';
import type { ScoringSession } from './scoring-session';
import type { OutputFormat } from './table-writer';
import { createTableWriter } from './table-writer';

export const DEFAULT_BATCH_SIZE = 1024;

export interface BatchPrediction {
  session: ScoringSession;
  /** A CSV, TSV, JSONL or Parquet file. */
  input: string;
  /** A .csv, .tsv or .jsonl file: the input's columns, then the predictions. */
  output: string;
  batchSize?: number;
  /** The records of `input`; src/core/data's tableRows by default. */
  rows?: (path: string) => AsyncIterable<Record<string, unknown>>;
  /** Called after each batch with the rows written so far. */
  onProgress?(rows: number): void;
}

const OUTPUT_FORMATS: Record<string, OutputFormat> = { '.csv': 'csv', '.tsv': 'tsv', '.jsonl': 'jsonl', '.ndjson': 'jsonl' };

export function outputFormatOf(path: string): OutputFormat {
  const format = OUTPUT_FORMATS[extname(path).toLowerCase()];
  if (!format) throw invalid(`Cannot write predictions to ${path}: name a .csv, .tsv or .jsonl file`);
  return format;
}

/**
 * Scores a file batch by batch: reads `batchSize` records, scores them, writes them with their
 * predictions, and only then reads on, so memory holds one batch whatever the file's size. The
 * output appears whole (written beside, then renamed) or not at all.
 */
export async function predictFile(job: BatchPrediction): Promise<{ rows: number }> {
  const format = outputFormatOf(job.output);
  const batchSize = job.batchSize ?? DEFAULT_BATCH_SIZE;
  const partial = `${job.output}.${process.pid}-${randomBytes(6).toString('hex')}.partial`;
  const writer = createTableWriter(partial, format);
  let rows = 0;
  let inputColumns: Set<string> | undefined;
  const score = async (batch: Record<string, unknown>[]) => {
    inputColumns ??= new Set(Object.keys(batch[0] ?? {}));
    const prediction = await job.session.predict({ kind: 'frame', frame: { kind: 'records', records: batch } }, rows);
    await writer.write(batch, predictionColumns(prediction.outputs, batch.length, inputColumns));
    rows += batch.length;
    job.onProgress?.(rows);
  };
  try {
    let batch: Record<string, unknown>[] = [];
    for await (const record of (job.rows ?? tableRows)(job.input)) {
      batch.push(record);
      if (batch.length === batchSize) {
        await score(batch);
        batch = [];
      }
    }
    if (batch.length > 0) await score(batch);
    if (rows === 0) throw invalid(`${job.input} has no rows to score`);
    await writer.close();
    await rename(partial, job.output);
    return { rows };
  } catch (error) {
    writer.destroy();
    await rm(partial, { force: true });
    throw error;
  }
}
