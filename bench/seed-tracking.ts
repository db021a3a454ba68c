// Seeds a workspace store for the tracking benchmarks (run with `node --import tsx`):
//   runs WORKSPACE N        N runs in experiment 0 with a param and two metrics each
//   history WORKSPACE N     one run with a metric of N points; prints its run id
import { join } from 'node:path';
import { Store } from '../src/core/store';
import { Tracking } from '../src/core/tracking';

const [mode, workspace, countText] = process.argv.slice(2);
const count = Number(countText);
const store = Store.open(join(workspace!, '.mlops', 'mlops.db'));
const tracking = new Tracking(store, join(workspace!, '.mlops', 'artifacts'));
const now = Date.now();
if (mode === 'runs') {
  for (let done = 0; done < count; ) {
    store.transaction(() => {
      for (let i = 0; i < 5000 && done < count; i++, done++) {
        const info = tracking.runs.create({ experimentId: '0', runName: `run-${done}`, startTime: now - done });
        tracking.runs.logParams(info.runId, [{ key: 'model', value: ['tree', 'linear', 'forest', 'boost'][done % 4]! }]);
        tracking.metrics.append(info.runId, [
          { key: 'accuracy', value: (done % 1000) / 1000, timestamp: now, step: 0 },
          { key: 'loss', value: 1 - (done % 1000) / 1000, timestamp: now, step: 0 },
        ]);
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
