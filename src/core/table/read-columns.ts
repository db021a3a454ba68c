import { extname } from 'node:path';
import { invalid } from '../errors';
import { delimitedChunks } from './delimited-chunks';
import { jsonlChunks } from './jsonl-chunks';
import { parallelDelimitedChunks, threadsFor } from './parallel-delimited';
import { parquetChunks } from './parquet-chunks';
import type { ColumnChunk, ReadColumnsOptions } from './types';

export type TableFileFormat = 'csv' | 'tsv' | 'jsonl' | 'parquet';

const FORMATS: Record<string, TableFileFormat> = { '.csv': 'csv', '.tsv': 'tsv', '.jsonl': 'jsonl', '.ndjson': 'jsonl', '.parquet': 'parquet' };

export interface ReadColumnChunksOptions extends ReadColumnsOptions {
  /** The file's format when its extension does not say it (a cache object, say). */
  readonly format?: TableFileFormat;
}

/**
 * A table file (CSV, TSV, JSON Lines, Parquet) as chunks of typed columns, in file order. A large
 * CSV/TSV file is parsed by several worker threads (see parallel-delimited.ts).
 */
export async function* readColumnChunks(path: string, options: ReadColumnChunksOptions = {}): AsyncGenerator<ColumnChunk> {
  const format = options.format ?? FORMATS[extname(path).toLowerCase()];
  if (format === 'csv' || format === 'tsv') {
    const threads = await threadsFor(path, options);
    yield* threads > 1 ? parallelDelimitedChunks(path, format, options, threads) : delimitedChunks(path, format, options);
  } else if (format === 'jsonl') yield* jsonlChunks(path, options);
  else if (format === 'parquet') yield* parquetChunks(path, options);
  else throw invalid(`${path} is not a table this reads (CSV, TSV, JSONL or Parquet).`);
}
