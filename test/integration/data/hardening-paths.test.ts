import assert from 'node:assert/strict';
import { existsSync, lstatSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DatasetRepository, dirManifest, md5Bytes } from '../../../src/core/data';
import { Store } from '../../../src/core/store';
import { runCli } from '../../helpers/cli';
import { listTree } from '../../helpers/hostile-paths';
import { tempDir } from '../../helpers/temp';

/**
 * Issue #15, item 1 and the data part of item 11: a pointer, a manifest entry, a symlinked folder
 * or a command-line path never makes the data commands read or write outside the workspace.
 * Each case lives in `outer/ws`, with the remote at `outer/remote`; everything else in `outer`
 * is what must stay untouched.
 */
function sandbox(): { outer: string; ws: string; remote: string } {
  const outer = tempDir('mlops-escape-');
  const ws = join(outer, 'ws');
  const remote = join(outer, 'remote');
  mkdirSync(join(ws, '.mlops'), { recursive: true });
  mkdirSync(remote);
  writeFileSync(join(ws, 'mlops.yaml'), 'version: 1\ndata:\n  remote: ../remote\n');
  return { outer, ws, remote };
}

/** Files and folders under `outer`, except inside the workspace and the remote. */
function outside(outer: string): string[] {
  return listTree(outer).filter((p) => !/^(ws|remote)(\/|$)/.test(p));
}

function putObject(cacheRoot: string, bytes: string | Buffer, md5 = md5Bytes(bytes)): string {
  const dir = join(cacheRoot, 'files', 'md5', md5.slice(0, 2));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, md5.slice(2)), bytes);
  return md5;
}

function pointer(file: string, md5: string, path: string, extra = ''): void {
  writeFileSync(file, `outs:\n- md5: ${md5}\n  size: 7\n${extra}  hash: md5\n  path: ${JSON.stringify(path)}\n`);
}

/** A `.dir` manifest listing `relpaths` (each a file with content `secret`), stored in `cacheRoot`. */
function hostileManifest(cacheRoot: string, relpaths: string[]): string {
  const file = putObject(cacheRoot, 'secret\n');
  const manifest = dirManifest(relpaths.map((relpath) => ({ md5: file, relpath })));
  return putObject(cacheRoot, manifest.bytes, manifest.md5);
}

describe('data paths stay inside the workspace', () => {
  it('pull: a pointer naming ../../x.txt or an absolute path outside restores nothing there and says which pointer named what', async () => {
    const { outer, ws, remote } = sandbox();
    mkdirSync(join(ws, 'data'));
    const md5 = putObject(remote, 'secret\n');
    pointer(join(ws, 'data', 'evil.dvc'), md5, '../../x.txt');
    pointer(join(ws, 'data', 'abs.dvc'), md5, join(outer, 'abs.txt'));
    pointer(join(ws, 'data', 'git.dvc'), md5, '../.git/hooks/pre-commit');
    pointer(join(ws, 'data', 'good.csv.dvc'), md5, 'good.csv');
    const before = outside(outer);

    const pull = await runCli(['data', 'pull', '--workspace', ws]);
    assert.equal(pull.code, 1, pull.stdout + pull.stderr);
    assert.match(pull.stderr, /data\/evil\.dvc names "\.\.\/\.\.\/x\.txt" \(outs\[0\]\.path\): .* is outside the workspace/);
    assert.match(pull.stderr, /data\/abs\.dvc names ".*abs\.txt" \(outs\[0\]\.path\): .* is outside the workspace/);
    assert.match(pull.stderr, /data\/git\.dvc names "\.\.\/\.git\/hooks\/pre-commit" \(outs\[0\]\.path\): .* is inside \.git/);
    assert.match(pull.stdout, /Restored data\/good\.csv into the workspace/);
    assert.equal(readFileSync(join(ws, 'data', 'good.csv'), 'utf8'), 'secret\n');
    assert.equal(existsSync(join(ws, '.git')), false);
    assert.deepEqual(outside(outer), before, 'nothing written outside the workspace');
  });

  it('checkout and pull: a folder version whose manifest lists ../../x.txt is refused, naming the manifest and the entry', async () => {
    const { outer, ws } = sandbox();
    const store = Store.open(join(ws, '.mlops', 'mlops.db'));
    const repo = new DatasetRepository(store.db, ws);
    const cacheRoot = join(ws, '.mlops', 'cache');
    // A clone: the pointer is imported before its manifest is in the cache, then pulled in.
    const manifestMd5 = dirManifest([{ md5: md5Bytes('secret\n'), relpath: '../../x.txt' }]).md5;
    repo.importPointer('imgs', { md5: manifestMd5, size: 7, nfiles: 1, hash: 'md5', path: 'imgs' });
    pointer(join(ws, 'imgs.dvc'), manifestMd5, 'imgs', '  nfiles: 1\n');
    assert.equal(hostileManifest(cacheRoot, ['../../x.txt']), manifestMd5);
    store.close();
    const before = outside(outer);

    const checkout = await runCli(['data', 'checkout', 'imgs@1', '--workspace', ws]);
    assert.equal(checkout.code, 1, checkout.stdout + checkout.stderr);
    assert.match(checkout.stderr, new RegExp(`manifest ${manifestMd5.replace('.', '\\.')} of v1 of imgs lists '\\.\\./\\.\\./x\\.txt', which is not a path inside the folder`));
    const pull = await runCli(['data', 'pull', '--workspace', ws]);
    assert.match(pull.stderr, /manifest .* lists '\.\.\/\.\.\/x\.txt', which is not a path inside the folder/);
    assert.equal(existsSync(join(ws, 'imgs')), false, 'no half-restored folder either');
    assert.deepEqual(outside(outer), before);
  });

  it('refuses manifests with absolute, backslash, empty, dot and NUL entries before writing any of them', async () => {
    const { outer, ws } = sandbox();
    const store = Store.open(join(ws, '.mlops', 'mlops.db'));
    const repo = new DatasetRepository(store.db, ws);
    const cacheRoot = join(ws, '.mlops', 'cache');
    const before = outside(outer);
    for (const bad of [join(outer, 'abs.txt'), '..\\..\\x.txt', 'a//b', './a', 'a/./b', 'a/..', 'nul\0.txt', '']) {
      const md5 = dirManifest([{ md5: md5Bytes('secret\n'), relpath: 'fine.txt' }, { md5: md5Bytes('secret\n'), relpath: bad }]).md5;
      repo.importPointer(`d${md5.slice(0, 6)}`, { md5, size: 7, hash: 'md5', path: 'x' });
      assert.equal(hostileManifest(cacheRoot, ['fine.txt', bad]), md5);
    }
    store.close();
    for (const { path } of new DatasetRepository(Store.open(join(ws, '.mlops', 'mlops.db')).db, ws).list()) {
      const checkout = await runCli(['data', 'checkout', `${path}@1`, '--workspace', ws]);
      assert.equal(checkout.code, 1, checkout.stderr);
      assert.match(checkout.stderr, /which is not a path inside the folder; the manifest is not trusted and nothing was written/);
      assert.equal(existsSync(join(ws, path, 'fine.txt')), false, `${path}: nothing written, not even the good entry`);
    }
    assert.deepEqual(outside(outer), before);
  });

  it('a folder that is a symlink out of the workspace is neither read by add nor written by pull; a dangling one neither', async () => {
    const { outer, ws, remote } = sandbox();
    mkdirSync(join(outer, 'elsewhere'));
    writeFileSync(join(outer, 'elsewhere', 'secret.csv'), 'a\n1\n');
    symlinkSync(join(outer, 'elsewhere'), join(ws, 'data'));
    symlinkSync(join(outer, 'nowhere', 'made.csv'), join(ws, 'dangling.csv'));
    const md5 = putObject(remote, 'secret\n');
    pointer(join(ws, 'new.csv.dvc'), md5, 'data/new.csv');
    pointer(join(ws, 'dangling.csv.dvc'), md5, 'dangling.csv');
    const before = outside(outer);

    for (const path of ['data/secret.csv', 'data', 'dangling.csv']) {
      const add = await runCli(['data', 'add', path, '--workspace', ws]);
      assert.equal(add.code, 1, add.stdout);
      assert.match(add.stderr, /symbolic link to .*(elsewhere|nowhere).*outside .*; it is refused/);
    }
    const pull = await runCli(['data', 'pull', '--workspace', ws]);
    assert.match(pull.stderr, /new\.csv\.dvc names "data\/new\.csv" .*symbolic link to .*elsewhere/);
    assert.match(pull.stderr, /dangling\.csv\.dvc names "dangling\.csv" .*symbolic link to .*nowhere/);
    assert.deepEqual(outside(outer), before, 'nothing read into the cache, nothing written outside');
    assert.equal(existsSync(join(ws, 'data.dvc')), false);
  });

  it('checkout does not write through a subfolder replaced by a symlink out of the workspace: it restores a real folder in its place', async () => {
    const { outer, ws } = sandbox();
    const store = Store.open(join(ws, '.mlops', 'mlops.db'));
    const repo = new DatasetRepository(store.db, ws);
    mkdirSync(join(ws, 'imgs', 'a'), { recursive: true });
    writeFileSync(join(ws, 'imgs', 'a', 'one.txt'), 'one');
    await repo.add('imgs');
    store.close();
    mkdirSync(join(outer, 'elsewhere'));
    writeFileSync(join(outer, 'elsewhere', 'keep.txt'), 'keep');
    rmSync(join(ws, 'imgs', 'a'), { recursive: true });
    symlinkSync(join(outer, 'elsewhere'), join(ws, 'imgs', 'a'));
    const before = outside(outer);

    const checkout = await runCli(['data', 'checkout', 'imgs@1', '--workspace', ws]);
    assert.equal(checkout.code, 0, checkout.stdout + checkout.stderr);
    assert.deepEqual(outside(outer), before);
    assert.ok(!lstatSync(join(ws, 'imgs', 'a')).isSymbolicLink());
    assert.equal(readFileSync(join(ws, 'imgs', 'a', 'one.txt'), 'utf8'), 'one');
    assert.equal(readFileSync(join(outer, 'elsewhere', 'keep.txt'), 'utf8'), 'keep');
  });

  it('status does not read a dataset whose folder became a symlink out of the workspace, and says why', async () => {
    const { outer, ws } = sandbox();
    const store = Store.open(join(ws, '.mlops', 'mlops.db'));
    mkdirSync(join(ws, 'data'));
    writeFileSync(join(ws, 'data', 'x.csv'), 'a\n1\n');
    await new DatasetRepository(store.db, ws).add('data/x.csv');
    store.close();
    mkdirSync(join(outer, 'elsewhere'));
    writeFileSync(join(outer, 'elsewhere', 'x.csv'), 'a\n1\n');
    rmSync(join(ws, 'data'), { recursive: true });
    symlinkSync(join(outer, 'elsewhere'), join(ws, 'data'));

    const status = await runCli(['data', 'status', '--workspace', ws]);
    assert.equal(status.code, 1);
    assert.match(status.stdout, /^missing\s+data\/x\.csv/m);
    assert.match(status.stderr, /'data\/x\.csv' leads through a symbolic link to .*elsewhere\/x\.csv, outside/);
    const untrack = await runCli(['data', 'untrack', 'data/x.csv', '--workspace', ws]);
    assert.equal(untrack.code, 0, untrack.stderr);
    assert.ok(existsSync(join(outer, 'elsewhere', 'x.csv')), 'its files out there are not touched');
  });

  it('data add accepts a folder named ..foo and refuses .mlops, .git, .dvc/cache and a symlink into .mlops, with a clear message', async () => {
    const { ws } = sandbox();
    mkdirSync(join(ws, '..foo'));
    writeFileSync(join(ws, '..foo', 'x.csv'), 'a\n1\n');
    const added = await runCli(['data', 'add', '..foo', '--workspace', ws]);
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stdout, /^\.\.foo: v1 /);
    assert.ok(existsSync(join(ws, '..foo.dvc')));

    mkdirSync(join(ws, '.git'));
    writeFileSync(join(ws, '.git', 'config'), '[core]\n');
    mkdirSync(join(ws, 'data'));
    symlinkSync(join(ws, '.mlops'), join(ws, 'data', 'state'));
    for (const [path, said] of [
      ['.mlops', /'\.mlops' is \.mlops, which holds the tool's own state, not data; it is refused/],
      ['.mlops/mlops.db', /'\.mlops\/mlops\.db' is inside \.mlops, which holds/],
      ['.git/config', /inside \.git, which holds/],
      [join(ws, '.dvc', 'cache'), /inside \.dvc, which holds/],
      ['data/state', /'data\/state' is \.mlops \(through a symbolic link, to .*\.mlops\)/],
      ['.', /is the workspace itself/],
      ['../ws2', /is outside the workspace/],
    ] as const) {
      const add = await runCli(['data', 'add', path, '--workspace', ws]);
      assert.equal(add.code, 1, `${path}: ${add.stdout} ${add.stderr}`);
      assert.match(add.stderr, said);
      assert.doesNotMatch(add.stderr, /\n\s+at /, 'a message, not a stack trace');
    }
  });
});
