import { randomBytes } from 'node:crypto';
import { rename, rm } from 'node:fs/promises';
import { extname } from 'node:path';
import { ColumnFrames } from './column-frames';
import { columnBatches } from './column-batches';
import { invalid } from '../../errors';
import { predictionColumns } from './prediction-columns';
import type { ScoringSession } from './scoring-session';
import type { OutputFormat, TableWriter } from './table-writer';
import { createTableWriter } from './table-writer';

export const DEFAULT_BATCH_SIZE = 1024;

export interface BatchPrediction {
  session: ScoringSession;
  /** A CSV, TSV, JSONL or Parquet file. */
  input: string;
  /** A .csv, .tsv or .jsonl file: the input's columns, then the predictions. */
  output: string;
  batchSize?: number;
  /** The records of `input` (the reader before the columnar one, for comparison); column chunks when absent. */
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
  try {
    const rows = job.rows ? await predictRows(job, job.rows, batchSize, writer) : await predictColumns(job, batchSize, writer);
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

/** Column batches straight into the model's input and the output text: no object per row. */
async function predictColumns(job: BatchPrediction, batchSize: number, writer: TableWriter): Promise<number> {
  const frames = new ColumnFrames();
  let rows = 0;
  for await (const { chunk, firstRow } of columnBatches(job.input, batchSize)) {
    const prediction = await job.session.predict({ kind: 'frame', frame: frames.of(chunk) }, firstRow);
    await writer.writeColumns(chunk, predictionColumns(prediction.outputs, chunk.rowCount, new Set(chunk.columns.map((c) => c.name))));
    rows += chunk.rowCount;
    job.onProgress?.(rows);
  }
  return rows;
}

async function predictRows(job: BatchPrediction, read: NonNullable<BatchPrediction['rows']>, batchSize: number, writer: TableWriter): Promise<number> {
  let rows = 0;
  let inputColumns: Set<string> | undefined;
  const score = async (batch: Record<string, unknown>[]) => {
    inputColumns ??= new Set(Object.keys(batch[0] ?? {}));
    const prediction = await job.session.predict({ kind: 'frame', frame: { kind: 'records', records: batch } }, rows);
    await writer.write(batch, predictionColumns(prediction.outputs, batch.length, inputColumns));
    rows += batch.length;
    job.onProgress?.(rows);
  };
  let batch: Record<string, unknown>[] = [];
  for await (const record of read(job.input)) {
    batch.push(record);
    if (batch.length === batchSize) {
      await score(batch);
      batch = [];
    }
  }
  if (batch.length > 0) await score(batch);
  return rows;
}
