import { parquetColumnGroups, parquetColumnNames, readParquetFooter } from '../data';
import { chunkRowsOf, layoutOf } from './layout';
import type { ColumnChunk, ReadColumnsOptions } from './types';
import { ValueChunkBuilder } from './value-columns';

/** A Parquet file's chunks, read a row group at a time column by column (chunks never span row groups). */
export async function* parquetChunks(path: string, options: ReadColumnsOptions): AsyncGenerator<ColumnChunk> {
  const chunkRows = chunkRowsOf(options);
  const { names } = layoutOf(path, parquetColumnNames(await readParquetFooter(path)), options);
  const chunks = new ValueChunkBuilder(names, options.kinds);
  let yielded = false;
  for await (const group of parquetColumnGroups(path, names)) {
    for (let start = 0; start < group.rows; start += chunkRows) {
      const rows = Math.min(chunkRows, group.rows - start);
      const builders = chunks.builders(rows);
      names.forEach((name, i) => {
        const data = group.columns.get(name)!;
        const builder = builders[i]!;
        for (let row = 0; row < rows; row++) builder.set(row, data[start + row]);
      });
      yielded = true;
      yield chunks.finish(builders, rows);
    }
  }
  if (!yielded) yield chunks.finish(chunks.builders(0), 0);
}
