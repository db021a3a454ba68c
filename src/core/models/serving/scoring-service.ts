import type { Prediction, ScoringRequest, ScoringSessionOptions } from '../scoring';
import { ANSWER_PREFIX, answerJson, parseJsonBody, requestOfCsv, requestOfJson, ScoringError, ScoringSession } from '../scoring';
import { bodyTypeOf } from './content-type';
import type { PredictionLog } from './prediction-log';
import type { RecordFields } from './prediction-record';
import { predictionRecordPieces } from './prediction-record';
import type { ServedModel, SessionLease } from './session-holder';
import { SessionHolder } from './session-holder';
import { ServingMetrics } from './serving-metrics';

/** An answer for the HTTP layer to send as it is. */
export interface ServingResponse {
  status: number;
  contentType: string;
  body: string | Buffer;
  /** More headers, as a flat list: name, value, name, value… */
  headers?: readonly string[];
}

export interface Invocation {
  requestId: string;
  /** ISO time the request arrived. */
  time: string;
  /** performance.now() when it arrived. */
  started: number;
  contentType: string | undefined;
  body: Buffer;
}

export interface ScoringServiceOptions {
  session: ScoringSession;
  model: ServedModel;
  /** Reported by /version and /metrics. */
  serverVersion: string;
  /** Where predictions are recorded; none when undefined. */
  log?: PredictionLog;
  sessionOptions?: ScoringSessionOptions;
}

const JSON_TYPE = 'application/json';

/**
 * MLflow's scoring protocol without the HTTP: /invocations, /ping, /health, /version and /metrics
 * as request → response, the hot-swappable model, its metrics and its prediction log.
 */
export class ScoringService {
  readonly metrics: ServingMetrics;
  private readonly sessions: SessionHolder;
  private inFlight = 0;
  private idle: (() => void) | undefined;
  private closing = false;

  constructor(private readonly options: ScoringServiceOptions) {
    this.sessions = new SessionHolder(options.session, options.model);
    this.metrics = new ServingMetrics(options.model, options.serverVersion);
  }

  get model(): ServedModel {
    return this.sessions.model;
  }

  async invoke(invocation: Invocation): Promise<ServingResponse> {
    this.inFlight++;
    this.metrics.invocationStarted();
    const lease = this.sessions.acquire();
    const record: RecordFields = { requestId: invocation.requestId, time: invocation.time, model: lease.model, status: 200, latencyMs: 0 };
    let response: ServingResponse;
    try {
      const prediction = await this.predict(invocation, record, lease);
      record.rows = prediction.rowCount;
      const body = Buffer.from(answerJson(prediction.outputs, prediction.rowCount, prediction.answer));
      record.predictions = body.subarray(ANSWER_PREFIX.length, body.length - 1);
      this.metrics.rowsScored(prediction.rowCount);
      response = { status: 200, contentType: JSON_TYPE, body };
    } catch (error) {
      response = errorResponse(error);
      record.status = response.status;
      record.error = JSON.parse(response.body as string) as RecordFields['error'];
      this.metrics.invocationFailed(record.error?.error_code ?? 'INTERNAL_ERROR');
    } finally {
      lease.release();
    }
    response.headers = lease.headers;
    record.latencyMs = performance.now() - invocation.started;
    if (this.options.log && (record.status !== 200 || this.options.log.sampled())) this.options.log.append(record.time, predictionRecordPieces(record));
    this.finished();
    return response;
  }

  /** Records an invocation the HTTP layer refused before scoring it (413, 408). */
  refused(invocation: Omit<Invocation, 'body' | 'contentType'>, status: number, error: { error_code: string; message: string }): void {
    this.metrics.invocationFailed(error.error_code);
    const latencyMs = performance.now() - invocation.started;
    this.options.log?.append(invocation.time, predictionRecordPieces({ requestId: invocation.requestId, time: invocation.time, model: this.model, status, latencyMs, error }));
  }

  /** /ping and /health: MLflow answers "\n"; 503 once shutting down, so balancers stop sending. */
  ping(): ServingResponse {
    return this.closing ? { status: 503, contentType: JSON_TYPE, body: '{"error_code":"TEMPORARILY_UNAVAILABLE","message":"The server is shutting down"}' } : { status: 200, contentType: JSON_TYPE, body: '\n' };
  }

  version(): ServingResponse {
    const { name, version, alias } = this.model;
    return { status: 200, contentType: JSON_TYPE, body: JSON.stringify({ version: this.options.serverVersion, model: { name, version, ...(alias !== undefined && { alias }) } }) };
  }

  metricsText(): ServingResponse {
    return { status: 200, contentType: 'text/plain; version=0.0.4; charset=utf-8', body: this.metrics.render() };
  }

  /** Loads `bytes` beside the current model, then serves it; a model that fails to load changes nothing. */
  async swap(bytes: Uint8Array, model: ServedModel): Promise<ServedModel> {
    if (this.closing) throw new Error('the server is shutting down');
    const session = await ScoringSession.create(bytes, this.options.sessionOptions);
    if (this.closing) {
      await session.release();
      throw new Error('the server is shutting down');
    }
    const previous = this.sessions.swap(session, model);
    this.metrics.modelSwapped(model);
    return previous;
  }

  /** Waits for invocations in progress, writes the prediction log out, releases the sessions. */
  async close(): Promise<void> {
    this.closing = true;
    if (this.inFlight > 0) await new Promise<void>((resolve) => (this.idle = resolve));
    await this.options.log?.close();
    await this.sessions.close();
  }

  /** Parses and starts scoring; the parsed body is not kept past the start (see ScoringSession.predict). */
  private predict(invocation: Invocation, record: RecordFields, lease: SessionLease): Promise<Prediction> {
    try {
      return lease.session.predict(this.readRequest(invocation, record).input);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  private readRequest(invocation: Invocation, record: RecordFields): ScoringRequest {
    const type = bodyTypeOf(invocation.contentType);
    if (type !== 'json' && type !== 'csv') throw new UnsupportedMediaType(type);
    const text = invocation.body.toString('utf8');
    if (type === 'csv') {
      record.format = 'csv';
      record.requestText = text;
      return requestOfCsv(text);
    }
    let parsed: ReturnType<typeof parseJsonBody>;
    try {
      parsed = parseJsonBody(text);
    } catch (error) {
      record.requestText = text;
      throw error;
    }
    // The body's own bytes when they parsed as they are: the log then copies nothing.
    record.requestJson = parsed.text === text ? invocation.body : parsed.text;
    const request = requestOfJson(parsed.value);
    record.format = request.format;
    return request;
  }

  private finished(): void {
    this.inFlight--;
    this.metrics.invocationFinished();
    if (this.inFlight === 0 && this.idle) {
      this.idle();
      this.idle = undefined;
    }
  }
}

class UnsupportedMediaType extends Error {}

function errorResponse(error: unknown): ServingResponse {
  if (error instanceof UnsupportedMediaType) return errorJson(415, 'UNSUPPORTED_MEDIA_TYPE', error.message);
  if (error instanceof ScoringError) return errorJson(400, error.errorCode, error.message);
  return errorJson(500, 'INTERNAL_ERROR', `Internal error: ${(error as Error).message ?? String(error)}`);
}

function errorJson(status: number, errorCode: string, message: string): ServingResponse {
  return { status, contentType: JSON_TYPE, body: JSON.stringify({ error_code: errorCode, message }) };
}
