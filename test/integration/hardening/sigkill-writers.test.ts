import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, it } from 'node:test';
import { DatasetRepository } from '../../../src/core/data';
import { Store } from '../../../src/core/store';
import { workspacePaths } from '../../../src/core/workspace';
import { CLI, runCli, startRuntimeProcess } from '../../helpers/cli';
import { seededRandom } from '../../helpers/seeded-random';
import { tempDir } from '../../helpers/temp';
import { MONITOR, seedChampion, writeWorkspaceFiles } from '../retrain/fixtures';

// Each writer is killed with SIGKILL at a point it is known to be writing (a condition, not a
// delay), several rounds; afterwards nothing it acknowledged is lost and nothing half-written is
// visible: no cache object whose content differs from its name, no folder mixing two versions.

const API = '/api/2.0/mlflow';
const ROUNDS = 3;

async function until(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setTimeout(r, 2));
  }
}

function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, e.name);
      if (e.isDirectory()) walk(full);
      else out.push(relative(dir, full).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

const md5 = (bytes: Buffer): string => createHash('md5').update(bytes).digest('hex');

/** Every object under the cache hashes to its own name (`.dir` manifests included). */
function assertCacheSound(cacheRoot: string): number {
  let n = 0;
  for (const rel of files(cacheRoot)) {
    if (!/^[0-9a-f]{2}\/[0-9a-f]{30}(\.dir)?$/.test(rel)) continue;
    const name = rel.replace('/', '').replace(/\.dir$/, '');
    assert.equal(md5(readFileSync(join(cacheRoot, rel))), name, `cache object ${rel} is half-written`);
    n++;
  }
  return n;
}

/** A folder's content as a map of relative path → md5. */
function snapshot(dir: string): Map<string, string> {
  return new Map(files(dir).map((f) => [f, md5(readFileSync(join(dir, f)))]));
}

const same = (a: Map<string, string>, b: Map<string, string>): boolean => a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);

function spawnCli(args: string[], cwd: string): { exited: Promise<number | null>; kill(): void } {
  const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: 'ignore' });
  return { exited: new Promise((r) => child.on('exit', (code) => r(code))), kill: () => child.kill('SIGKILL') };
}

describe('writers killed with SIGKILL', () => {
  it('metrics: every acknowledged point survives each of several kills mid-storm', async (t) => {
    const ws = tempDir();
    let acknowledged = 0;
    let runId = '';
    for (let round = 0; round < ROUNDS; round++) {
      const rt = await startRuntimeProcess(ws);
      const call = async (path: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> => {
        const res = await fetch(`http://127.0.0.1:${rt.info.port}${path}`, { method: 'POST', headers: { authorization: `Bearer ${rt.info.token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
        return { status: res.status, json: (await res.json()) as Record<string, unknown> };
      };
      runId = ((await call(`${API}/runs/create`, { experiment_id: '0' })).json.run as { info: { run_id: string } }).info.run_id;
      const before = acknowledged;
      let stop = false;
      const clients = Array.from({ length: 4 }, async (_, c) => {
        for (let b = 0; !stop; b++) {
          const metrics = Array.from({ length: 100 }, (_, i) => ({ key: `r${round}c${c}`, value: i, timestamp: Date.now(), step: b * 100 + i }));
          try {
            if ((await call(`${API}/runs/log-batch`, { run_id: runId, metrics })).status === 200) acknowledged += 100;
          } catch {
            return;
          }
        }
      });
      await until(() => acknowledged - before >= 2_000, 'two thousand acknowledged points');
      rt.child.kill('SIGKILL');
      stop = true;
      await Promise.all(clients);
      await rt.exited;
    }
    const store = Store.open(join(ws, '.mlops', 'mlops.db'));
    const kept = store.db.get<{ n: number }>('SELECT count(*) AS n FROM metrics')?.n ?? 0;
    store.close();
    t.diagnostic(`SIGKILL metrics: ${ROUNDS} kills, ${acknowledged} points acknowledged, ${kept} kept, ${Math.max(0, acknowledged - kept)} lost`);
    assert.ok(kept >= acknowledged, `kept ${kept} of ${acknowledged} acknowledged points over ${ROUNDS} kills`);
  });

  it('data add: killed while caching a folder, the cache never holds a wrong object and a later add completes', async (t) => {
    const ws = tempDir();
    assert.equal((await runCli(['init', '--workspace', ws])).code, 0);
    const data = join(ws, 'data');
    mkdirSync(data);
    const random = seededRandom(7);
    for (let i = 0; i < 400; i++) writeFileSync(join(data, `part-${i}.csv`), `id,value\n${i},${random()}\n`);
    writeFileSync(join(data, 'big.bin'), Buffer.alloc(24 * 1024 * 1024, 7));
    const cache = join(ws, '.mlops', 'cache', 'files', 'md5');
    for (let round = 0; round < ROUNDS; round++) {
      const before = files(cache).length;
      const add = spawnCli(['data', 'add', 'data', '--workspace', ws], ws);
      let exited = false;
      void add.exited.then(() => (exited = true));
      await until(() => exited || files(cache).length > before, 'the add to store its first object');
      add.kill();
      await add.exited;
      assertCacheSound(cache);
    }
    const done = await runCli(['data', 'add', 'data', '--workspace', ws], { cwd: ws, timeoutMs: 120_000 });
    assert.equal(done.code, 0, done.stderr);
    const verify = await runCli(['data', 'verify', '--workspace', ws], { cwd: ws });
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
    const objects = assertCacheSound(cache);
    t.diagnostic(`SIGKILL data add: ${ROUNDS} kills, ${objects} cache objects checked, 0 corrupt`);
    assert.ok(objects >= 402);
    assert.ok(existsSync(join(ws, 'data.dvc')));
  });

  it('data checkout: killed mid-restore, the folder is one whole version, never a mix, and nothing is lost', async (t) => {
    const ws = tempDir();
    assert.equal((await runCli(['init', '--workspace', ws])).code, 0);
    const data = join(ws, 'data');
    mkdirSync(data);
    for (let i = 0; i < 300; i++) writeFileSync(join(data, `f${i}.txt`), `one ${i}\n`);
    writeFileSync(join(data, 'big.bin'), Buffer.alloc(16 * 1024 * 1024, 1));
    assert.equal((await runCli(['data', 'add', 'data', '--workspace', ws], { cwd: ws, timeoutMs: 120_000 })).code, 0);
    const v1 = snapshot(data);
    for (let i = 0; i < 300; i++) writeFileSync(join(data, `f${i}.txt`), `two ${i}\n`);
    writeFileSync(join(data, 'big.bin'), Buffer.alloc(16 * 1024 * 1024, 2));
    assert.equal((await runCli(['data', 'add', 'data', '--workspace', ws], { cwd: ws, timeoutMs: 120_000 })).code, 0);
    const v2 = snapshot(data);
    for (let round = 0; round < ROUNDS; round++) {
      const target = round % 2 === 0 ? '1' : '2';
      const checkout = spawnCli(['data', 'checkout', `data@${target}`, '--workspace', ws], ws);
      let exited = false;
      void checkout.exited.then(() => (exited = true));
      const wanted = `${target === '1' ? 'one' : 'two'} 0\n`;
      const first = (): string | undefined => {
        try {
          return readFileSync(join(data, 'f0.txt'), 'utf8');
        } catch {
          return undefined;
        }
      };
      await until(() => exited || first() === wanted, 'the checkout to write its first file');
      checkout.kill();
      await checkout.exited;
      const now = existsSync(data) ? snapshot(data) : new Map<string, string>();
      assert.ok(same(now, v1) || same(now, v2), `after kill ${round + 1} the folder mixes versions (${now.size} files)`);
    }
    const finish = await runCli(['data', 'checkout', 'data@1', '--workspace', ws], { cwd: ws, timeoutMs: 120_000 });
    assert.equal(finish.code, 0, finish.stderr);
    assert.ok(same(snapshot(data), v1));
    t.diagnostic(`SIGKILL data checkout: ${ROUNDS} kills mid-restore, 0 mixed folders`);
    assert.deepEqual(readdirSync(ws).filter((n) => n.includes('mlops-tmp')), [], 'temp folders left beside the data');
  });

  it('retrain: the runtime killed mid-training leaves each retrain failed with the reason, and its run FAILED, after a restart', async (t) => {
    const root = writeWorkspaceFiles({ command: 'node train.js slow', policy: 'auto' });
    const paths = workspacePaths(root);
    const seedStore = Store.open(paths.db);
    const datasets = new DatasetRepository(seedStore.db, root);
    await seedChampion(seedStore, paths, (path) => datasets.add(path));
    seedStore.close();
    const killed: { id: number; runId: string }[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const rt = await startRuntimeProcess(root);
      const api = (method: string, path: string, body?: unknown): Promise<Response> =>
        fetch(`http://127.0.0.1:${rt.info.port}${path}`, { method, headers: { authorization: `Bearer ${rt.info.token}`, 'content-type': 'application/json' }, ...(body !== undefined && { body: JSON.stringify(body) }) });
      const trigger = (await (await api('POST', '/api/retrain', { monitor: MONITOR })).json()) as { id: number };
      let runId: string | undefined;
      const training = async (): Promise<void> => {
        const { triggers } = (await (await api('GET', `/api/retrain?monitor=${MONITOR}`)).json()) as { triggers: { id: number; runId?: string | null }[] };
        runId = triggers.find((x) => x.id === trigger.id)?.runId ?? undefined;
      };
      const deadline = Date.now() + 60_000;
      while (!runId && Date.now() < deadline) await training();
      assert.ok(runId, `retrain ${trigger.id} started its training run`);
      rt.child.kill('SIGKILL');
      await rt.exited;
      killed.push({ id: trigger.id, runId });
    }
    const after = await startRuntimeProcess(root);
    try {
      const headers = { authorization: `Bearer ${after.info.token}` };
      const { triggers } = (await (await fetch(`http://127.0.0.1:${after.info.port}/api/retrain?monitor=${MONITOR}`, { headers })).json()) as { triggers: { id: number; status: string; decision?: string }[] };
      for (const { id, runId } of killed) {
        const trigger = triggers.find((x) => x.id === id)!;
        assert.deepEqual([trigger.status, trigger.decision], ['failed', 'the runtime stopped during the retrain']);
        const run = (await (await fetch(`http://127.0.0.1:${after.info.port}${API}/runs/get?run_id=${runId}`, { headers })).json()) as { run: { info: { status: string } } };
        assert.equal(run.run.info.status, 'FAILED');
      }
      const champion = (await (await fetch(`http://127.0.0.1:${after.info.port}${API}/registered-models/alias?name=clf&alias=champion`, { headers })).json()) as { model_version: { version: string } };
      assert.equal(champion.model_version.version, '1', 'the champion stays where it was');
      t.diagnostic(`SIGKILL retrain: ${ROUNDS} kills mid-training, ${killed.length} retrains failed with the reason, ${killed.length} runs FAILED, champion unchanged`);
    } finally {
      after.child.kill('SIGTERM');
      await after.exited;
    }
  });
});
