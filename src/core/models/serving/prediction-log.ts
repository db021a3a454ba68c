import type { WriteStream } from 'node:fs';
import { createWriteStream, fstatSync, mkdirSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { DayFile } from './log-retention';
import { enforceRetention } from './log-retention';

/** Records are copied into batches of this size; a full batch is written at once. */
const BATCH_BYTES = 1024 * 1024;
const SPARE_BATCHES = 4;

export interface PredictionLogOptions {
  /** The model's folder: .mlops/predictions/<model>. */
  dir: string;
  /** Share of successful requests logged, 0..1; failures are always logged. */
  sampleRate: number;
  /** Files of more than this many days (today included) are deleted. */
  maxDays: number;
  /** The folder is kept under this size by deleting its oldest files; past it today's records are dropped. */
  maxBytes: number;
  /** Records wait in memory at most this long before they are written. */
  flushIntervalMs: number;
  /** Records waiting to be written beyond this many bytes are dropped rather than held in memory. */
  maxPendingBytes: number;
  onDropped?(count: number, reason: string): void;
  onError?(message: string): void;
}

/**
 * The prediction log: one JSON line per request in yyyy-mm-dd.jsonl files (UTC days). append()
 * only copies the record's bytes into the current batch (a 1 MiB buffer), so a request holds no
 * buffer past its answer and the log adds one memcpy to it; the batch is handed to the file
 * stream (written on libuv's thread pool, off the event loop) every flushIntervalMs or as soon as
 * it is full. close() writes everything appended before it, so every answered request is on disk
 * after a graceful stop. A process killed outright loses at most the records appended since the
 * last flush (flushIntervalMs, 200 ms by default, or one 1 MiB batch, whichever comes first) and
 * the writes the OS had not taken yet; lines before them are whole. A line cut short by the kill
 * is skipped by the reader, and closed off with a line break when the log opens that file again,
 * so the next record starts a line of its own. Writes reach the OS, not the platter: no fsync.
 */
export class PredictionLog {
  /** Full batches waiting for the next flush; the batch being filled is `batch` up to `batchUsed`. */
  private sealed: Buffer[] = [];
  private batch: Buffer | undefined;
  private batchUsed = 0;
  /** Written batches' buffers, for reuse. */
  private readonly spare: Buffer[] = [];
  private pendingRecords = 0;
  private pendingBytes = 0;
  private pendingDay = '';
  private stream: WriteStream | undefined;
  private streamDay = '';
  private fileBytes = 0;
  private otherFiles: DayFile[] = [];
  /** Bytes this log has handed to each day's file: the disk lags behind by the writes in flight. */
  private readonly written: Record<string, number> = {};
  private readonly timer: NodeJS.Timeout;
  private closed = false;
  private flushSoon = false;

  constructor(private readonly options: PredictionLogOptions) {
    mkdirSync(options.dir, { recursive: true });
    this.timer = setInterval(() => this.flush(), options.flushIntervalMs);
    this.timer.unref();
  }

  /** Whether to log this successful request (the sampling rate). */
  sampled(): boolean {
    return this.options.sampleRate >= 1 || Math.random() < this.options.sampleRate;
  }

  /**
   * Queues one record, `time` its ISO timestamp: a JSON object as text (without its line break),
   * or as the pieces predictionRecordPieces makes (ending with the line break). The pieces are
   * copied: the caller may reuse them at once.
   */
  append(time: string, record: string | Buffer[]): void {
    if (this.closed) return this.drop(1, 'the log is closed');
    const day = time.slice(0, 10);
    if (day !== this.pendingDay && this.pendingRecords > 0) this.flush();
    if (this.pendingBytes + (this.stream?.writableLength ?? 0) > this.options.maxPendingBytes) return this.drop(1, 'the disk is not keeping up');
    this.pendingDay = day;
    if (typeof record === 'string') {
      const bytes = Buffer.byteLength(record) + 1;
      const at = this.room(bytes);
      this.batch!.write(record, at);
      this.batch![at + bytes - 1] = 0x0a;
    } else {
      let bytes = 0;
      for (const piece of record) bytes += piece.length;
      let at = this.room(bytes);
      for (const piece of record) at += piece.copy(this.batch!, at);
    }
    this.pendingRecords++;
  }

  /** Hands the queued records to the file stream. */
  flush(): void {
    if (this.pendingRecords === 0) return;
    const batches = this.sealed;
    if (this.batch && this.batchUsed > 0) batches.push(this.batch.subarray(0, this.batchUsed));
    const bytes = this.pendingBytes;
    const records = this.pendingRecords;
    this.sealed = [];
    this.batch = undefined;
    this.batchUsed = 0;
    this.pendingBytes = 0;
    this.pendingRecords = 0;
    const stream = this.streamFor(this.pendingDay);
    if (!stream) return this.drop(records, 'the log file cannot be opened');
    if (!this.makeRoom(bytes)) return this.drop(records, `the prediction log is at its size limit (${this.options.maxBytes} bytes)`);
    this.fileBytes += bytes;
    this.written[this.streamDay] = this.fileBytes;
    for (let i = 0; i < batches.length; i++) {
      const batch = batches[i]!;
      const last = i === batches.length - 1;
      stream.write(batch, (error) => {
        if (error && last) this.drop(records, `write failed: ${error.message}`);
        this.reuse(batch);
      });
    }
  }

  /** Keeps a written batch's buffer for the next batches: its pages are already mapped (a fresh one faults each page in). */
  private reuse(batch: Buffer): void {
    if (batch.buffer.byteLength === BATCH_BYTES && this.spare.length < SPARE_BATCHES) this.spare.push(Buffer.from(batch.buffer));
  }

  /** Writes everything queued and closes the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    clearInterval(this.timer);
    await this.endStream();
  }

  /** Where `bytes` more go in the current batch (a new one when they do not fit); counts them as pending. */
  private room(bytes: number): number {
    if (this.batch && this.batchUsed + bytes > this.batch.length) {
      this.sealed.push(this.batch.subarray(0, this.batchUsed));
      this.batch = undefined;
    }
    if (!this.batch) {
      this.batch = (bytes <= BATCH_BYTES && this.spare.pop()) || Buffer.allocUnsafeSlow(Math.max(BATCH_BYTES, bytes));
      this.batchUsed = 0;
    }
    const at = this.batchUsed;
    this.batchUsed += bytes;
    this.pendingBytes += bytes;
    // A full batch goes to the disk now rather than at the next tick of the timer.
    if (this.pendingBytes >= BATCH_BYTES && !this.flushSoon) {
      this.flushSoon = true;
      setImmediate(() => {
        this.flushSoon = false;
        this.flush();
      });
    }
    return at;
  }

  private streamFor(day: string): WriteStream | undefined {
    if (this.stream && this.streamDay === day) return this.stream;
    this.endStream().catch((error: unknown) => this.options.onError?.(`prediction log: ${(error as Error).message}`));
    try {
      const kept = enforceRetention(this.options.dir, day, this.options.maxDays, this.options.maxBytes, this.written);
      this.fileBytes = kept.find((f) => f.day === day)?.bytes ?? 0;
      this.otherFiles = kept.filter((f) => f.day !== day);
      // Opened synchronously (once a day) so the file exists for the next retention pass.
      const path = join(this.options.dir, `${day}.jsonl`);
      const fd = openSync(path, 'a+');
      this.fileBytes += endLine(fd);
      const stream = createWriteStream(path, { fd, flags: 'a' });
      stream.on('error', (error) => {
        this.options.onError?.(`prediction log: ${error.message}`);
        if (this.stream === stream) this.stream = undefined;
      });
      this.stream = stream;
      this.streamDay = day;
      return stream;
    } catch (error) {
      this.options.onError?.(`prediction log: ${(error as Error).message}`);
      return undefined;
    }
  }

  /** Deletes the oldest other days until `bytes` more fit under maxBytes; false if they cannot. */
  private makeRoom(bytes: number): boolean {
    const others = () => this.otherFiles.reduce((sum, f) => sum + f.bytes, 0);
    while (this.fileBytes + bytes + others() > this.options.maxBytes && this.otherFiles.length > 0) {
      const oldest = this.otherFiles.shift()!;
      try {
        rmSync(oldest.path, { force: true });
      } catch (error) {
        this.options.onError?.(`prediction log: ${(error as Error).message}`);
      }
    }
    return this.fileBytes + bytes + others() <= this.options.maxBytes;
  }

  private endStream(): Promise<void> {
    const stream = this.stream;
    this.stream = undefined;
    this.streamDay = '';
    if (!stream) return Promise.resolve();
    return new Promise((resolve) => {
      stream.once('error', () => resolve());
      stream.end(() => resolve());
    });
  }

  private drop(count: number, reason: string): void {
    this.options.onDropped?.(count, reason);
  }
}

/** Ends a file whose last line was cut short (a killed process) with a line break; the bytes written. */
function endLine(fd: number): number {
  const size = fstatSync(fd).size;
  if (size === 0) return 0;
  const last = Buffer.alloc(1);
  readSync(fd, last, 0, 1, size - 1);
  if (last[0] === 0x0a) return 0;
  writeSync(fd, '\n');
  return 1;
}
