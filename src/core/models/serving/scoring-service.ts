import type { BodyBytes, Prediction, RowLayout, RowScanner, RowSlices, ScoringRequest, ScoringSessionOptions } from '../scoring';
import { ANSWER_PREFIX, answerJson, bodyLength, bodyText, lenientJsonText, numericTargets, parseJsonBody, parseNumericBody, requestOfCsv, requestOfJson, requestRowCount, requestSlices, rowScanner, scanRows, ScoringError, ScoringSession, SlicedAnswer } from '../scoring';
import type { TaskHint } from '../heads';
import { bodyTypeOf } from './content-type';
import type { PredictionLog } from './prediction-log';
import type { RecordFields } from './prediction-record';
import type { ServingLimits } from './admission';
import { Admission, DEFAULT_SERVING_LIMITS, QUEUED_BODIES_PER_CAPACITY, ServerBusyError } from './admission';
import { predictionRecordPieces } from './prediction-record';
import type { ServedModel, SessionLease } from './session-holder';
import { SessionHolder } from './session-holder';
import { ServingMetrics } from './serving-metrics';

/** An answer for the HTTP layer to send as it is. */
export interface ServingResponse {
  status: number;
  contentType: string;
  /** Pieces are sent one after the other (a large answer is never joined into one buffer). */
  body: string | Buffer | Buffer[];
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
  /** The body, whole or in the chunks it arrived in; only its start when the reader stopped keeping it (a refused body). */
  body: BodyBytes;
  /** The body's size, when more than `body` holds. */
  bodyBytes?: number;
  /** The body's rows as counted while it arrived (see rowScanner); counted here when absent. */
  layout?: RowLayout;
}

export interface ScoringServiceOptions {
  session: ScoringSession;
  model: ServedModel;
  /** Reported by /version and /metrics. */
  serverVersion: string;
  /** Where predictions are recorded; none when undefined. */
  log?: PredictionLog;
  sessionOptions?: ScoringSessionOptions;
  limits?: Partial<ServingLimits>;
}

const JSON_TYPE = 'application/json';
/** How much of a failed request's body the prediction log keeps. */
export const LOGGED_BODY_BYTES = 4096;

/**
 * MLflow's scoring protocol without the HTTP: /invocations, /ping, /health, /version and /metrics
 * as request → response, the hot-swappable model, its metrics and its prediction log. Large
 * requests are scored a slice of rows at a time, yielding to the event loop between slices, and
 * the rows in flight are bounded (RowBudget).
 */
export class ScoringService {
  readonly metrics: ServingMetrics;
  readonly limits: ServingLimits;
  private readonly sessions: SessionHolder;
  /** Rows parsed and scored at once. */
  private readonly rows: Admission;
  /** Bytes of bodies held at once (admitted before they are read). */
  private readonly bodies: Admission;
  private inFlight = 0;
  private idle: (() => void) | undefined;
  private closing = false;

  constructor(private readonly options: ScoringServiceOptions) {
    this.sessions = new SessionHolder(options.session, options.model);
    this.metrics = new ServingMetrics(options.model, options.serverVersion);
    this.limits = { ...DEFAULT_SERVING_LIMITS, ...options.limits };
    const { maxInflightRows, maxQueuedRows, maxInflightBodyBytes } = this.limits;
    this.rows = new Admission(maxInflightRows, maxQueuedRows, (inFlight, queued) => `The server is busy: ${inFlight} rows are being scored and ${queued} are waiting (serving.max_inflight_rows ${maxInflightRows}, serving.max_queued_rows ${maxQueuedRows}); retry later`);
    this.bodies = new Admission(maxInflightBodyBytes, maxInflightBodyBytes * QUEUED_BODIES_PER_CAPACITY, (inFlight, queued) => `The server is busy: ${inFlight} bytes of requests are being read or scored and ${queued} are waiting; retry later`);
  }

  get model(): ServedModel {
    return this.sessions.model;
  }

  /** Counts the rows of a body of this Content-Type as it arrives; undefined for types the server refuses. */
  rowScanner(contentType: string | undefined): RowScanner | undefined {
    const type = bodyTypeOf(contentType);
    return type === 'json' || type === 'csv' ? rowScanner(type, this.limits.maxRowsPerRequest) : undefined;
  }

  /**
   * Room for a body of `bytes` bytes before it is read: the function to call when the request is
   * answered, at once when there is room (no promise hop for the common small request), else a
   * promise of it, which rejects with ServerBusyError when too many wait (answer it with busy()).
   */
  admitBody(bytes: number): (() => void) | Promise<() => void> {
    return this.bodies.tryAcquire(bytes) ?? this.bodies.acquire(bytes);
  }

  /** The 503 for a request refused by admitBody, recorded as refused. */
  busy(invocation: Omit<Invocation, 'body' | 'contentType'>, error: ServerBusyError): ServingResponse {
    const response = errorResponse(error);
    this.refused(invocation, response.status, JSON.parse(response.body as string) as { error_code: string; message: string });
    return { ...response, headers: [...this.sessions.headers, ...(response.headers ?? [])] };
  }

  async invoke(invocation: Invocation): Promise<ServingResponse> {
    this.inFlight++;
    this.metrics.invocationStarted();
    const record: RecordFields = { requestId: invocation.requestId, time: invocation.time, model: this.model, status: 200, latencyMs: 0 };
    let response: ServingResponse;
    let lease: SessionLease | undefined;
    let giveBack: (() => void) | undefined;
    try {
      const type = bodyTypeOf(invocation.contentType);
      if (type !== 'json' && type !== 'csv') throw new UnsupportedMediaType(type);
      if (type === 'csv') record.format = 'csv';
      const layout = invocation.layout ?? scanRows(invocation.body, type, this.limits.maxRowsPerRequest);
      if (layout.tooMany) throw this.tooManyRows();
      if (layout.error) throw layout.error;
      const rows = Math.max(1, layout.rows);
      giveBack = this.rows.tryAcquire(rows) ?? (await this.rows.acquire(rows));
      lease = this.sessions.acquire();
      record.model = lease.model;
      const answer = await this.score(invocation, type, layout, lease, record);
      record.rows = answer.rows;
      record.predictions = answer.predictions;
      this.metrics.rowsScored(answer.rows);
      response = { status: 200, contentType: JSON_TYPE, body: answer.body };
    } catch (error) {
      response = errorResponse(error);
      record.status = response.status;
      record.error = JSON.parse(response.body as string) as RecordFields['error'];
      record.requestJson = undefined;
      record.requestText = bodyText(invocation.body, 0, LOGGED_BODY_BYTES);
      record.requestBytes = invocation.bodyBytes ?? bodyLength(invocation.body);
      this.metrics.invocationFailed(record.error?.error_code ?? 'INTERNAL_ERROR');
    } finally {
      lease?.release();
      giveBack?.();
    }
    response.headers = [...(lease?.headers ?? this.sessions.headers), ...(response.headers ?? [])];
    record.latencyMs = performance.now() - invocation.started;
    if (this.options.log && (record.status !== 200 || this.options.log.sampled())) this.options.log.append(record.time, predictionRecordPieces(record));
    this.finished();
    return response;
  }

  /** Records an invocation the HTTP layer refused before scoring it (413, 408). */
  refused(invocation: Omit<Invocation, 'body' | 'contentType'> & { body?: BodyBytes }, status: number, error: { error_code: string; message: string }): void {
    this.metrics.invocationFailed(error.error_code);
    const latencyMs = performance.now() - invocation.started;
    const body = invocation.body;
    const head = body ? { requestText: bodyText(body, 0, LOGGED_BODY_BYTES), requestBytes: invocation.bodyBytes ?? bodyLength(body) } : {};
    this.options.log?.append(invocation.time, predictionRecordPieces({ requestId: invocation.requestId, time: invocation.time, model: this.model, status, latencyMs, error, ...head }));
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
    return { status: 200, contentType: 'text/plain; version=0.0.4; charset=utf-8', body: this.metrics.render({ rowsInFlight: this.rows.weightInFlight, rowsQueued: this.rows.weightQueued }) };
  }

  /** Loads `bytes` beside the current model, then serves it; a model that fails to load changes nothing. */
  /** `hint`: what the new model predicts when its outputs do not say (its version's tags). */
  async swap(bytes: Uint8Array, model: ServedModel, hint?: TaskHint): Promise<ServedModel> {
    if (this.closing) throw new Error('the server is shutting down');
    const session = await ScoringSession.create(bytes, { ...this.options.sessionOptions, ...(hint && { hint }) });
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

  private tooManyRows(): ServingLimitError {
    const limit = this.limits.maxRowsPerRequest;
    return new ServingLimitError(413, 'REQUEST_TOO_LARGE', `The request has more than ${limit} rows, the limit per request (serving.max_rows_per_request in mlops.yaml, or mlops serve --max-rows); send the rows in smaller batches`);
  }

  /** Scores slice by slice when the body has several slices of rows; else whole. */
  private async score(invocation: Invocation, type: 'json' | 'csv', layout: RowLayout, lease: SessionLease, record: RecordFields): Promise<Answer> {
    const slices = layout.slices;
    if (slices && slices.bounds.length > 2 && !hasFixedBatch(lease.session)) {
      const sliced = await this.scoreSlices(invocation, slices, lease, record);
      if (sliced) return sliced;
    }
    const prediction = await this.predict(invocation, type, layout, record, lease);
    const body = Buffer.from(answerJson(prediction.outputs, prediction.rowCount, prediction.answer));
    return { body, predictions: body.subarray(ANSWER_PREFIX.length, body.length - 1), rows: prediction.rowCount };
  }

  /** Undefined when the model's outputs are not one per row: such a request is scored whole. */
  private async scoreSlices(invocation: Invocation, slices: RowSlices, lease: SessionLease, record: RecordFields): Promise<Answer | undefined> {
    const answer = new SlicedAnswer();
    let lenient = false;
    for (const slice of requestSlices(invocation.body, slices)) {
      record.format = slice.request.format;
      lenient ||= slice.lenient;
      if (!answer.add(await lease.session.predict(slice.request.input, slice.firstRow))) return undefined;
      await nextTurn();
    }
    if (slices.kind === 'csv') record.requestText = bodyText(invocation.body);
    else record.requestJson = lenient ? lenientJsonText(bodyText(invocation.body)) : invocation.body;
    const { pieces, predictions } = answer.pieces();
    return { body: pieces, predictions, rows: answer.rows };
  }

  /** Parses and starts scoring; the parsed body is not kept past the start (see ScoringSession.predict). */
  private predict(invocation: Invocation, type: 'json' | 'csv', layout: RowLayout, record: RecordFields, lease: SessionLease): Promise<Prediction> {
    try {
      return lease.session.predict(this.readRequest(invocation, type, layout, record, lease).input);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  private readRequest(invocation: Invocation, type: 'json' | 'csv', layout: RowLayout, record: RecordFields, lease: SessionLease): ScoringRequest {
    // A body of numbers only goes straight into float32, without JSON.parse; anything else below.
    const numeric = type === 'json' ? parseNumericBody(invocation.body, layout.rows, numericTargets(lease.session.model)) : undefined;
    if (numeric) {
      record.requestJson = invocation.body;
      record.format = numeric.format;
      return this.withinLimit({ format: numeric.format, input: { kind: 'floats', columns: numeric.columns, rows: numeric.rows, width: numeric.width, data: numeric.data } });
    }
    const text = bodyText(invocation.body);
    if (type === 'csv') {
      record.requestText = text;
      return this.withinLimit(requestOfCsv(text));
    }
    const parsed = parseJsonBody(text);
    // The body's own bytes when they parsed as they are: the log then copies nothing.
    record.requestJson = parsed.text === text ? invocation.body : parsed.text;
    const request = this.withinLimit(requestOfJson(parsed.value));
    record.format = request.format;
    return request;
  }

  /** The row limit once more, for bodies whose rows could not be counted before parsing. */
  private withinLimit(request: ScoringRequest): ScoringRequest {
    if (requestRowCount(request.input) > this.limits.maxRowsPerRequest) throw this.tooManyRows();
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

interface Answer {
  body: Buffer | Buffer[];
  /** The bytes of its "predictions" value, for the prediction log. */
  predictions: Buffer | Buffer[];
  rows: number;
}

/** A limit of the server's own (rows per request): answered with its status and MLflow error code. */
class ServingLimitError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
  }
}

/** A model whose inputs take batches of a fixed size cannot be fed slices of another size. */
function hasFixedBatch(session: ScoringSession): boolean {
  return session.model.inputs.some((input) => typeof input.shape?.[0] === 'number');
}

/** Lets the event loop answer what arrived (/ping, other requests) before the next slice. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

class UnsupportedMediaType extends Error {}

function errorResponse(error: unknown): ServingResponse {
  if (error instanceof ServerBusyError) return { ...errorJson(503, 'TEMPORARILY_UNAVAILABLE', error.message), headers: ['retry-after', String(error.retryAfterSeconds)] };
  if (error instanceof ServingLimitError) return errorJson(error.status, error.errorCode, error.message);
  if (error instanceof UnsupportedMediaType) return errorJson(415, 'UNSUPPORTED_MEDIA_TYPE', error.message);
  if (error instanceof ScoringError) return errorJson(400, error.errorCode, error.message);
  return errorJson(500, 'INTERNAL_ERROR', `Internal error: ${(error as Error).message ?? String(error)}`);
}

function errorJson(status: number, errorCode: string, message: string): ServingResponse {
  return { status, contentType: JSON_TYPE, body: JSON.stringify({ error_code: errorCode, message }) };
}
