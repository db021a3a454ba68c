/** A served logistic regression, its plain-TypeScript reference, and helpers to talk to the server. */
import { join } from 'node:path';
import { logisticRegressionModel } from '../../../src/core/models';
import { ScoringSession } from '../../../src/core/models';
import type { ServedModel } from '../../../src/core/models';
import { PredictionLog, readPredictionLog, ScoringService } from '../../../src/core/models';
import type { PredictionRecord } from '../../../src/core/models';
import type { RunningScoringServer, ScoringServerOptions } from '../../../src/runtime/serving/scoring-server';
import { startScoringServer } from '../../../src/runtime/serving/scoring-server';
import type { RawResponse } from '../../helpers/http';
import { rawRequest } from '../../helpers/http';
import { tempDir } from '../../helpers/temp';
import { classifierProbabilities, logits, randomMatrix, seededRandom } from '../onnx/reference';

export const FEATURES = ['age', 'income', 'tenure', 'visits', 'basket', 'returns', 'rating', 'distance'];

export interface Classifier {
  weights: number[][];
  biases: number[];
  bytes: Uint8Array;
}

/** A binary logistic regression over FEATURES; `seed` varies the weights (v1 and v2 of a model). */
export function classifier(seed = 1): Classifier {
  const random = seededRandom(seed);
  const weights = randomMatrix(random, 1, FEATURES.length, 1);
  const biases = [Math.fround(random() - 0.5)];
  return { weights, biases, bytes: logisticRegressionModel({ weights, biases, featureNames: FEATURES }) };
}

/** What the model should answer for one row, computed in TypeScript. */
export function expected(model: Classifier, row: readonly number[]): { label: number; probabilities: number[] } {
  const probabilities = classifierProbabilities(logits(model.weights, model.biases, row.map(Math.fround)));
  return { label: probabilities[1]! > probabilities[0]! ? 1 : 0, probabilities };
}

export function rowsOf(seed: number, count: number): number[][] {
  return randomMatrix(seededRandom(seed), count, FEATURES.length, 3);
}

export interface TestServer extends RunningScoringServer {
  service: ScoringService;
  logDir: string;
  /** POSTs a JSON value (or raw text) to /invocations. */
  invoke(body: unknown, headers?: Record<string, string>): Promise<RawResponse>;
  get(path: string, headers?: Record<string, string>): Promise<RawResponse>;
  /** The prediction log's records (after shutdown, or once flushed). */
  records(): Promise<PredictionRecord[]>;
}

const TEST_OPTIONS: ScoringServerOptions = {
  host: '127.0.0.1',
  port: 0,
  maxBodyBytes: 32 * 1024 * 1024,
  requestTimeoutMs: 60_000,
  headersTimeoutMs: 10_000,
  idleTimeoutMs: 5_000,
  shutdownTimeoutMs: 10_000,
};

/** An in-process model server on port 0 with its prediction log in a temp folder; shut it down after. */
export async function startTestServer(
  bytes: Uint8Array,
  options: { model?: ServedModel; server?: Partial<ScoringServerOptions>; sampleRate?: number } = {},
): Promise<TestServer> {
  const logDir = join(tempDir('mlops-serving-'), 'predictions', 'model');
  const log = new PredictionLog({ dir: logDir, sampleRate: options.sampleRate ?? 1, maxDays: 30, maxBytes: 1 << 30, flushIntervalMs: 200, maxPendingBytes: 64 << 20 });
  const service = new ScoringService({ session: await ScoringSession.create(bytes), model: options.model ?? { name: 'model', version: '1' }, serverVersion: 'test', log });
  const server = await startScoringServer(service, { ...TEST_OPTIONS, ...options.server });
  return {
    ...server,
    service,
    logDir,
    invoke: (body, headers = {}) =>
      rawRequest(server.port, { method: 'POST', path: '/invocations', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) }),
    get: (path, headers) => rawRequest(server.port, { path, headers }),
    records: async () => {
      const records: PredictionRecord[] = [];
      for await (const record of readPredictionLog(logDir)) records.push(record);
      return records;
    },
  };
}

export interface RowPrediction {
  label: number;
  probabilities: number[];
}

/** Predictions as rows, whether the answer was records (DataFrame input) or a dict of outputs (tensor input). */
export function predictionRows(answer: unknown): RowPrediction[] {
  const predictions = (answer as { predictions: unknown }).predictions;
  if (Array.isArray(predictions)) return predictions as RowPrediction[];
  const { label, probabilities } = predictions as { label: number[]; probabilities: number[][] };
  return label.map((l, i) => ({ label: l, probabilities: probabilities[i]! }));
}

/** Prometheus text → sample name with labels → value. */
export function parsePrometheus(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*(?:\{[^}]*\})?) (\S+)$/.exec(line);
    if (!match) throw new Error(`not a Prometheus sample line: ${line}`);
    samples.set(match[1]!, Number(match[2]));
  }
  return samples;
}

export function csvOf(columns: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return [columns.join(','), ...rows.map((r) => r.join(','))].join('\n') + '\n';
}
