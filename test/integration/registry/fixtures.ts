import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { linearRegressionModel } from '../../../src/core/models';
import type { TestRuntime } from '../../helpers/runtime';

export const API = '/api/2.0/mlflow';

export interface WireVersion {
  name: string;
  version: string;
  current_stage: string;
  source: string;
  run_id?: string;
  run_link?: string;
  status: string;
  aliases?: string[];
  tags?: { key: string; value: string }[];
  description?: string;
  storage_location?: string;
  model_id?: string;
  mlops: {
    available: boolean;
    unavailable_reason?: string;
    model_file: string | null;
    size: number | null;
    sha256: string | null;
    md5: string | null;
    git_commit: string | null;
    data_versions: { path: string; version?: number; md5?: string }[];
    signature: { inputs: { name: string; shape: unknown }[]; outputs: { name: string }[] } | null;
  };
}

export interface WireModel {
  name: string;
  creation_timestamp: number;
  last_updated_timestamp: number;
  description?: string;
  latest_versions?: WireVersion[];
  tags?: { key: string; value: string }[];
  aliases?: { alias: string; version: string }[];
}

/** A small valid ONNX model: y = 2·x₀ − x₁ + 0.5. */
export function onnxBytes(): Buffer<ArrayBuffer> {
  return Buffer.from(linearRegressionModel({ weights: [2, -1], bias: 0.5 }));
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function writeOnnx(dir: string, name = 'model.onnx'): string {
  const path = join(dir, name);
  writeFileSync(path, onnxBytes());
  return path;
}

export async function createVersion(t: TestRuntime, name: string, source: string, extra: Record<string, unknown> = {}): Promise<WireVersion> {
  const res = await t.call('POST', `${API}/model-versions/create`, { name, source, ...extra });
  if (res.status !== 200) throw new Error(`create version failed: ${res.status} ${JSON.stringify(res.json)}`);
  return res.json.model_version as WireVersion;
}

export async function createModel(t: TestRuntime, name: string, extra: Record<string, unknown> = {}): Promise<WireModel> {
  const res = await t.call('POST', `${API}/registered-models/create`, { name, ...extra });
  if (res.status !== 200) throw new Error(`create model failed: ${res.status} ${JSON.stringify(res.json)}`);
  return res.json.registered_model as WireModel;
}
