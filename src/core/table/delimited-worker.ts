import { Worker } from 'node:worker_threads';
import { cellCore } from './delimited-cells';
import type { Dictionary } from './delimited-cells';
import { parserCore } from './delimited-parser';
import type { ParserLayout } from './delimited-parser';
import type { ColumnChunk } from './types';

/**
 * The worker's script: delimited-cells' and delimited-parser's classes from their source text (the CLI is one esbuild
 * bundle and tests run the TypeScript sources; an eval'd script works the same under both), then a
 * loop that parses the byte ranges it is sent. A category column's codes are the worker's own;
 * each reply carries the dictionary entries added since its last reply.
 */
const workerSource = (): string => `
const __name = (target) => target;
const { parentPort, workerData } = require('node:worker_threads');
const { closeSync, openSync, readSync } = require('node:fs');
const cells = (${String(cellCore)})();
const { Dictionary } = cells;
const { DelimitedParser } = (${String(parserCore)})(cells);
const { path, separator, chunkRows, layout } = workerData;
const dictionaries = layout.names.map(() => new Dictionary());
const sent = layout.names.map(() => 0);
const parser = new DelimitedParser(separator, chunkRows);
parser.setLayout(layout, dictionaries);
const fd = openSync(path, 'r');
parentPort.on('message', ({ piece, start, end }) => {
  try {
    const buffer = Buffer.allocUnsafe(end - start);
    for (let done = 0, n; done < buffer.length; done += n) {
      n = readSync(fd, buffer, done, buffer.length - done, start + done);
      if (n === 0) throw new Error('The file shrank while it was read.');
    }
    const chunks = [];
    for (let pos = 0; ; ) {
      pos = parser.parse(buffer, pos, buffer.length, true);
      if (parser.row < chunkRows) break;
      chunks.push(parser.takeChunk());
    }
    if (parser.row > 0) chunks.push(parser.takeChunk());
    const openQuote = parser.openQuote;
    parser.openQuote = false;
    const entries = dictionaries.map((d, i) => d.entries.slice(sent[i], (sent[i] = d.entries.length)));
    const transfer = [];
    const plain = chunks.map((c) => ({
      rowCount: c.rowCount,
      columns: c.columns.map((column) => {
        if (column.kind === 'category') {
          transfer.push(column.codes.buffer);
          return { kind: column.kind, name: column.name, codes: column.codes };
        }
        transfer.push(column.values.buffer, column.missing.buffer);
        return column;
      }),
    }));
    parentPort.postMessage({ piece, chunks: plain, entries, openQuote }, transfer);
  } catch (error) {
    parentPort.postMessage({ piece, error: String(error && error.message) });
  }
});
`;

export interface PieceResult {
  readonly chunks: ColumnChunk[];
  /** The piece ended inside a quoted field: its split point was not a record end. */
  readonly openQuote: boolean;
}

type Reply = { piece: number; error: string } | { piece: number; error?: undefined; chunks: ColumnChunk[]; entries: string[][]; openQuote: boolean };

/** A worker thread that parses byte ranges of one file with fixed column kinds, its codes remapped onto `dictionaries`. */
export class DelimitedWorker {
  private readonly worker: Worker;
  /** Per column: the worker's code → the shared dictionary's code. */
  private readonly codeMaps: number[][];
  private readonly waiting = new Map<number, { resolve: (result: PieceResult) => void; reject: (error: Error) => void }>();

  constructor(path: string, separator: number, chunkRows: number, layout: ParserLayout, private readonly dictionaries: readonly Dictionary[]) {
    this.codeMaps = layout.names.map(() => []);
    this.worker = new Worker(workerSource(), { eval: true, workerData: { path, separator, chunkRows, layout } });
    this.worker.on('message', (reply: Reply) => this.receive(reply));
    this.worker.on('error', (error) => this.failAll(error));
    this.worker.on('exit', (code) => this.failAll(new Error(`A CSV parsing worker exited (code ${code}) before answering.`)));
  }

  parse(piece: number, start: number, end: number): Promise<PieceResult> {
    return new Promise((resolve, reject) => {
      this.waiting.set(piece, { resolve, reject });
      this.worker.postMessage({ piece, start, end });
    });
  }

  terminate(): Promise<number> {
    this.worker.removeAllListeners('exit');
    return this.worker.terminate();
  }

  private receive(reply: Reply): void {
    const waiter = this.waiting.get(reply.piece);
    this.waiting.delete(reply.piece);
    if (reply.error !== undefined) return waiter?.reject(new Error(reply.error));
    // Entries arrive in the order the worker added them, so the maps grow in step with its codes.
    reply.entries.forEach((entries, i) => {
      for (const entry of entries) this.codeMaps[i]!.push(this.dictionaries[i]!.code(entry));
    });
    const chunks = reply.chunks.map((chunk) => ({
      rowCount: chunk.rowCount,
      columns: chunk.columns.map((column, i) => {
        if (column.kind !== 'category') return column;
        const map = this.codeMaps[i]!;
        const codes = column.codes as Int32Array;
        for (let row = 0; row < codes.length; row++) if (codes[row]! >= 0) codes[row] = map[codes[row]!]!;
        return { ...column, dictionary: this.dictionaries[i]!.entries };
      }),
    }));
    waiter?.resolve({ chunks, openQuote: reply.openQuote });
  }

  private failAll(error: Error): void {
    for (const waiter of this.waiting.values()) waiter.reject(error);
    this.waiting.clear();
  }
}
