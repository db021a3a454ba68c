// Seeds a workspace store for the tracking benchmarks (run with `node --import tsx`):
//   runs WORKSPACE N        N runs in experiment 0 with a param and two metrics each
//   search WORKSPACE N      N runs for the search bench, written straight to the tables (fast):
//                           params model (4 values) and seed (1,000 values), tags mlflow.runName
//                           and team (5 values), metrics accuracy and loss ((i % 1000) / 1000)
//   history WORKSPACE N     one run with a metric of N points; prints its run id
import { join } from 'node:path';
import { Store } from '../src/core/store';
import { Tracking } from '../src/core/tracking';

const [mode, workspace, countText] = process.argv.slice(2);
const count = Number(countText);
const store = Store.open(join(workspace!, '.mlops', 'mlops.db'));
const tracking = new Tracking(store, join(workspace!, '.mlops', 'artifacts'));
const now = Date.now();
const MODELS = ['tree', 'linear', 'forest', 'boost'];
if (mode === 'runs') {
  for (let done = 0; done < count; ) {
    store.transaction(() => {
      for (let i = 0; i < 5000 && done < count; i++, done++) {
        const info = tracking.runs.create({ experimentId: '0', runName: `run-${done}`, startTime: now - done });
        tracking.runs.logParams(info.runId, [{ key: 'model', value: MODELS[done % 4]! }]);
        tracking.metrics.append(info.runId, [
          { key: 'accuracy', value: (done % 1000) / 1000, timestamp: now, step: 0 },
          { key: 'loss', value: 1 - (done % 1000) / 1000, timestamp: now, step: 0 },
        ]);
      }
    });
  }
} else if (mode === 'search') {
  const db = store.db;
  for (let done = 0; done < count; ) {
    store.transaction(() => {
      for (let i = 0; i < 5000 && done < count; i++, done++) {
        const id = done.toString(16).padStart(32, '0');
        const accuracy = (done % 1000) / 1000;
        db.run("INSERT INTO runs (run_uuid, experiment_id, name, user_id, status, start_time, end_time, artifact_uri) VALUES (?, 0, ?, 'bench', 'FINISHED', ?, ?, ?)", [
          id,
          `run-${done}`,
          now - done,
          now - done,
          `mlflow-artifacts:/0/${id}/artifacts`,
        ]);
        db.run('INSERT INTO params (run_uuid, key, value) VALUES (?, ?, ?), (?, ?, ?)', [id, 'model', MODELS[done % 4]!, id, 'seed', String(done % 1000)]);
        db.run('INSERT INTO tags (run_uuid, key, value) VALUES (?, ?, ?), (?, ?, ?)', [id, 'mlflow.runName', `run-${done}`, id, 'team', `team-${done % 5}`]);
        for (const [key, value] of [['accuracy', accuracy], ['loss', 1 - accuracy]] as const) {
          db.run('INSERT INTO metrics (run_uuid, key, step, timestamp, value) VALUES (?, ?, 0, ?, ?)', [id, key, now, value]);
          db.run('INSERT INTO latest_metrics (run_uuid, key, value, step, timestamp, min_value, max_value, count) VALUES (?, ?, ?, 0, ?, ?, ?, 1)', [id, key, value, now, value, value]);
        }
      }
    });
  }
} else if (mode === 'history') {
  const info = store.transaction(() => tracking.runs.create({ experimentId: '0', runName: 'long' }));
  for (let done = 0; done < count; ) {
    const batch: { key: string; value: number; timestamp: number; step: number }[] = [];
    for (let i = 0; i < 10_000 && done < count; i++, done++) batch.push({ key: 'loss', value: 1 / (done + 1), timestamp: now + done, step: done });
    store.transaction(() => tracking.metrics.append(info.runId, batch));
  }
  process.stdout.write(info.runId);
}
store.close();
