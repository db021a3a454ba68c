import type { WriteStream } from 'node:fs';
import { createWriteStream, mkdirSync, openSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { DayFile } from './log-retention';
import { enforceRetention } from './log-retention';

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
 * The prediction log: one JSON line per request in yyyy-mm-dd.jsonl files (UTC days), appended in
 * batches every flushIntervalMs. close() writes everything appended before it, so every answered
 * request is on disk after a graceful stop; a process killed outright loses at most the records of
 * the last interval (they are still in memory). Writes reach the OS, not the platter: no fsync.
 */
export class PredictionLog {
  /**
   * Buffers, not strings: they live outside the JS heap, so records waiting for a flush do not
   * age into V8's old generation (and mostly are the request's and response's own bytes).
   */
  private pending: Buffer[] = [];
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
   * or as the pieces predictionRecordPieces makes (ending with the line break).
   */
  append(time: string, record: string | Buffer[]): void {
    if (this.closed) return this.drop(1, 'the log is closed');
    const day = time.slice(0, 10);
    if (day !== this.pendingDay && this.pending.length > 0) this.flush();
    if (this.pendingBytes + (this.stream?.writableLength ?? 0) > this.options.maxPendingBytes) return this.drop(1, 'the disk is not keeping up');
    const pieces = typeof record === 'string' ? [Buffer.from(`${record}\n`)] : record;
    this.pendingDay = day;
    for (const piece of pieces) {
      this.pending.push(piece);
      this.pendingBytes += piece.length;
    }
    this.pendingRecords++;
  }

  /** Hands the queued records to the file stream. */
  flush(): void {
    if (this.pending.length === 0) return;
    const pieces = this.pending;
    const bytes = this.pendingBytes;
    const records = this.pendingRecords;
    this.pending = [];
    this.pendingBytes = 0;
    this.pendingRecords = 0;
    const stream = this.streamFor(this.pendingDay);
    if (!stream) return this.drop(records, 'the log file cannot be opened');
    if (!this.makeRoom(bytes)) return this.drop(records, `the prediction log is at its size limit (${this.options.maxBytes} bytes)`);
    this.fileBytes += bytes;
    this.written[this.streamDay] = this.fileBytes;
    stream.cork();
    for (let i = 0; i < pieces.length - 1; i++) stream.write(pieces[i]);
    stream.write(pieces[pieces.length - 1], (error) => {
      if (error) this.drop(records, `write failed: ${error.message}`);
    });
    stream.uncork();
  }

  /** Writes everything queued and closes the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    clearInterval(this.timer);
    await this.endStream();
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
      const stream = createWriteStream(path, { fd: openSync(path, 'a'), flags: 'a' });
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
