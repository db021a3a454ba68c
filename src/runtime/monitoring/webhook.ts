import type { AlertingConfig } from '../../core/monitoring';
import { VERSION } from '../../shared/version';
import type { Log } from '../logger';

export type WebhookConfig = NonNullable<AlertingConfig['webhook']>;

export interface WebhookOptions {
  /** First retry's delay; each next one doubles, up to maxBackoffMs, with jitter. Default 1 s. */
  backoffMs?: number;
  maxBackoffMs?: number;
}

/** Statuses worth another try; any other 4xx will not change by retrying. */
const RETRYABLE = (status: number): boolean => status >= 500 || status === 408 || status === 429;

/**
 * POSTs JSON to webhooks in the background: each attempt has a timeout, failures are retried
 * with exponential backoff and jitter, a give-up is logged. Nothing here throws to the caller.
 */
export class WebhookDeliveries {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly stopping = new AbortController();

  constructor(
    private readonly log: Log,
    private readonly options: WebhookOptions = {},
  ) {}

  /** Starts delivering `body`; `what` names it in the log ("alert 12 of weather"). */
  send(webhook: WebhookConfig, body: unknown, what: string): void {
    if (this.stopping.signal.aborted) return;
    const delivery: Promise<void> = this.deliver(webhook, JSON.stringify(body), what)
      .catch((error: Error) => this.log(`alerting: webhook ${webhook.url}: ${what}: ${error.message}`))
      .finally(() => this.inFlight.delete(delivery));
    this.inFlight.add(delivery);
  }

  /** Resolves once every delivery started so far has succeeded or given up. */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Abandons pending attempts and retries. */
  async close(): Promise<void> {
    this.stopping.abort();
    await this.settled();
  }

  private async deliver(webhook: WebhookConfig, body: string, what: string): Promise<void> {
    const attempts = webhook.retries + 1;
    let last = '';
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (this.stopping.signal.aborted) return;
      const outcome = await this.attempt(webhook, body);
      if (outcome.ok) return;
      last = outcome.reason;
      if (this.stopping.signal.aborted) return;
      if (!outcome.retry) {
        this.log(`alerting: webhook ${webhook.url} refused ${what} (${last}); not retrying, check the URL`);
        return;
      }
      if (attempt < attempts) await this.sleep(this.delay(attempt));
    }
    this.log(`alerting: webhook ${webhook.url} gave up on ${what} after ${attempts} attempt${attempts === 1 ? '' : 's'} (last: ${last})`);
  }

  private async attempt(webhook: WebhookConfig, body: string): Promise<{ ok: true } | { ok: false; retry: boolean; reason: string }> {
    const abort = new AbortController();
    const timeoutMs = webhook.timeoutSeconds * 1000;
    const timer = setTimeout(() => abort.abort(), timeoutMs);
    const stop = (): void => abort.abort();
    this.stopping.signal.addEventListener('abort', stop, { once: true });
    try {
      const res = await fetch(webhook.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': `local-mlops/${VERSION}` },
        body,
        signal: abort.signal,
        redirect: 'follow',
      });
      await res.body?.cancel().catch(() => undefined);
      if (res.ok) return { ok: true };
      return { ok: false, retry: RETRYABLE(res.status), reason: `HTTP ${res.status}` };
    } catch (error) {
      const reason = abort.signal.aborted ? `no answer within ${webhook.timeoutSeconds} s` : describe(error);
      return { ok: false, retry: true, reason };
    } finally {
      clearTimeout(timer);
      this.stopping.signal.removeEventListener('abort', stop);
    }
  }

  /** Doubling from backoffMs, capped, then between half and all of it ("equal jitter"). */
  private delay(attempt: number): number {
    const base = this.options.backoffMs ?? 1000;
    const capped = Math.min(this.options.maxBackoffMs ?? 60_000, base * 2 ** (attempt - 1));
    return capped / 2 + Math.random() * (capped / 2);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.stopping.signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.stopping.signal.addEventListener('abort', done, { once: true });
    });
  }
}

/** fetch's "fetch failed" hides the reason in its cause (ECONNREFUSED, ENOTFOUND …). */
function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}
