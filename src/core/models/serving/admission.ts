/** How much scoring work `mlops serve` takes on at once (the `serving:` settings of the same names). */
export interface ServingLimits {
  /** Rows one request may hold; more are refused with 413. */
  maxRowsPerRequest: number;
  /** Rows being parsed and scored at once, over all requests; more wait their turn. */
  maxInflightRows: number;
  /** Rows waiting for their turn; past this a request is refused with 503 and Retry-After. */
  maxQueuedRows: number;
  /**
   * Bytes of bodies being received or scored at once; a request waits for room before its body is
   * read (it stays in the client and the kernel meanwhile). `mlops serve` sets twice max_body_mb.
   */
  maxInflightBodyBytes: number;
}

export const DEFAULT_SERVING_LIMITS: ServingLimits = { maxRowsPerRequest: 100_000, maxInflightRows: 250_000, maxQueuedRows: 1_000_000, maxInflightBodyBytes: 64 * 1024 * 1024 };

/** Requests waiting for room for their body, beyond which they are refused: waiting costs no memory, only time. */
export const QUEUED_BODIES_PER_CAPACITY = 16;

/**
 * Work of at most this share of the capacity does not queue behind larger work when it fits now:
 * a one-row request is not held up by a waiting 100,000-row one. The default capacity leaves room
 * for it beside two maximal requests (250,000 rows against 100,000 per request).
 */
const SMALL_SHARE = 0.01;

/** The server is at its limits now; the client should retry after `retryAfterSeconds`. */
export class ServerBusyError extends Error {
  readonly retryAfterSeconds = 1;
}

interface Waiter {
  weight: number;
  grant(): void;
}

/**
 * Admits work by weight (rows, bytes) while the weight in flight stays within `capacity`; the rest
 * waits in arrival order (small work may pass, see SMALL_SHARE) as long as the waiting weight
 * stays within `queueCapacity`, past which it is refused (ServerBusyError). Work heavier than the
 * whole capacity runs alone.
 */
export class Admission {
  private inFlight = 0;
  private queued = 0;
  private readonly waiters: Waiter[] = [];

  constructor(
    private readonly capacity: number,
    private readonly queueCapacity: number,
    /** The sentence for a refusal: what is in flight and waiting, and which settings bound them. */
    private readonly busy: (inFlight: number, queued: number) => string,
  ) {}

  /** The function that gives the weight back when admitted at once; undefined when it would wait. */
  tryAcquire(weight: number): (() => void) | undefined {
    const mayPass = this.waiters.length === 0 || weight <= this.capacity * SMALL_SHARE;
    return mayPass && this.fits(weight) ? this.take(weight) : undefined;
  }

  /** Resolves with the function that gives the weight back, once admitted. */
  acquire(weight: number): Promise<() => void> {
    const now = this.tryAcquire(weight);
    if (now) return Promise.resolve(now);
    if (this.waiters.length > 0 && this.queued + weight > this.queueCapacity) return Promise.reject(new ServerBusyError(this.busy(this.inFlight, this.queued)));
    this.queued += weight;
    return new Promise((resolve) => this.waiters.push({ weight, grant: () => resolve(this.take(weight)) }));
  }

  get weightInFlight(): number {
    return this.inFlight;
  }

  get weightQueued(): number {
    return this.queued;
  }

  private fits(weight: number): boolean {
    return this.inFlight === 0 || this.inFlight + weight <= this.capacity;
  }

  private take(weight: number): () => void {
    this.inFlight += weight;
    let given = false;
    return () => {
      if (given) return;
      given = true;
      this.inFlight -= weight;
      this.admitWaiting();
    };
  }

  private admitWaiting(): void {
    while (this.waiters.length > 0 && this.fits(this.waiters[0]!.weight)) {
      const waiter = this.waiters.shift()!;
      this.queued -= waiter.weight;
      waiter.grant();
    }
  }
}
