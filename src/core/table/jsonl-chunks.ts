import { jsonlRecords } from '../data';
import { chunkRowsOf, layoutOf } from './layout';
import type { ColumnChunk, ReadColumnsOptions } from './types';
import { ValueChunkBuilder } from './value-columns';
import type { ValueColumnBuilder } from './value-columns';

/**
 * A JSON Lines file's chunks. Its columns are the keys of the first chunk's records in first-seen
 * order (a key first seen later is not read); a record without a key is missing there. A malformed
 * line ends the read with an error naming it, after the chunk of the records before it.
 */
export async function* jsonlChunks(path: string, options: ReadColumnsOptions): AsyncGenerator<ColumnChunk> {
  const chunkRows = chunkRowsOf(options);
  const records = jsonlRecords(path);
  const first: Record<string, unknown>[] = [];
  let failure: unknown;
  try {
    for await (const record of records) {
      first.push(record);
      if (first.length === chunkRows) break;
    }
  } catch (error) {
    failure = error;
  }
  const keys = new Set<string>();
  for (const record of first) for (const key in record) keys.add(key);
  const { names } = layoutOf(path, [...keys], options);
  const chunks = new ValueChunkBuilder(names, options.kinds);
  let builders = chunks.builders(chunkRows);
  let row = 0;
  const add = (record: Record<string, unknown>): void => {
    for (let i = 0; i < names.length; i++) builders[i]!.set(row, Object.hasOwn(record, names[i]!) ? record[names[i]!] : null);
    row++;
  };
  const take = (): ColumnChunk => {
    const chunk = chunks.finish(builders as ValueColumnBuilder[], row);
    builders = chunks.builders(chunkRows);
    row = 0;
    return chunk;
  };
  for (const record of first) add(record);
  if (failure === undefined && first.length === chunkRows) {
    try {
      for await (const record of records) {
        if (row === chunkRows) yield take();
        add(record);
      }
    } catch (error) {
      failure = error;
    }
  }
  if (row > 0 || keys.size > 0) yield take();
  if (failure !== undefined) throw failure;
}
