import assert from 'node:assert/strict';
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { dirManifest, md5Bytes, resolveTrackSpecs } from '../../../src/core/data';
import { Runtime } from '../../../src/runtime';
import { tempDir } from '../../helpers/temp';

/**
 * Issue #15, item 11: one `data.track` entry (or pointer file) that leads out of the workspace
 * disables only itself, is reported, and the other entries keep being versioned.
 */
describe('one bad data.track entry disables only itself', () => {
  const outer = tempDir('mlops-track-');
  const ws = join(outer, 'ws');
  const logs: string[] = [];
  let runtime: Runtime;

  const BAD = ['../outside.csv', join(outer, 'outside.csv'), 'link/', 'link/*.csv', '../*.csv', '.mlops/', '.git/config', './'];

  before(async () => {
    mkdirSync(join(ws, 'data'), { recursive: true });
    mkdirSync(join(outer, 'elsewhere'));
    writeFileSync(join(outer, 'outside.csv'), 'secret\n1\n');
    writeFileSync(join(outer, 'elsewhere', 'e.csv'), 'secret\n2\n');
    symlinkSync(join(outer, 'elsewhere'), join(ws, 'link'));
    writeFileSync(join(ws, 'data', 'x.csv'), 'a\n1\n');
    writeFileSync(join(ws, 'top.csv'), 'a\n2\n');
    // A pointer outside, and a folder pointer whose manifest (already cached) names ../../x.txt.
    writeFileSync(join(ws, 'evil.dvc'), `outs:\n- md5: ${md5Bytes('secret\n')}\n  size: 7\n  hash: md5\n  path: ../x.txt\n`);
    const entry = { md5: md5Bytes('secret\n'), relpath: '../../x.txt' };
    const manifest = dirManifest([entry]);
    const object = join(ws, '.mlops', 'cache', 'files', 'md5', manifest.md5.slice(0, 2));
    mkdirSync(object, { recursive: true });
    writeFileSync(join(object, manifest.md5.slice(2)), manifest.bytes);
    writeFileSync(join(ws, 'imgs.dvc'), `outs:\n- md5: ${manifest.md5}\n  size: 7\n  nfiles: 1\n  hash: md5\n  path: imgs\n`);
    writeFileSync(join(ws, 'mlops.yaml'), `version: 1\ndata:\n  track:\n${[...BAD, 'data/', '*.csv'].map((s) => `    - ${JSON.stringify(s)}\n`).join('')}`);
    const result = await Runtime.start({ workspace: ws, log: (line) => logs.push(line) });
    if (result.kind !== 'started') throw new Error('runtime not started');
    runtime = result.runtime;
    await runtime.context.data.settled();
  });
  after(() => runtime?.stop('test done'));

  it('reports each bad entry (from the config check or the runtime), and versions the good ones', () => {
    // mlops.yaml's own check may leave an entry out before the runtime sees it; either way it is reported.
    for (const spec of BAD) assert.ok(logs.some((l) => l.includes(spec) && /^(config|data): /.test(l)), `${spec} reported:\n${logs.join('\n')}`);
    const problems = runtime.context.data.trackProblems();
    const reason = (spec: string) => problems.find((p) => p.spec === spec)?.reason ?? '';
    assert.match(reason('evil.dvc'), /evil\.dvc names "\.\.\/x\.txt" \(outs\[0\]\.path\): .* is outside the workspace/);
    assert.match(reason('imgs.dvc'), /The \.dir manifest .* of imgs lists '\.\.\/\.\.\/x\.txt', which is not a path inside the folder/);
    for (const { spec } of problems) assert.ok(logs.some((l) => l.startsWith(`data: ${spec}: `) && l.includes('the other entries are versioned')), `${spec} logged`);
    assert.deepEqual(
      runtime.context.datasets.list().map((d) => d.path),
      ['data', 'top.csv'],
    );
    assert.equal(existsSync(join(ws, 'imgs')), false);
  });

  it('keeps watching the good entries', async () => {
    writeFileSync(join(ws, 'data', 'x.csv'), 'a\n1\n2\n');
    const deadline = Date.now() + 10_000;
    while (runtime.context.datasets.versions('data').length < 2) {
      assert.ok(Date.now() < deadline, 'data/ versioned again after a change');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  });

  it('resolveTrackSpecs: returns the usable entries and one problem per bad one, saying why', () => {
    const resolved = resolveTrackSpecs(ws, ['data', ...BAD, '*.csv', 'link/e.csv', 'missing.csv']);
    assert.deepEqual(resolved.paths, ['data', 'top.csv']);
    assert.deepEqual(resolved.specs, ['data', '*.csv', 'missing.csv']);
    assert.deepEqual(
      resolved.problems.map((p) => p.spec),
      [...BAD, 'link/e.csv'],
    );
    const reason = (spec: string) => resolved.problems.find((p) => p.spec === spec)!.reason;
    assert.match(reason('../outside.csv'), /mlops\.yaml data\.track "\.\.\/outside\.csv": '\.\.\/outside\.csv' is outside the workspace/);
    assert.match(reason('../*.csv'), /'\.\.' is outside the workspace/);
    assert.match(reason('link/'), /symbolic link to .*elsewhere.*it is refused/);
    assert.match(reason('link/*.csv'), /symbolic link to .*elsewhere.*it is refused/);
    assert.match(reason('.mlops/'), /is \.mlops, which holds the tool's own state/);
    assert.match(reason('.git/config'), /is inside \.git, which holds the tool's own state/);
    assert.match(reason('./'), /is the workspace itself/);
  });
});
