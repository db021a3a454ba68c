// The kit's real MLflow tracking server (uvicorn, its default 4 workers, SQLite backend) for the
// MLflow-vs-runtime benchmark, and the same data seeded straight into its SQLite tables.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

/** `mlflow server` on a free port with its store under `dir`; resolves once /health answers. */
export async function startMlflowServer(env, dir, timeoutMs = 300_000) {
  mkdirSync(join(dir, 'artifacts'), { recursive: true });
  const port = await freePort();
  const db = join(dir, 'mlflow.db');
  const args = ['server', '--backend-store-uri', `sqlite:///${db}`, '--artifacts-destination', join(dir, 'artifacts'), '--host', '127.0.0.1', '--port', String(port)];
  // Its own process group, so stopping it also stops the uvicorn workers it forks.
  const child = spawn('mlflow', args, { env, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let log = '';
  child.stderr.on('data', (c) => (log = (log + c.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`mlflow server exited with ${child.exitCode}: ${log}`);
    if (Date.now() > deadline) {
      process.kill(-child.pid, 'SIGKILL');
      throw new Error(`mlflow server not up after ${timeoutMs / 1000} s: ${log}`);
    }
    const ok = await fetch(`${url}/health`).then((r) => r.ok, () => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    process.kill(-child.pid, 'SIGTERM');
    await exited;
  };
  return { url, db, headers: { 'content-type': 'application/json' }, stop };
}

const MODELS = ['tree', 'linear', 'forest', 'boost'];

/** The runs bench/seed-tracking.ts seeds for us (same names, param, metrics), in MLflow's tables. */
export function seedMlflowRuns(dbFile, count) {
  const db = new Database(dbFile, { timeout: 60_000 });
  const now = Date.now();
  const run = db.prepare(`INSERT INTO runs (run_uuid, name, source_type, source_name, entry_point_name, user_id, status, start_time, end_time,
    source_version, lifecycle_stage, artifact_uri, experiment_id) VALUES (?, ?, 'LOCAL', '', '', 'bench', 'FINISHED', ?, ?, '', 'active', ?, 0)`);
  const param = db.prepare(`INSERT INTO params (key, value, run_uuid) VALUES ('model', ?, ?)`);
  const tag = db.prepare(`INSERT INTO tags (key, value, run_uuid) VALUES ('mlflow.runName', ?, ?)`);
  const metric = db.prepare(`INSERT INTO metrics (key, value, timestamp, run_uuid, step, is_nan) VALUES (?, ?, ?, ?, 0, 0)`);
  const latest = db.prepare(`INSERT INTO latest_metrics (key, value, timestamp, step, is_nan, run_uuid) VALUES (?, ?, ?, 0, 0, ?)`);
  const insert = db.transaction((from, to) => {
    for (let i = from; i < to; i++) {
      const id = i.toString(16).padStart(32, '0');
      const accuracy = (i % 1000) / 1000;
      run.run(id, `run-${i}`, now - i, now - i, `mlflow-artifacts:/0/${id}/artifacts`);
      param.run(MODELS[i % 4], id);
      tag.run(`run-${i}`, id);
      for (const [key, value] of [['accuracy', accuracy], ['loss', 1 - accuracy]]) {
        metric.run(key, value, now, id);
        latest.run(key, value, now, id);
      }
    }
  });
  for (let i = 0; i < count; i += 5000) insert(i, Math.min(count, i + 5000));
  db.close();
}

/** One run with a `loss` metric of `points` steps (as seed-tracking.ts's history); returns its id. */
export function seedMlflowHistory(dbFile, points) {
  const db = new Database(dbFile, { timeout: 60_000 });
  const now = Date.now();
  const id = 'h'.repeat(32);
  const metric = db.prepare(`INSERT INTO metrics (key, value, timestamp, run_uuid, step, is_nan) VALUES ('loss', ?, ?, ?, ?, 0)`);
  db.transaction(() => {
    db.prepare(`INSERT INTO runs (run_uuid, name, source_type, source_name, entry_point_name, user_id, status, start_time, end_time, source_version,
      lifecycle_stage, artifact_uri, experiment_id) VALUES (?, 'long', 'LOCAL', '', '', 'bench', 'FINISHED', ?, ?, '', 'active', ?, 0)`).run(id, now, now, `mlflow-artifacts:/0/${id}/artifacts`);
    for (let i = 0; i < points; i++) metric.run(1 / (i + 1), now + i, id, i);
    db.prepare(`INSERT INTO latest_metrics (key, value, timestamp, step, is_nan, run_uuid) VALUES ('loss', ?, ?, ?, 0, ?)`).run(1 / points, now + points - 1, points - 1, id);
  })();
  db.close();
  return id;
}
