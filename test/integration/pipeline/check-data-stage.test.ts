import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CLI, runCli } from '../../helpers/cli';
import { tempDir } from '../../helpers/temp';

const EXPECT = `rows: {min: 3}
columns:
  id: {type: integer, unique: true}
  age: {type: number, min: 0, max: 120, max_missing: 0.5}
  city: {allowed: [Paris, Lyon]}
`;

const GOOD = 'id,age,city\n1,34,Paris\n2,,Lyon\n3,51,Paris\n';
const BAD = 'id,age,city\n1,34,Paris\n2,-5,Lyon\n2,51,Nice\n';

const DVC_YAML = `stages:
  validate:
    cmd: mlops check-data data/raw.csv --expect expect.yaml --report reports/data.json
    deps: [data/raw.csv, expect.yaml]
    metrics:
      - reports/data.json:
          cache: false
  train:
    cmd: cp data/raw.csv model.txt
    deps: [data/raw.csv, reports/data.json]
    outs: [model.txt]
`;

/** A workspace whose stages call `mlops` from PATH, as a user's (or DVC's) shell would. */
function project(): { ws: string; env: NodeJS.ProcessEnv } {
  const parent = tempDir('mlops-check-data-');
  const ws = join(parent, 'ws');
  const bin = join(parent, 'bin');
  mkdirSync(join(ws, 'data'), { recursive: true });
  mkdirSync(bin);
  writeFileSync(join(bin, 'mlops'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
  chmodSync(join(bin, 'mlops'), 0o755);
  writeFileSync(join(ws, 'expect.yaml'), EXPECT);
  writeFileSync(join(ws, 'dvc.yaml'), DVC_YAML);
  return { ws, env: { PATH: `${bin}:${process.env.PATH ?? ''}` } };
}

describe('mlops check-data', () => {
  it('as a dvc.yaml stage: failing expectations fail the repro with the report, and its downstream does not run', async () => {
    const { ws, env } = project();
    writeFileSync(join(ws, 'data', 'raw.csv'), BAD);
    const failed = await runCli(['repro'], { cwd: ws, env });
    assert.equal(failed.code, 1, failed.stdout + failed.stderr);
    const output = failed.stdout + failed.stderr;
    assert.match(output, /data\/raw\.csv: 3 of \d+ expectations failed \(3 rows\)/);
    assert.match(output, /✗ id: unique: expected no value twice, found 1 repeated value \(2 at row 3\)/);
    assert.match(output, /✗ age: min: expected every value ≥ 0, found 1 value below 0 or not a number \(-5 at row 2\)/);
    assert.match(output, /✗ city: allowed: expected values among "Paris", "Lyon", found 1 value outside the list \("Nice" at row 3\)/);
    assert.ok(!existsSync(join(ws, 'reports', 'data.json')), 'no report from a failed check');
    assert.ok(!existsSync(join(ws, 'model.txt')), 'train never ran');
    assert.ok(!existsSync(join(ws, 'dvc.lock')) || !/validate:/.test(readFileSync(join(ws, 'dvc.lock'), 'utf8')), 'the failed stage is not locked');

    writeFileSync(join(ws, 'data', 'raw.csv'), GOOD);
    const passed = await runCli(['repro'], { cwd: ws, env });
    assert.equal(passed.code, 0, passed.stdout + passed.stderr);
    assert.match(passed.stdout, /data\/raw\.csv: all \d+ expectations passed \(3 rows\)/);
    const report = JSON.parse(readFileSync(join(ws, 'reports', 'data.json'), 'utf8')) as { passed: boolean; rows: number; failed: number; columns: Record<string, { missing_share: number }> };
    assert.equal(report.passed, true);
    assert.equal(report.rows, 3);
    assert.equal(report.failed, 0);
    assert.equal(report.columns.age!.missing_share, 1 / 3);
    assert.equal(readFileSync(join(ws, 'model.txt'), 'utf8'), GOOD);
    assert.match(readFileSync(join(ws, 'dvc.lock'), 'utf8'), /validate:[\s\S]*reports\/data\.json/, 'the report is the stage\'s metrics output');
  });

  it('alone: exit 0 writes the report; a bad expectations file is an error with its line; usage errors exit 2', async () => {
    const { ws } = project();
    writeFileSync(join(ws, 'data', 'raw.csv'), GOOD);
    const ok = await runCli(['check-data', 'data/raw.csv', '--expect', 'expect.yaml', '--report', 'out/report.json'], { cwd: ws });
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal((JSON.parse(readFileSync(join(ws, 'out', 'report.json'), 'utf8')) as { file: string }).file, 'data/raw.csv');

    writeFileSync(join(ws, 'broken.yaml'), 'columns:\n  age: {type: float}\n');
    const broken = await runCli(['check-data', 'data/raw.csv', '--expect', 'broken.yaml'], { cwd: ws });
    assert.equal(broken.code, 1);
    assert.match(broken.stderr, /^mlops check-data: broken\.yaml:2: age\.type must be one of integer, number, string, boolean$/m);

    const missing = await runCli(['check-data', 'data/none.csv', '--expect', 'expect.yaml'], { cwd: ws });
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /data\/none\.csv does not exist/);

    const usage = await runCli(['check-data', 'data/raw.csv'], { cwd: ws });
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /needs one table FILE and --expect EXPECT\.yaml/);
  });
});
