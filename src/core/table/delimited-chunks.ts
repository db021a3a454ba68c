import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import { DelimitedParser } from './delimited-parser';
import { Dictionary } from './delimited-cells';
import { chunkRowsOf, layoutOf, namesOf } from './layout';
import type { ColumnChunk, ReadColumnsOptions } from './types';

const BLOCK_BYTES = 1 << 20;

/** A parser whose header is read and layout set, and where its records start in the file. */
export interface ParsedHeader {
  parser: DelimitedParser;
  dictionaries: Dictionary[];
  /** File offset of the first record after the header. */
  offset: number;
}

export const separatorByte = (format: 'csv' | 'tsv'): number => (format === 'tsv' ? 9 : 44);

/** Reads the header record of a CSV/TSV file and sets the parser's layout; undefined for an empty file. */
export async function readHeader(file: FileHandle, path: string, format: 'csv' | 'tsv', options: ReadColumnsOptions): Promise<ParsedHeader | undefined> {
  const parser = new DelimitedParser(separatorByte(format), chunkRowsOf(options));
  let buffer = Buffer.allocUnsafe(64 * 1024);
  let have = 0;
  for (;;) {
    if (have === buffer.length) buffer = Buffer.concat([buffer, Buffer.allocUnsafe(buffer.length)]);
    const { bytesRead } = await file.read(buffer, have, buffer.length - have, have);
    have += bytesRead;
    const end = parser.parse(buffer, 0, have, bytesRead === 0);
    if (parser.header) {
      const layout = layoutOf(path, namesOf(parser.header), options);
      const dictionaries = layout.names.map(() => new Dictionary());
      parser.setLayout(layout, dictionaries);
      return { parser, dictionaries, offset: end };
    }
    if (bytesRead === 0) return undefined;
  }
}

/**
 * Chunks of the records in [start, end) of the file, parsed on this thread with `parser` (its
 * kinds and dictionaries carry on from earlier chunks). The last chunk may be short; none is
 * yielded for a range without records unless `always` (so a header-only file still names its columns).
 */
export async function* parseRange(
  file: FileHandle,
  parser: DelimitedParser,
  start: number,
  end: number,
  always = false,
  /** Stop after the first full chunk and set `stop.offset` to where its records end. */
  stop?: { offset: number },
): AsyncGenerator<ColumnChunk> {
  let buffer = Buffer.allocUnsafe(2 * BLOCK_BYTES);
  let have = 0;
  let pos = 0;
  let offset = start;
  let yielded = false;
  for (;;) {
    const want = Math.min(buffer.length - have, end - offset - have);
    const { bytesRead } = want > 0 ? await file.read(buffer, have, want, offset + have) : { bytesRead: 0 };
    have += bytesRead;
    const final = bytesRead === 0;
    for (;;) {
      pos = parser.parse(buffer, pos, have, final);
      if (parser.row < parser.chunkRows) break;
      yielded = true;
      yield parser.takeChunk();
      if (stop) {
        stop.offset = offset + pos;
        return;
      }
    }
    if (final) break;
    buffer.copy(buffer, 0, pos, have);
    offset += pos;
    have -= pos;
    pos = 0;
    if (have > BLOCK_BYTES) buffer = Buffer.concat([buffer, Buffer.allocUnsafe(buffer.length)]);
  }
  if (parser.row > 0 || (always && !yielded)) yield parser.takeChunk();
  if (stop) stop.offset = end;
}

/** A CSV/TSV file's chunks, parsed on this thread. */
export async function* delimitedChunks(path: string, format: 'csv' | 'tsv', options: ReadColumnsOptions): AsyncGenerator<ColumnChunk> {
  const file = await open(path, 'r');
  try {
    const header = await readHeader(file, path, format, options);
    if (!header) return;
    const { size } = await file.stat();
    yield* parseRange(file, header.parser, header.offset, size, true);
  } finally {
    await file.close();
  }
}
