// A second process on a workspace database, for the store's concurrency and crash tests.
//   hold-lock PATH      takes an exclusive lock, prints "locked", holds it until killed
//   write-events PATH   appends events forever, printing each committed seq, until killed
import { Store, openDriver } from '../../src/core/store';

const [mode, path] = process.argv.slice(2);
if (!path) throw new Error('usage: store-child.ts hold-lock|write-events PATH');

if (mode === 'hold-lock') {
  const db = openDriver(path);
  db.exec('PRAGMA busy_timeout = 5000');
  db.exec('BEGIN EXCLUSIVE');
  db.exec("CREATE TABLE IF NOT EXISTS foreign_lock (x)");
  process.stdout.write('locked\n');
  // The interval keeps `db` reachable: a collected connection would close and drop the lock.
  setInterval(() => db.get('SELECT 1'), 1000);
} else if (mode === 'write-events') {
  const store = Store.open(path);
  for (let i = 0; ; i++) {
    const event = store.events.append('config.changed', { errors: [`write ${i}`] });
    process.stdout.write(`${event.seq}\n`);
  }
} else {
  throw new Error(`unknown mode ${mode}`);
}
