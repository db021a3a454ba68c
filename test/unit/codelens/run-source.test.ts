import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizePath, runRanFile, runSource } from '../../../src/extension/codelens/run-source';
import type { Run as WireRun } from '../../../src/shared/contract';

function run(tags: Record<string, string>): WireRun {
  return {
    info: { run_id: 'r1', run_name: 'r', experiment_id: '1', status: 'FINISHED', artifact_uri: '', lifecycle_stage: 'active' },
    data: { tags: Object.entries(tags).map(([key, value]) => ({ key, value })) },
  };
}

const mlopsRun = (argv: string[], cwd = '/ws') => run({ 'mlops.command': JSON.stringify(argv), 'mlops.cwd': cwd, 'mlflow.source.name': argv.join(' ') });

describe('which file a run ran (lenses only on that file)', () => {
  it('matches the script of `mlops run -- node train.js` in its folder, and not train.py beside it', () => {
    const source = runSource(mlopsRun(['node', 'train.js', '--epochs', '5']));
    assert.ok(runRanFile(source, '/ws/train.js'));
    assert.ok(!runRanFile(source, '/ws/train.py'));
    assert.ok(!runRanFile(source, '/ws/other/train.jsx'));
  });

  it('resolves ./ and ../ against the run folder, and absolute paths as they are', () => {
    assert.ok(runRanFile(runSource(mlopsRun(['python', './src/../train.py'])), '/ws/train.py'));
    assert.ok(runRanFile(runSource(mlopsRun(['python', '../shared/train.py'], '/ws/app')), '/ws/shared/train.py'));
    assert.ok(!runRanFile(runSource(mlopsRun(['python', '../shared/train.py'], '/ws/app')), '/other/shared/train.py'));
    assert.ok(runRanFile(runSource(mlopsRun(['python', '/opt/jobs/train.py'])), '/opt/jobs/train.py'));
    assert.ok(!runRanFile(runSource(mlopsRun(['python', '/opt/jobs/train.py'])), '/ws/opt/jobs/train.py'));
  });

  it('still matches after the workspace moved (the relative path is the tail of the document path)', () => {
    assert.ok(runRanFile(runSource(mlopsRun(['node', 'src/train.js'], '/old/place')), '/new/place/src/train.js'));
    assert.ok(!runRanFile(runSource(mlopsRun(['node', 'src/train.js'], '/old/place')), '/new/place/xsrc/train.js'));
  });

  it('reads python -m modules as their file', () => {
    const source = runSource(mlopsRun(['python', '-m', 'pipeline.train', '--lr', '0.1']));
    assert.ok(runRanFile(source, '/ws/pipeline/train.py'));
    assert.ok(runRanFile(runSource(mlopsRun(['python', '-m', 'pipeline'])), '/ws/pipeline/__main__.py'));
  });

  it("falls back to MLflow's mlflow.source.name (a script path, or a command line)", () => {
    assert.ok(runRanFile(runSource(run({ 'mlflow.source.name': '/home/me/proj/train.py' })), '/home/me/proj/train.py'));
    assert.ok(runRanFile(runSource(run({ 'mlflow.source.name': 'train.py' })), '/home/me/proj/train.py'));
    assert.ok(runRanFile(runSource(run({ 'mlflow.source.name': 'my dir/train.py' })), '/p/my dir/train.py'));
    assert.ok(runRanFile(runSource(run({ 'mlflow.source.name': 'python scripts/train.py --fast' })), '/p/scripts/train.py'));
  });

  it('matches no file for a run that recorded no command', () => {
    assert.deepEqual(runSource(run({})).files, []);
    assert.ok(!runRanFile(runSource(run({})), '/ws/train.js'));
    assert.ok(!runRanFile(runSource(run({ 'mlops.command': 'not json' })), '/ws/train.js'));
  });

  it('compares Windows paths with either slash and any drive-letter case', () => {
    const source = runSource(mlopsRun(['python', 'train.py'], 'C:\\Users\\me\\ws'));
    assert.ok(runRanFile(source, 'c:\\Users\\me\\ws\\train.py'));
    assert.equal(normalizePath('C:\\a\\.\\b\\..\\c.py'), 'C:/a/c.py');
    assert.equal(normalizePath('/a//b/../../../c'), '/c');
  });
});
