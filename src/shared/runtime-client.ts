import type { ErrorBody, HealthResponse, RuntimeStatus } from './api';
import { HEALTH, STATUS, call } from './contract';
import { isErrorBody } from './api';
import type { RuntimeEvent } from './events';
import { SseParser, parseRuntimeEvent } from './events';
import type { RuntimeInfo } from './runtime-info';
import { runtimeBaseUrl } from './runtime-info';

/** A request to the runtime that failed; `code` is the runtime's error_code or a transport code. */
export class RuntimeRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'RuntimeRequestError';
  }
}

export interface EventSubscription {
  close(): void;
}

export interface SubscribeOptions {
  onEvent(event: RuntimeEvent): void;
  onState?(state: 'open' | 'retrying', error?: unknown): void;
  /** Sequence number of the last event already seen; missed events are replayed from there. */
  since?: number;
  retryMs?: number;
}

/** Typed HTTP client of the runtime's own API, shared by the extension and the CLI. */
export class RuntimeClient {
  readonly baseUrl: string;

  constructor(
    readonly info: RuntimeInfo,
    private readonly timeoutMs = 10_000,
  ) {
    this.baseUrl = runtimeBaseUrl(info);
  }

  async health(): Promise<HealthResponse> {
    return call(this, HEALTH);
  }

  async status(): Promise<RuntimeStatus> {
    return call(this, STATUS);
  }

  /**
   * Raw access with a type the caller picks, for tests and probes only: code in src/ calls a
   * declared route with `call(client, ROUTE, params)` (test/unit/contract.test.ts checks).
   */
  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    return (await this.send(method, path, body)) as T;
  }

  /** Sends one request and answers its parsed JSON; a failure is a RuntimeRequestError. */
  async send(method: string, path: string, body?: unknown): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(this.baseUrl + path, {
        method,
        headers: this.headers(body !== undefined),
        ...(body !== undefined && { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new RuntimeRequestError(0, 'RUNTIME_UNREACHABLE', `The MLOps runtime at ${this.baseUrl} did not answer: ${describe(error)}`);
    }
    const text = await response.text();
    let parsed: unknown = undefined;
    if (text.length > 0) {
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new RuntimeRequestError(response.status, 'BAD_RESPONSE', `The runtime answered ${method} ${path} with non-JSON text: ${text.slice(0, 200)}`);
      }
    }
    if (!response.ok) {
      const error: ErrorBody = isErrorBody(parsed) ? parsed : { error_code: 'HTTP_' + response.status, message: text.slice(0, 200) };
      throw new RuntimeRequestError(response.status, error.error_code, error.message);
    }
    return parsed;
  }

  /** Uploads a file into the proxied artifact store (`path` relative to mlflow-artifacts:/). */
  async putArtifact(path: string, body: string | Uint8Array): Promise<void> {
    const encoded = path.split('/').map(encodeURIComponent).join('/');
    const response = await fetch(`${this.baseUrl}/api/2.0/mlflow-artifacts/artifacts/${encoded}`, {
      method: 'PUT',
      headers: this.headers(false),
      body: body as BodyInit,
      signal: AbortSignal.timeout(this.timeoutMs * 6),
    });
    if (!response.ok) {
      const text = await response.text();
      throw new RuntimeRequestError(response.status, 'ARTIFACT_UPLOAD_FAILED', `Uploading artifact ${path} failed: ${text.slice(0, 200)}`);
    }
  }

  /** Follows the event stream, reconnecting after failures and replaying what was missed. */
  subscribe(options: SubscribeOptions): EventSubscription {
    let lastSeq = options.since ?? -1;
    let closed = false;
    let controller: AbortController | undefined;
    const retryMs = options.retryMs ?? 1000;

    const loop = async (): Promise<void> => {
      while (!closed) {
        controller = new AbortController();
        try {
          // A reconnect asks for the events after the last one seen (the runtime's log replays them).
          const query = lastSeq >= 0 ? `?since=${lastSeq}` : '';
          const headers = { ...this.headers(false), ...(lastSeq >= 0 && { 'last-event-id': String(lastSeq) }) };
          const response = await fetch(`${this.baseUrl}/api/events${query}`, { headers, signal: controller.signal });
          if (!response.ok || !response.body) throw new RuntimeRequestError(response.status, 'EVENTS_REFUSED', `event stream refused with HTTP ${response.status}`);
          options.onState?.('open');
          const parser = new SseParser();
          const decoder = new TextDecoder();
          const reader = response.body.getReader();
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            for (const message of parser.push(decoder.decode(value, { stream: true }))) {
              const event = parseRuntimeEvent(message);
              if (!event) continue;
              lastSeq = Math.max(lastSeq, event.seq);
              options.onEvent(event);
            }
            const position = Number(parser.lastEventId);
            if (parser.lastEventId !== undefined && Number.isInteger(position)) lastSeq = Math.max(lastSeq, position);
          }
          if (!closed) options.onState?.('retrying');
        } catch (error) {
          if (closed) return;
          options.onState?.('retrying', error);
        }
        if (!closed) await new Promise((resolve) => setTimeout(resolve, retryMs));
      }
    };
    // The loop catches its own failures; only a listener that throws from onState could end it.
    loop().catch((error: unknown) => console.error(`runtime events: the subscription stopped: ${(error as Error).message}`));
    return {
      close: () => {
        closed = true;
        controller?.abort();
      },
    };
  }

  private headers(json: boolean): Record<string, string> {
    return {
      authorization: `Bearer ${this.info.token}`,
      ...(json && { 'content-type': 'application/json' }),
    };
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
  }
  return String(error);
}
