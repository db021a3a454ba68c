import { Histogram } from './histogram';
import type { ServedModel } from './session-holder';

/** Seconds: from a quarter millisecond to ten seconds. */
const LATENCY_BUCKETS = [0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Rows per invocation: powers of 4 up to 65,536. */
const BATCH_BUCKETS = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536];
const ENDPOINTS = new Set(['/invocations', '/ping', '/health', '/version', '/metrics']);

/** The model server's counters, rendered in Prometheus' text exposition format (version 0.0.4). */
export class ServingMetrics {
  private readonly requests = new Map<string, number>();
  private readonly errors = new Map<string, number>();
  private readonly latency = new Histogram(LATENCY_BUCKETS);
  private readonly batchSize = new Histogram(BATCH_BUCKETS);
  private inFlight = 0;
  private swaps = 0;
  private logDropped = 0;
  private model: ServedModel;

  constructor(
    model: ServedModel,
    private readonly serverVersion: string,
  ) {
    this.model = model;
  }

  /** Every answered request, any endpoint; unknown paths count as "other". */
  requestFinished(path: string, status: number, seconds: number): void {
    const key = `${ENDPOINTS.has(path) ? path : 'other'}\u0000${status}`;
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
    if (path === '/invocations') this.latency.observe(seconds);
  }

  invocationStarted(): void {
    this.inFlight++;
  }

  invocationFinished(): void {
    this.inFlight--;
  }

  invocationFailed(errorCode: string): void {
    this.errors.set(errorCode, (this.errors.get(errorCode) ?? 0) + 1);
  }

  rowsScored(rows: number): void {
    this.batchSize.observe(rows);
  }

  modelSwapped(model: ServedModel): void {
    this.model = model;
    this.swaps++;
  }

  predictionsDropped(count: number): void {
    this.logDropped += count;
  }

  /** `load`: the rows being scored and waiting now (the row budget's gauges). */
  render(load: { rowsInFlight: number; rowsQueued: number } = { rowsInFlight: 0, rowsQueued: 0 }): string {
    const lines: string[] = [];
    const family = (name: string, type: string, help: string, samples: string[]) => lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, ...samples);
    family('mlops_serving_requests_total', 'counter', 'Requests answered, by endpoint and HTTP status.', [...this.requests].map(([key, n]) => {
      const [endpoint, status] = key.split('\u0000');
      return `mlops_serving_requests_total{endpoint="${endpoint}",status="${status}"} ${n}`;
    }));
    family('mlops_serving_errors_total', 'counter', 'Invocations answered with an error, by MLflow error code.', [...this.errors].map(([code, n]) => `mlops_serving_errors_total{error_code="${code}"} ${n}`));
    family('mlops_serving_request_duration_seconds', 'histogram', 'Time from request to response of /invocations.', this.latency.render('mlops_serving_request_duration_seconds'));
    family('mlops_serving_batch_size', 'histogram', 'Rows scored per successful invocation.', this.batchSize.render('mlops_serving_batch_size'));
    family('mlops_serving_in_flight_requests', 'gauge', 'Invocations being scored now.', [`mlops_serving_in_flight_requests ${this.inFlight}`]);
    family('mlops_serving_in_flight_rows', 'gauge', 'Rows being parsed and scored now, bounded by serving.max_inflight_rows.', [`mlops_serving_in_flight_rows ${load.rowsInFlight}`]);
    family('mlops_serving_queued_rows', 'gauge', 'Rows of requests waiting for their turn, bounded by serving.max_queued_rows.', [`mlops_serving_queued_rows ${load.rowsQueued}`]);
    family('mlops_serving_model_swaps_total', 'counter', 'Hot swaps to another model version since start.', [`mlops_serving_model_swaps_total ${this.swaps}`]);
    family('mlops_serving_prediction_log_dropped_total', 'counter', 'Predictions not written to the prediction log (over its size limit, or a write error).', [`mlops_serving_prediction_log_dropped_total ${this.logDropped}`]);
    const labels = [`model="${label(this.model.name)}"`, `version="${label(this.model.version ?? '')}"`, `alias="${label(this.model.alias ?? '')}"`, `server_version="${label(this.serverVersion)}"`];
    family('mlops_serving_model_version', 'gauge', 'The model version being served (always 1; the labels say which).', [`mlops_serving_model_version{${labels.join(',')}} 1`]);
    return lines.join('\n') + '\n';
  }
}

/** Escapes a label value: backslash, double quote and line feed. */
function label(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
