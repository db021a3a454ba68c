// Large CSV/TSV files parsed by worker threads: this thread reads the header and the first chunk
// (which decides each column's kind), cuts the rest into pieces at line ends, and yields the
// workers' chunks in file order with a bounded number of pieces in flight. A split point inside a
// quoted field shows as a piece ending inside quotes; the read then carries on from that piece's
// start on this thread alone.
import type { FileHandle } from 'node:fs/promises';
import { open, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { parseRange, readHeader, separatorByte } from './delimited-chunks';
import type { PieceResult } from './delimited-worker';
import { DelimitedWorker } from './delimited-worker';
import { chunkRowsOf } from './layout';
import type { ColumnChunk, ReadColumnsOptions } from './types';

const PIECE_BYTES = 4 << 20;
/** Smaller files are parsed on this thread: starting workers would cost more than they save. */
const PARALLEL_MIN_BYTES = 48 << 20;
const MAX_THREADS = 4;
/**
 * Off: on the 2-core machines this runs on (shared with other work), two parsing threads measured
 * slower than one (bench/drift.mjs prints both); MLOPS_TABLE_THREADS or options.threads opt in.
 */
const PARALLEL_BY_DEFAULT = false;

/** Threads to parse a CSV/TSV file with: options.threads, else MLOPS_TABLE_THREADS, else by its size and the cores. */
export async function threadsFor(path: string, options: ReadColumnsOptions): Promise<number> {
  const asked = options.threads ?? (process.env.MLOPS_TABLE_THREADS ? Number(process.env.MLOPS_TABLE_THREADS) : undefined);
  if (asked !== undefined && Number.isInteger(asked) && asked >= 1) return asked;
  const { size } = await stat(path);
  return size < PARALLEL_MIN_BYTES || !PARALLEL_BY_DEFAULT ? 1 : Math.min(MAX_THREADS, availableParallelism());
}

/** Offsets just after a \n at or after each multiple of PIECE_BYTES, from `start` to the end. */
async function pieceBounds(file: FileHandle, start: number, size: number): Promise<number[]> {
  const bounds = [start];
  const probe = Buffer.allocUnsafe(64 * 1024);
  for (let at = start + PIECE_BYTES; at < size; ) {
    const { bytesRead } = await file.read(probe, 0, probe.length, at);
    const lf = probe.subarray(0, bytesRead).indexOf(10);
    if (bytesRead === 0) break;
    if (lf === -1) {
      at += bytesRead;
      continue;
    }
    bounds.push(at + lf + 1);
    at += lf + 1 + PIECE_BYTES;
  }
  if (bounds[bounds.length - 1]! < size) bounds.push(size);
  return bounds;
}

export async function* parallelDelimitedChunks(path: string, format: 'csv' | 'tsv', options: ReadColumnsOptions, threads: number): AsyncGenerator<ColumnChunk> {
  const file = await open(path, 'r');
  const workers: DelimitedWorker[] = [];
  try {
    const header = await readHeader(file, path, format, options);
    if (!header) return;
    const { parser, dictionaries } = header;
    const { size } = await file.stat();
    const first = { offset: header.offset };
    yield* parseRange(file, parser, header.offset, size, true, first);
    if (first.offset >= size) return;
    const bounds = await pieceBounds(file, first.offset, size);
    const pieces = bounds.length - 1;
    for (let i = 0; i < Math.min(threads, pieces); i++) workers.push(new DelimitedWorker(path, separatorByte(format), chunkRowsOf(options), parser.layout!, dictionaries));
    const inFlight = new Map<number, Promise<PieceResult>>();
    let next = 0;
    const dispatch = (): void => {
      for (; next < pieces && inFlight.size < 2 * workers.length; next++) {
        const result = workers[next % workers.length]!.parse(next, bounds[next]!, bounds[next + 1]!);
        result.catch(() => undefined); // awaited in order below; a rejection must not go unhandled meanwhile
        inFlight.set(next, result);
      }
    };
    for (let piece = 0; piece < pieces; piece++) {
      dispatch();
      const result = await inFlight.get(piece)!;
      inFlight.delete(piece);
      if (result.openQuote) {
        yield* parseRange(file, parser, bounds[piece]!, size);
        return;
      }
      yield* result.chunks;
    }
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
    await file.close();
  }
}
