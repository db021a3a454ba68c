import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runMonitor } from '../../../src/core/monitoring';
import { openWorkspaceRegistry } from '../../../src/core/registry';
import { exactModel, writeModel } from '../validation/fixtures';
import type { LoggedRequest, MonitorWorkspace } from './fixtures';
import { logRequests, monitorConfig, monitorWorkspace, requestsOf, weatherRows } from './fixtures';

const NOW = Date.parse('2026-03-10T12:00:00Z');

/** Two registered versions of `weather`, both the same classifier file. */
async function registerTwoVersions(ws: MonitorWorkspace): Promise<ReturnType<typeof openWorkspaceRegistry>> {
  const registry = openWorkspaceRegistry(ws.store, ws.paths);
  const file = writeModel(ws.paths.root, 'model.onnx', exactModel());
  await registry.createVersion({ name: 'weather', source: file, createModel: true });
  await registry.createVersion({ name: 'weather', source: file });
  return registry;
}

const withVersion = (requests: LoggedRequest[], version: string | null): LoggedRequest[] => requests.map((r) => ({ ...r, version }));

describe('a monitor of a model served by alias', () => {
  it('reads only the requests the version behind the alias answered, resolved at each run', async () => {
    const ws = await monitorWorkspace('version: 1\n');
    try {
      const registry = await registerTwoVersions(ws);
      registry.setAlias('weather', 'live', 2);
      // Interleaved in one log: version 1 and file-served requests see shifted weather, version 2 calm weather.
      const end = new Date(NOW - 60_000);
      logRequests(ws.paths, 'weather', [
        ...withVersion(requestsOf(weatherRows(300, 21, 10), 30, new Date(end.getTime() - 5000)), '1'),
        ...withVersion(requestsOf(weatherRows(100, 22, 10), 10, new Date(end.getTime() - 3000)), null),
        ...withVersion(requestsOf(weatherRows(150, 23), 15, end), '2'),
      ]);
      const onTwo = await runMonitor({ ...ws, now: () => NOW }, monitorConfig());
      assert.equal(onTwo.modelVersion, '2');
      assert.equal(onTwo.window.rows, 150, "only version 2's rows, though the window asks for 200");
      assert.equal(onTwo.window.requests, 10);
      assert.equal(onTwo.drift.driftedColumns, 0);

      registry.setAlias('weather', 'live', 1);
      const onOne = await runMonitor({ ...ws, now: () => NOW }, monitorConfig());
      assert.equal(onOne.modelVersion, '1');
      assert.equal(onOne.window.rows, 200, 'the last 200 rows version 1 answered');
      assert.equal(onOne.drift.driftedColumns, 3);

      const pinned = await runMonitor({ ...ws, now: () => NOW }, monitorConfig({ model: 'weather@2' }));
      assert.equal(pinned.modelVersion, '2');
      assert.equal(pinned.window.rows, 150);
    } finally {
      ws.close();
    }
  });

  it('counts every logged request, and names no version, when the model is not in the registry', async () => {
    const ws = await monitorWorkspace('version: 1\n');
    try {
      logRequests(ws.paths, 'weather', [
        ...withVersion(requestsOf(weatherRows(100, 24), 10, new Date(NOW - 5000)), '1'),
        ...withVersion(requestsOf(weatherRows(50, 25), 10, new Date(NOW - 1000)), null),
      ]);
      const result = await runMonitor({ ...ws, now: () => NOW }, monitorConfig());
      assert.equal(result.modelVersion, undefined);
      assert.equal(result.window.rows, 150);
    } finally {
      ws.close();
    }
  });

  it('fails with the reason when the alias points nowhere', async () => {
    const ws = await monitorWorkspace('version: 1\n');
    try {
      await registerTwoVersions(ws);
      await assert.rejects(runMonitor({ ...ws, now: () => NOW }, monitorConfig()), /live/);
    } finally {
      ws.close();
    }
  });

  it('stores small histograms of every compared column, from values or from profiles', async () => {
    const ws = await monitorWorkspace('version: 1\n');
    try {
      logRequests(ws.paths, 'weather', requestsOf(weatherRows(200, 26, 5), 20, new Date(NOW - 1000)));
      for (const rawRowsLimit of [undefined, 50]) {
        const result = await runMonitor({ ...ws, now: () => NOW, ...(rawRowsLimit && { rawRowsLimit }) }, monitorConfig({ columns: ['temp', 'city'] }));
        assert.equal(result.drift.method, rawRowsLimit ? 'profiles' : 'values');
        for (const column of result.drift.columns) {
          const histogram = column.histogram!;
          assert.ok(histogram, column.column);
          assert.equal(histogram.reference.reduce((a, b) => a + b, 0), 500, `${column.column}: every reference value`);
          assert.equal(histogram.current.reduce((a, b) => a + b, 0), 200);
        }
        assert.ok(JSON.stringify(result).length < 4000, `${JSON.stringify(result).length} bytes`);
      }
    } finally {
      ws.close();
    }
  });
});
