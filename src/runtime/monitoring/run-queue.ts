import { ApiError } from '../http';

interface Waiting<R> {
  name: string;
  promise: Promise<R>;
  resolve(result: R): void;
  reject(error: unknown): void;
}

/**
 * Runs named jobs one at a time, in the order first asked for. Asking for a job that is already
 * waiting joins that request; asking while it runs queues exactly one follow-up run, which every
 * further request until it starts shares.
 */
export class RunQueue<R> {
  private readonly waiting = new Map<string, Waiting<R>>();
  private current: { name: string; done: Promise<void> } | undefined;
  private closed = false;

  constructor(private readonly work: (name: string) => Promise<R>) {}

  /** The result of a run of `name` that starts after this call. */
  request(name: string): Promise<R> {
    if (this.closed) return Promise.reject(new ApiError('TEMPORARILY_UNAVAILABLE', 'The runtime is stopping; run the monitor again once it is back.'));
    const queued = this.waiting.get(name);
    if (queued) return queued.promise;
    let settle!: Pick<Waiting<R>, 'resolve' | 'reject'>;
    const promise = new Promise<R>((resolve, reject) => (settle = { resolve, reject }));
    this.waiting.set(name, { name, promise, ...settle });
    this.pump();
    return promise;
  }

  get running(): string | undefined {
    return this.current?.name;
  }

  /** Drops what waits (its requests fail) and resolves once the running job is done. */
  async close(): Promise<void> {
    this.closed = true;
    for (const waiting of this.waiting.values()) waiting.reject(new ApiError('TEMPORARILY_UNAVAILABLE', 'The runtime stopped before the monitor ran.'));
    this.waiting.clear();
    await this.current?.done;
  }

  private pump(): void {
    if (this.current || this.closed) return;
    const next = this.waiting.values().next();
    if (next.done) return;
    const job = next.value;
    this.waiting.delete(job.name);
    const done = Promise.resolve()
      .then(() => this.work(job.name))
      .then(job.resolve, job.reject)
      .finally(() => {
        this.current = undefined;
        this.pump();
      });
    this.current = { name: job.name, done };
  }
}
