import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { buildDag } from '../../../src/core/pipeline';
import type { Stage } from '../../../src/core/pipeline';
import { AIRFLOW_ID, DNS_LABEL, engineName, nameMap } from '../../../src/core/pipeline/export/names';
import { exportTasks, shellQuote } from '../../../src/core/pipeline/export/plan';

const DNS = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const AIRFLOW = /^[\w.-]+$/;

describe('stage names for the engines', () => {
  it('keeps a name the engine allows and maps any other to a valid, stable one', () => {
    assert.equal(engineName('train', DNS_LABEL), 'train');
    assert.equal(engineName('Notes_It', AIRFLOW_ID), 'Notes_It');
    assert.equal(engineName('prepare@us', DNS_LABEL), 'prepare-us-cd82d4');
    assert.equal(engineName('prepare@us', AIRFLOW_ID), 'prepare_us_cd82d4');
    assert.equal(engineName('sub/dvc.yaml:report', AIRFLOW_ID), 'sub_dvc.yaml_report_976b78');
    assert.equal(engineName('@@@', DNS_LABEL), `stage-${engineName('@@@', DNS_LABEL).slice(-6)}`);
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 300 }), (id) => {
        const dns = engineName(id, DNS_LABEL);
        const airflow = engineName(id, AIRFLOW_ID);
        assert.match(dns, DNS);
        assert.ok(dns.length <= 50, dns);
        assert.match(airflow, AIRFLOW);
        assert.ok(airflow.length <= 250);
        assert.equal(engineName(id, DNS_LABEL), dns);
      }),
      { numRuns: 500 },
    );
  });

  it('gives ids that differ only in what the engine drops different names, and refuses a clash', () => {
    const names = nameMap(['a@b', 'a-b', 'A-B', 'a_b'], DNS_LABEL);
    assert.equal(new Set(names.values()).size, 4);
    assert.equal(names.get('a-b'), 'a-b');
    assert.throws(() => nameMap(['a@b', 'a@b'], DNS_LABEL), /stages 'a@b' and 'a@b' both become the Kubernetes name/);
  });

  it('quotes a stage for the shell so it reaches mlops repro as written', () => {
    assert.equal(shellQuote('prepare@us'), 'prepare@us');
    assert.equal(shellQuote("it's $HOME"), `'it'\\''s $HOME'`);
  });
});

describe('export tasks', () => {
  const stage = (name: string, deps: string[], outs: string[]): Stage => ({
    name,
    id: name,
    file: 'dvc.yaml',
    line: 1,
    cmd: 'true',
    wdir: '',
    deps: deps.map((key) => ({ path: key, key, line: 1 })),
    params: [],
    outs: outs.map((key) => ({ path: key, key, kind: 'outs' as const, cache: true, persist: false, push: true, line: 1 })),
    frozen: false,
    alwaysChanged: false,
  });
  const options = { image: 'img:1', name: 'p', remote: '../remote', version: '0' };

  it('refuses a stage name the engines would read as a template, and env given with a value', () => {
    const dag = buildDag([stage('a{{x}}', [], ['o'])]);
    assert.throws(() => exportTasks(dag, options), /stage 'a\{\{x\}\}' has '\{\{' or '\{%' in its name/);
    const ok = buildDag([stage('a', [], ['o'])]);
    assert.throws(() => exportTasks(ok, { ...options, env: ['TOKEN=abc'] }), /names only, never values/);
    assert.throws(() => exportTasks(ok, { ...options, image: 'a b' }), /not a container image reference/);
    assert.throws(() => exportTasks(ok, { ...options, secret: 'My_Secret' }), /not a Kubernetes Secret name/);
  });

  it('lists each stage after those it depends on, with only the selected ones upstream', () => {
    const dag = buildDag([stage('c', ['b.txt'], ['c.txt']), stage('a', [], ['a.txt']), stage('b', ['a.txt'], ['b.txt']), stage('x', [], ['x.txt'])]);
    assert.deepEqual(
      exportTasks(dag, { ...options, targets: ['c'] }).map((t) => [t.stage, t.upstream]),
      [
        ['a', []],
        ['b', ['a']],
        ['c', ['b']],
      ],
    );
  });
});
