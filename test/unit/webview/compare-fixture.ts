import type { CompareResponse } from '../../../src/shared/compare';

/** Three runs as the runtime answers POST /api/compare. */
export function compareFixture(): CompareResponse {
  const run = (id: string, name: string, status: string) => ({ run_id: id, run_name: name, experiment_id: '0', status, start_time: 1000, end_time: 2000, params: {}, tags: {} });
  return {
    runs: [run('a'.repeat(32), 'bright-owl', 'FINISHED'), run('b'.repeat(32), 'calm-fox', 'FINISHED'), run('c'.repeat(32), '', 'RUNNING')],
    params: [
      { key: 'lr', values: ['0.1', '0.01', '0.001'], differs: true },
      { key: 'model', values: ['tree', 'tree', 'tree'], differs: false },
      { key: 'note', values: ['a, "quoted"', null, 'x'], differs: true },
    ],
    metrics: [
      { key: 'accuracy', direction: 'max', per_run: [{ latest: 0.9, min: 0.5, max: 0.91, count: 10, step: 9 }, { latest: 0.95, min: 0.6, max: 0.95, count: 10, step: 9 }, null], best_index: 1 },
      { key: 'val_loss', direction: 'min', per_run: [{ latest: 0.3, min: 0.3, max: 1, count: 10, step: 9 }, { latest: 0.2, min: 0.2, max: 1.1, count: 10, step: 9 }, { latest: 0.5, min: 0.5, max: 0.9, count: 3, step: 2 }], best_index: 1 },
    ],
    series: [
      { run_id: 'a'.repeat(32), key: 'accuracy', x: [0, 1, 2], y: [0.5, 'NaN', 0.9], total_points: 3, downsampled: false },
      { run_id: 'b'.repeat(32), key: 'accuracy', x: [0, 1, 2], y: [0.6, 0.8, 0.95], total_points: 3, downsampled: false },
    ],
  } as CompareResponse;
}
