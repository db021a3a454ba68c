import assert from 'node:assert/strict';
import { appendFileSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../../../src/cli/main';
import { logRequests, monitorWorkspace, requestsOf, weatherRows } from './fixtures';

async function mlops(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { out: (line) => (stdout += `${line}\n`), err: (line) => (stderr += `${line}\n`) });
  return { code, stdout, stderr };
}

const YAML = `monitors:
  - name: weather-drift
    model: weather@live
    reference: data/weather.csv
    window: { rows: 200 }
    alerts:
      - when: "drift_share >= 0.5"
        severity: error
      - when: "drifted_columns > 0"
        severity: warning
`;

describe('mlops monitor and mlops alerts', () => {
  it('run prints the drift table and alerts and exits 1 on an error alert; history and alerts list read the store', async () => {
    const ws = await monitorWorkspace(YAML);
    ws.close();
    const workspace = ['--workspace', ws.paths.root];
    logRequests(ws.paths, 'weather', requestsOf(weatherRows(200, 8, 10), 20, new Date(Date.now() - 60_000)));

    const run = await mlops(['monitor', 'run', ...workspace]);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stdout, /^monitor weather-drift: weather@live — reference data\/weather\.csv v1 \([0-9a-f]{8}, 500 rows\)$/m);
    assert.match(run.stdout, /^window: 200 rows from 10 requests, /m);
    assert.match(run.stdout, /^column +test +statistic +p-value +drifted$/m);
    assert.match(run.stdout, /^temp +ks +0\.\d+ +[\d.e-]+ +DRIFT$/m);
    assert.match(run.stdout, /^drift share 1 \(3 of 3 columns; dataset DRIFTED at 0\.5\)$/m);
    assert.match(run.stdout, /^ALERT error: weather-drift: drift_share is 1 \(drift_share >= 0\.5\)/m);
    assert.match(run.stdout, /^ALERT warning: weather-drift: drifted_columns is 3/m);

    const quiet = await mlops(['monitor', 'run', 'weather-drift', ...workspace]);
    assert.equal(quiet.code, 0, 'the alerts are in their cooldown');
    assert.doesNotMatch(quiet.stdout, /ALERT/);

    const history = await mlops(['monitor', 'history', 'weather-drift', ...workspace]);
    assert.equal(history.code, 0);
    const lines = history.stdout.trim().split('\n');
    assert.equal(lines.length, 2);
    assert.doesNotMatch(lines[0]!, /alerts:/);
    assert.match(lines[1]!, /200 rows {2}drift share 1 +3\/3 columns {2}DRIFTED {2}alerts: error drift_share >= 0\.5; warning drifted_columns > 0$/);

    const alerts = await mlops(['alerts', 'list', '--since', '1', ...workspace]);
    assert.equal(alerts.code, 0);
    assert.deepEqual(alerts.stdout.trim().split('\n').map((l) => l.split(/ {2}/)[1]!.trim()).sort(), ['error', 'warning']);
    assert.equal((await mlops(['alerts', 'list', '--since', 'soon', ...workspace])).code, 2);
  });

  it('run sends its alerts to alerts.log and the webhook before it exits, as the runtime would', async () => {
    const bodies: { monitor: string; alert: { severity: string } }[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        bodies.push(JSON.parse(body) as (typeof bodies)[number]);
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const ws = await monitorWorkspace(`alerting:\n  webhook: http://127.0.0.1:${(server.address() as AddressInfo).port}/hook\n${YAML}`);
      ws.close();
      logRequests(ws.paths, 'weather', requestsOf(weatherRows(200, 8, 10), 20, new Date(Date.now() - 60_000)));
      const run = await mlops(['monitor', 'run', '--workspace', ws.paths.root]);
      assert.equal(run.code, 1, run.stderr);
      assert.deepEqual(bodies.map((b) => [b.monitor, b.alert.severity]).sort(), [['weather-drift', 'error'], ['weather-drift', 'warning']]);
      const logged = readFileSync(join(ws.paths.logs, 'alerts.log'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as (typeof bodies)[number]);
      assert.deepEqual(logged.map((m) => m.alert.severity).sort(), ['error', 'warning']);
    } finally {
      server.close();
    }
  });

  it('reports config errors with their line and a monitor it cannot run, exiting 1', async () => {
    const ws = await monitorWorkspace(YAML);
    ws.close();
    appendFileSync(ws.paths.config, '  - name: broken\n    model: weather@live\n    window: { minutes: 5 }\n  - name: nodata\n    model: weather@live\n    reference: data/missing.csv\n');
    const run = await mlops(['monitor', 'run', '--workspace', ws.paths.root]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^mlops\.yaml:13: window must be rows: N/m);
    assert.match(run.stderr, /^mlops monitor: Monitor nodata: data\/missing\.csv is not a tracked dataset/m);
    assert.match(run.stdout, /^monitor weather-drift: /m, 'the other monitors still run');
    const unknown = await mlops(['monitor', 'run', 'nope', '--workspace', ws.paths.root]);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /No valid monitor named "nope"/);
    assert.equal((await mlops(['monitor', 'frob', '--workspace', ws.paths.root])).code, 2);
  });
});
