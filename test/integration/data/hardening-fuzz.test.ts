import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import type { ResolvedRemote } from '../../../src/core/data';
import { DatasetRepository, checkout, dirManifest, md5Bytes, pullObjects } from '../../../src/core/data';
import { DomainError } from '../../../src/core/errors';
import { Store } from '../../../src/core/store';
import { FUZZ, hostilePath, listTree, plantLinks } from '../../helpers/hostile-paths';
import { tempDir } from '../../helpers/temp';

/**
 * Property: whatever path a pointer file or a folder manifest names, `pull` (which restores
 * missing datasets) and `checkout` write nothing outside the workspace. The workspace sits six
 * levels below a sandbox folder, so every path the generator makes lands inside the sandbox, and
 * the sandbox is listed before and after each case.
 */
describe('pull and checkout of hostile pointers and manifests (property-based)', () => {
  const outer = realpathSync(tempDir('mlops-fuzz-'));
  const ws = join(outer, 'l1', 'l2', 'l3', 'l4', 'l5', 'ws');
  mkdirSync(join(ws, '.mlops'), { recursive: true });
  plantLinks(outer, ws);
  const remote: ResolvedRemote = { path: join(outer, 'remote'), url: '../remote', source: 'mlops.yaml' };
  const store = Store.open(join(ws, '.mlops', 'mlops.db'));
  const repo = new DatasetRepository(store.db, ws);
  after(() => store.close());

  const content = 'secret\n';
  const file = md5Bytes(content);
  putRemote(file, content);

  function putRemote(md5: string, bytes: string | Buffer): void {
    mkdirSync(join(remote.path, 'files', 'md5', md5.slice(0, 2)), { recursive: true });
    writeFileSync(join(remote.path, 'files', 'md5', md5.slice(0, 2), md5.slice(2)), bytes);
  }

  /** Everything under the sandbox but the workspace's own state, the cache and the remote. */
  function sandboxListing(): string[] {
    return listTree(outer).filter((p) => !p.startsWith('remote') && !/\/ws\/\.mlops\/(cache|mlops\.db)/.test(p))
  }

  /** Refused (DomainError), or a name the filesystem cannot take (ENAMETOOLONG …), never a crash. */
  function expectRefusal(error: NodeJS.ErrnoException): void {
    assert.ok(error instanceof DomainError || /^E[A-Z]+$/.test(error.code ?? ''), error.stack);
  }

  function expectRefusedOr(fn: () => unknown): void {
    try {
      fn();
    } catch (error) {
      expectRefusal(error as NodeJS.ErrnoException);
    }
  }

  it('never creates a file outside the workspace', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(hostilePath(outer), fc.array(hostilePath(outer), { minLength: 1, maxLength: 3 }), fc.constantFrom('', 'sub/', 'sub/deep/'), async (path, relpaths, at) => {
        const id = `p${n++}`;
        const manifest = dirManifest(relpaths.map((relpath) => ({ md5: file, relpath })));
        putRemote(manifest.md5, manifest.bytes);
        const pointers = [join(ws, `${at}${id}.dvc`), join(ws, `${at}${id}-dir.dvc`)];
        writeFileSync(pointers[0]!, `outs:\n- md5: ${file}\n  size: 7\n  hash: md5\n  path: ${JSON.stringify(path)}\n`);
        writeFileSync(pointers[1]!, `outs:\n- md5: ${manifest.md5}\n  size: 7\n  nfiles: ${relpaths.length}\n  hash: md5\n  path: ${id}-dir\n`);
        // Recorded as a version before its manifest is in the cache, as a clone's first start does.
        const folder = `${at}${id}-dir`;
        // (The same manifest met again is already cached, and then refused at import: also fine.)
        expectRefusedOr(() => repo.importPointer(folder, { md5: manifest.md5, size: 7, hash: 'md5', path: folder }));
        const before = sandboxListing();

        const pulled = await pullObjects(repo, remote);
        await checkout(repo, folder, '1', (p) => repo.add(p)).catch(expectRefusal);

        const added = sandboxListing().filter((p) => !before.includes(p));
        const escaped = added.filter((p) => !p.startsWith('l1/l2/l3/l4/l5/ws/') || /\/ws\/\.(mlops|git|dvc)(\/|$)/.test(p));
        assert.deepEqual(escaped, [], `pointer path ${JSON.stringify(path)}, manifest ${JSON.stringify(relpaths)}: ${JSON.stringify(pulled.failed)}`);
        for (const pointer of pointers) rmSync(pointer, { force: true });
        for (const entry of readdirSync(dirname(pointers[0]!))) if (entry.startsWith(id)) rmSync(join(dirname(pointers[0]!), entry), { recursive: true, force: true });
      }),
      { ...FUZZ, numRuns: 100 },
    );
  });
});
