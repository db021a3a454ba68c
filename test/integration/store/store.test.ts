import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, Store, StoreError, openDriver } from '../../../src/core/store';
import { tempDir } from '../../helpers/temp';
import { driversUnderTest } from './drivers';

const ROOT = resolve(__dirname, '../../..');
const CHILD = join(ROOT, 'test/helpers/store-child.ts');

function sha(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function startChild(mode: string, dbPath: string, driver: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, mode, dbPath], {
    cwd: ROOT,
    env: { ...process.env, MLOPS_STORE_DRIVER: driver },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return { child, stderr: () => stderr };
}

for (const { name: driver, available } of driversUnderTest()) {
  describe(`store on ${driver}`, { skip: available ? false : `${driver} does not load in Node ${process.version}` }, () => {
    it('creates the database in WAL mode and records every migration', () => {
      const path = join(tempDir(), '.mlops', 'mlops.db');
      const store = Store.open(path, { driver });
      assert.equal(store.driverName, driver);
      assert.equal(store.schemaVersion, LATEST_SCHEMA_VERSION);
      assert.equal(store.db.get<{ journal_mode: string }>('PRAGMA journal_mode')?.journal_mode, 'wal');
      assert.ok((store.db.get<{ timeout: number }>('PRAGMA busy_timeout')?.timeout ?? 0) >= 1000);
      const applied = store.db.all<{ version: number; name: string }>('SELECT version, name FROM schema_migrations ORDER BY version');
      assert.deepEqual(applied.map((m) => m.version), MIGRATIONS.map((m) => m.version));
      store.close();
    });

    it('reopens without re-applying migrations and keeps the data', () => {
      const path = join(tempDir(), 'mlops.db');
      const first = Store.open(path, { driver });
      first.events.append('config.changed', { errors: ['kept'] });
      first.close();
      const second = Store.open(path, { driver });
      assert.equal(second.db.get<{ n: number }>('SELECT count(*) AS n FROM schema_migrations')?.n, MIGRATIONS.length);
      assert.deepEqual(second.events.since(0).map((e) => e.data), [{ errors: ['kept'] }]);
      second.close();
    });

    it('applies new numbered migrations on open, in order', () => {
      const path = join(tempDir(), 'mlops.db');
      Store.open(path, { driver }).close();
      const next = [...MIGRATIONS, { version: LATEST_SCHEMA_VERSION + 1, name: 'later area', sql: 'CREATE TABLE later (id INTEGER PRIMARY KEY)' }];
      const upgraded = Store.open(path, { driver, migrations: next });
      assert.equal(upgraded.schemaVersion, LATEST_SCHEMA_VERSION + 1);
      assert.ok(upgraded.db.get("SELECT name FROM sqlite_master WHERE name = 'later'"));
      upgraded.close();
    });

    it('rolls a failing migration back and leaves the schema version unchanged', () => {
      const path = join(tempDir(), 'mlops.db');
      Store.open(path, { driver }).close();
      const broken = [...MIGRATIONS, { version: LATEST_SCHEMA_VERSION + 1, name: 'broken', sql: 'CREATE TABLE half (x); SELECT * FROM no_such_table' }];
      assert.throws(() => Store.open(path, { driver, migrations: broken }));
      const store = Store.open(path, { driver });
      assert.equal(store.schemaVersion, LATEST_SCHEMA_VERSION);
      assert.equal(store.db.get("SELECT name FROM sqlite_master WHERE name = 'half'"), undefined);
      store.close();
    });

    it('refuses a database written by a newer version and leaves it byte-for-byte unchanged', () => {
      const path = join(tempDir(), 'mlops.db');
      const store = Store.open(path, { driver });
      store.db.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [LATEST_SCHEMA_VERSION + 5, 'from the future', 0]);
      store.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
      store.close();
      const before = sha(path);
      assert.throws(
        () => Store.open(path, { driver }),
        (error: unknown) => error instanceof StoreError && error.code === 'STORE_TOO_NEW' && error.message.includes(path) && /newer/.test(error.message),
      );
      assert.equal(sha(path), before);
    });

    it('reports a corrupt file with its path and never replaces it', () => {
      const path = join(tempDir(), 'mlops.db');
      const garbage = Buffer.from('this is not a database, it is a note someone saved here\n'.repeat(100));
      writeFileSync(path, garbage);
      assert.throws(
        () => Store.open(path, { driver }),
        (error: unknown) => error instanceof StoreError && error.code === 'STORE_CORRUPT' && error.message.includes(path),
      );
      assert.deepEqual(readFileSync(path), garbage);
    });

    it('reads while a foreign process holds the write lock, and says the database is locked when writing', async () => {
      const path = join(tempDir(), 'mlops.db');
      Store.open(path, { driver }).close();
      const { child, stderr } = startChild('hold-lock', path, driver);
      try {
        await new Promise<void>((ok, fail) => {
          child.stdout.on('data', (c: Buffer) => c.toString().includes('locked') && ok());
          child.on('exit', (code) => fail(new Error(`lock holder exited ${code}: ${stderr()}`)));
        });
        const store = Store.open(path, { driver, busyTimeoutMs: 300 });
        assert.equal(store.events.lastSeq(), 0);
        const started = Date.now();
        assert.throws(
          () => store.events.append('config.changed', { errors: [] }),
          (error: unknown) => error instanceof StoreError && error.code === 'STORE_LOCKED' && error.message.includes(path),
        );
        assert.ok(Date.now() - started >= 250, 'it waited for the busy timeout first');
        store.close();
      } finally {
        child.kill('SIGKILL');
      }
      const store = Store.open(path, { driver });
      store.events.append('config.changed', { errors: [] });
      assert.equal(store.events.lastSeq(), 1);
      store.close();
    });

    it('loses nothing committed when the writer is killed with SIGKILL mid-write', async () => {
      const path = join(tempDir(), 'mlops.db');
      Store.open(path, { driver }).close();
      const { child, stderr } = startChild('write-events', path, driver);
      let lastCommitted = 0;
      await new Promise<void>((ok, fail) => {
        let buffer = '';
        child.stdout.on('data', (c: Buffer) => {
          buffer += c.toString();
          const lines = buffer.split('\n');
          buffer = lines.pop() ?? '';
          for (const line of lines) lastCommitted = Number(line);
          if (lastCommitted >= 300) {
            child.kill('SIGKILL');
            ok();
          }
        });
        child.on('exit', (code, signal) => signal !== 'SIGKILL' && fail(new Error(`writer exited ${code}: ${stderr()}`)));
      });
      await new Promise((r) => child.on('close', r));
      const store = Store.open(path, { driver });
      assert.equal(store.db.get<{ integrity_check: string }>('PRAGMA integrity_check')?.integrity_check, 'ok');
      assert.ok(store.events.lastSeq() >= lastCommitted, `kept ${store.events.lastSeq()} of ${lastCommitted} committed events`);
      store.close();
    });

    it('rolls back a failed transaction as a whole', () => {
      const store = Store.open(join(tempDir(), 'mlops.db'), { driver });
      assert.throws(() =>
        store.transaction(() => {
          store.events.append('config.changed', { errors: [] });
          throw new Error('boom');
        }),
      );
      assert.equal(store.events.lastSeq(), 0);
      store.close();
    });

    it('replays events after a sequence number, in order', () => {
      const store = Store.open(join(tempDir(), 'mlops.db'), { driver });
      const seqs = [1, 2, 3].map((i) => store.events.append('config.changed', { errors: [String(i)] }).seq);
      assert.deepEqual(store.events.since(seqs[0]!).map((e) => e.seq), seqs.slice(1));
      assert.equal(store.events.lastSeq(), seqs[2]);
      store.close();
    });

    it('round-trips the value types the areas store', () => {
      const db = openDriver(join(tempDir(), 'types.db'), driver);
      db.exec('CREATE TABLE t (i INTEGER, r REAL, s TEXT, b BLOB, n)');
      const big = 1_700_000_000_123;
      db.run('INSERT INTO t VALUES (?, ?, ?, ?, ?)', [big, 0.1, 'naïve ✓', new Uint8Array([0, 255]), null]);
      const row = db.get<{ i: number; r: number; s: string; b: Uint8Array; n: null }>('SELECT * FROM t');
      assert.equal(row?.i, big);
      assert.equal(row?.r, 0.1);
      assert.equal(row?.s, 'naïve ✓');
      assert.deepEqual([...(row?.b ?? [])], [0, 255]);
      assert.equal(row?.n, null);
      db.close();
    });
  });
}
