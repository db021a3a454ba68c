// The limit the ingest bench (bench/ingest.mjs) compares against: a bare Node HTTP server that only
// JSON.parses each body and inserts its metrics in one SQLite transaction (better-sqlite3, WAL),
// with the same metrics table and index as the store. A body is a log-batch ({ run_id, metrics })
// or a single log-metric ({ run_id, key, value, timestamp, step }); each client sends its own
// run_id, as with the runtime. Prints its port on stdout.
import { createServer } from 'node:http';
import Database from 'better-sqlite3';

const db = new Database(process.argv[2]);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.exec('CREATE TABLE IF NOT EXISTS metrics (run_uuid TEXT NOT NULL, key TEXT NOT NULL, step INTEGER NOT NULL, timestamp INTEGER NOT NULL, value REAL, is_nan INTEGER NOT NULL DEFAULT 0)');
db.exec('CREATE INDEX IF NOT EXISTS metrics_history ON metrics(run_uuid, key, step, timestamp, value, is_nan)');
const insert = db.prepare('INSERT INTO metrics (run_uuid, key, step, timestamp, value, is_nan) VALUES (?, ?, ?, ?, ?, 0)');
const insertAll = db.transaction((runId, metrics) => {
  for (const m of metrics) insert.run(runId, m.key, m.step, m.timestamp, m.value);
});
const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    insertAll(body.run_id, body.metrics ?? [body]);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{}');
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
