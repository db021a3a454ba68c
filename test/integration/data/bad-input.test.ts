import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DatasetRepository, md5Bytes, readPointer } from '../../../src/core/data';
import { Store } from '../../../src/core/store';
import { tempDir } from '../../helpers/temp';

function workspace(cacheRoot?: string): { ws: string; repo: DatasetRepository; store: Store } {
  const ws = tempDir();
  const store = Store.open(join(ws, '.mlops', 'mlops.db'));
  return { ws, repo: new DatasetRepository(store.db, ws, cacheRoot), store };
}

/** Every file under the cache: objects must hash to their names, and no temp file may be left. */
function cacheFiles(root: string): { temps: string[]; corrupt: string[]; objects: number } {
  const base = join(root, 'files', 'md5');
  const out = { temps: [] as string[], corrupt: [] as string[], objects: 0 };
  for (const shard of existsSync(base) ? readdirSync(base) : []) {
    for (const name of readdirSync(join(base, shard))) {
      if (name.endsWith('.tmp')) out.temps.push(name);
      else if (!name.endsWith('.dir')) {
        out.objects++;
        if (md5Bytes(readFileSync(join(base, shard, name))) !== shard + name) out.corrupt.push(shard + name);
      }
    }
  }
  return out;
}

const isRoot = process.getuid?.() === 0;

/** A 1 MiB tmpfs, when this process may mount one (root, mount(8) allowed); else undefined. */
function tinyDisk(): string | undefined {
  if (!isRoot) return undefined;
  const dir = tempDir('mlops-tmpfs-');
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir], { stdio: 'ignore' });
  return mounted.status === 0 ? dir : undefined;
}

describe('data versioning of bad input', () => {
  const disk = tinyDisk();
  after(() => {
    if (disk) spawnSync('umount', [disk], { stdio: 'ignore' });
  });

  it('a full disk during a cache write: a clear error, no partial object, nothing recorded (needs root for a 1 MiB tmpfs)', { skip: !disk && 'cannot mount a tmpfs here (not root, or mount not allowed)' }, async () => {
    const { ws, repo, store } = workspace(disk);
    writeFileSync(join(ws, 'big.bin'), Buffer.alloc(3 * 1024 * 1024, 1));
    await assert.rejects(repo.add('big.bin'), /No space left for the data cache at .* while storing .*big\.bin: free some disk space/);
    assert.deepEqual(repo.versions('big.bin'), []);
    assert.equal(existsSync(join(ws, 'big.bin.dvc')), false, 'no pointer to an object that is not there');
    mkdirSync(join(ws, 'many'));
    for (let i = 0; i < 200; i++) writeFileSync(join(ws, 'many', `f${i}.bin`), Buffer.alloc(8192, i));
    await assert.rejects(repo.add('many'), /No space left for the data cache/);
    assert.deepEqual(repo.versions('many'), []);
    const files = cacheFiles(disk!);
    assert.deepEqual(files.temps, [], 'temp files removed');
    assert.deepEqual(files.corrupt, [], 'every object whole');
    assert.ok(files.objects > 0, 'the objects that fitted were stored');
    store.close();
  });

  it('a file deleted while it is being hashed: an error saying so, nothing recorded', async () => {
    const { ws, repo, store } = workspace();
    const file = join(ws, 'big.bin');
    writeFileSync(file, Buffer.alloc(80 * 1024 * 1024, 3));
    const adding = repo.add('big.bin');
    setTimeout(() => unlinkSync(file), 15);
    await assert.rejects(adding, /big\.bin (was deleted while it was being hashed|does not exist)/);
    assert.deepEqual(repo.versions('big.bin'), []);
    assert.equal(existsSync(join(ws, 'big.bin.dvc')), false);
    assert.deepEqual(cacheFiles(repo.cache.root).temps, []);
    store.close();
  });

  it(`permission denied on a tracked file: an error naming it and what to do${isRoot ? ' (as user nobody: root ignores file modes)' : ''}`, () => {
    const ws = tempDir();
    chmodSync(ws, 0o777);
    mkdirSync(join(ws, 'data'), { mode: 0o777 });
    chmodSync(join(ws, 'data'), 0o777);
    writeFileSync(join(ws, 'data', 'ok.txt'), 'ok', { mode: 0o666 });
    writeFileSync(join(ws, 'data', 'secret.txt'), 'secret');
    chmodSync(join(ws, 'data', 'secret.txt'), 0o000);
    const child = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, 'add-as-user.ts'), ws, 'data', 'data/secret.txt'], {
      encoding: 'utf8',
      ...(isRoot && { uid: 65534, gid: 65534 }),
    });
    assert.equal(child.status, 0, child.stderr);
    const [folder, file] = JSON.parse(child.stdout) as { error?: string; versions: number }[];
    assert.match(folder!.error ?? '', /Cannot read data\/secret\.txt: permission denied\. Give your user read access/);
    assert.match(file!.error ?? '', /Cannot read data\/secret\.txt: permission denied/);
    assert.deepEqual([folder!.versions, file!.versions], [0, 0]);
  });

  it('symlink loops inside a tracked folder are skipped, not followed', async () => {
    const { ws, repo, store } = workspace();
    mkdirSync(join(ws, 'data', 'sub'), { recursive: true });
    writeFileSync(join(ws, 'data', 'a.txt'), 'a');
    writeFileSync(join(ws, 'data', 'sub', 'b.txt'), 'b');
    symlinkSync('self', join(ws, 'data', 'self'));
    symlinkSync('loop-b', join(ws, 'data', 'loop-a'));
    symlinkSync('loop-a', join(ws, 'data', 'loop-b'));
    symlinkSync('..', join(ws, 'data', 'sub', 'up'));
    const { version } = await repo.add('data');
    assert.equal(version.nfiles, 2);
    assert.deepEqual((await repo.status()).map((r) => r.state), ['ok']);
    store.close();
  });

  it('racing adds of a file that keeps changing: each recorded version is whole, the pointer names the last', async () => {
    const { ws, repo, store } = workspace();
    const file = join(ws, 'race.csv');
    // Over 1 MiB, so hashing streams and copying runs in the thread pool while the test writes.
    const contents = Array.from({ length: 8 }, (_, i) => `id,value\n${`${i},${'x'.repeat(100)}\n`.repeat(15_000 + i * 100)}`);
    writeFileSync(file, contents[0]!);
    const errors: string[] = [];
    const adds: Promise<unknown>[] = [];
    const add = () => adds.push(repo.add('race.csv').catch((error: Error) => errors.push(error.message)));
    for (let i = 1; i < contents.length; i++) {
      add();
      await new Promise((resolve) => setTimeout(resolve, i % 3));
      writeFileSync(file, contents[i]!);
    }
    add();
    await Promise.all(adds);
    for (const message of errors) assert.match(message, /changed while it was being hashed/);
    const versions = repo.versions('race.csv');
    const known = new Set(contents.map((c) => md5Bytes(c)));
    for (const v of versions) assert.ok(known.has(v.md5), `v${v.version} is one of the written contents`);
    assert.equal(versions.at(-1)!.md5, md5Bytes(contents.at(-1)!), 'the last content is the latest version');
    assert.equal(readPointer(join(ws, 'race.csv.dvc')).md5, md5Bytes(contents.at(-1)!));
    const files = cacheFiles(repo.cache.root);
    assert.deepEqual(files.corrupt, []);
    assert.deepEqual(files.temps, []);
    rmSync(file);
    store.close();
  });
});
