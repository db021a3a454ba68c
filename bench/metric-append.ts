// In-process cost of the write-time metric summaries (issue 18): log-batch of 1,000 metrics shaped
// keys × steps, into a store that keeps summaries and one whose summaries are switched off (the
// reference), interleaved in rounds (run with `node --import tsx`):
//   metric-append.ts [batches per round]
import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Store } from '../src/core/store';
import { Tracking } from '../src/core/tracking';

const BATCHES = Number(process.argv[2] ?? 200);
const ROUNDS = 5;
const SHAPES = [
  [1, 1000],
  [10, 100],
  [100, 10],
] as const;

function open(dir: string, summaries: boolean) {
  const store = Store.open(join(dir, 'mlops.db'));
  const tracking = new Tracking(store, join(dir, 'artifacts'));
  if (!summaries) tracking.metrics.summaries.append = () => undefined;
  return { store, tracking, runId: tracking.createRun({ experimentId: '0' }).info.runId, step: 0 };
}

type Side = ReturnType<typeof open>;

function batch(side: Side, keys: number, steps: number) {
  const metrics = [];
  for (let s = 0; s < steps; s++, side.step++) for (let k = 0; k < keys; k++) metrics.push({ key: `m${k}`, value: Math.random(), timestamp: 1_700_000_000_000 + side.step, step: side.step });
  return metrics;
}

function time(side: Side, keys: number, steps: number): number {
  const bodies = Array.from({ length: BATCHES }, () => batch(side, keys, steps));
  const t0 = performance.now();
  for (const metrics of bodies) side.tracking.logBatch(side.runId, { metrics });
  return performance.now() - t0;
}

const root = mkdtempSync(join(tmpdir(), 'metric-append-'));
try {
  const rows = [];
  for (const [keys, steps] of SHAPES) {
    const on = open(mkdtempSync(join(root, 'on-')), true);
    const off = open(mkdtempSync(join(root, 'off-')), false);
    const ratios: number[] = [];
    let onMs = 0;
    let offMs = 0;
    for (let r = 0; r < ROUNDS; r++) {
      const a = r % 2 === 0 ? time(on, keys, steps) : 0;
      const b = time(off, keys, steps);
      const c = r % 2 === 1 ? time(on, keys, steps) : a;
      onMs += c;
      offMs += b;
      ratios.push(c / b);
    }
    ratios.sort((x, y) => x - y);
    rows.push({ shape: `${keys} keys × ${steps} steps`, 'ms/batch with summaries': (onMs / ROUNDS / BATCHES).toFixed(3), 'ms/batch without': (offMs / ROUNDS / BATCHES).toFixed(3), 'ratio (median [min–max])': `${ratios[2]!.toFixed(2)}× [${ratios[0]!.toFixed(2)}–${ratios[ROUNDS - 1]!.toFixed(2)}]` });
    on.store.close();
    off.store.close();
  }
  console.table(rows);
} finally {
  rmSync(root, { recursive: true, force: true });
}
