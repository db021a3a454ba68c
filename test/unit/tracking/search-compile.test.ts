import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { compileFilter, compileOrderBy, parseFilter, parseOrderBy } from '../../../src/core/tracking/search';

type Db = InstanceType<typeof Database>;

interface RunFixture {
  id: string;
  experiment: number;
  name: string;
  user: string;
  status: string;
  start: number;
  end: number | null;
  stage: string;
  metrics: Record<string, number>;
  params: Record<string, string>;
  tags: Record<string, string>;
}

const RUNS: RunFixture[] = [
  {
    id: 'r1', experiment: 1, name: 'alpha', user: 'alice', status: 'FINISHED', start: 1000, end: 2000, stage: 'active',
    metrics: { acc: 0.9, loss: 0.1, 'val acc': 0.85, 'system/cpu': 50 },
    params: { model: 'cnn', lr: '0.01', 'learning rate': '0.01' },
    tags: { 'mlflow.runName': 'alpha', team: 'Vision' },
  },
  {
    id: 'r2', experiment: 1, name: 'beta', user: 'bob', status: 'FAILED', start: 2000, end: 3000, stage: 'active',
    metrics: { acc: 0.7, loss: 0.3 },
    params: { model: 'rnn', lr: '0.1' },
    tags: { team: 'vision' },
  },
  {
    id: 'r3', experiment: 2, name: 'gamma', user: 'alice', status: 'RUNNING', start: 3000, end: null, stage: 'active',
    metrics: { acc: 0.95, loss: Number.NaN },
    params: { model: 'CNN-large' },
    tags: { team: 'NLP', note: "it's" },
  },
  {
    id: 'r4', experiment: 1, name: 'delta', user: 'carol', status: 'FINISHED', start: 4000, end: 5000, stage: 'deleted',
    metrics: {},
    params: { model: 'cnn' },
    tags: {},
  },
  {
    id: 'r5', experiment: 10, name: 'epsilon', user: 'bob', status: 'KILLED', start: 5000, end: 6000, stage: 'active',
    metrics: { acc: -0.001, loss: 2500 },
    params: { lr: '1e-3' },
    tags: { team: 'x' },
  },
  {
    id: 'r6', experiment: 2, name: 'zeta', user: 'dave', status: 'FINISHED', start: 6000, end: 7000, stage: 'active',
    metrics: { acc: 0.9 },
    params: { model: 'svm' },
    tags: { team: 'Vision' },
  },
];

function createDatabase(): Db {
  const db = new Database(':memory:');
  db.pragma('case_sensitive_like = ON');
  db.exec(`
    CREATE TABLE runs (run_uuid TEXT PRIMARY KEY, experiment_id INTEGER, name TEXT, user_id TEXT, status TEXT,
      start_time INTEGER, end_time INTEGER, artifact_uri TEXT, lifecycle_stage TEXT);
    CREATE TABLE latest_metrics (run_uuid TEXT, key TEXT, value REAL, is_nan INTEGER, step INTEGER, timestamp INTEGER,
      PRIMARY KEY (run_uuid, key));
    CREATE TABLE params (run_uuid TEXT, key TEXT, value TEXT, PRIMARY KEY (run_uuid, key));
    CREATE TABLE tags (run_uuid TEXT, key TEXT, value TEXT, PRIMARY KEY (run_uuid, key));
  `);
  const insertRun = db.prepare('INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const insertMetric = db.prepare('INSERT INTO latest_metrics VALUES (?, ?, ?, ?, 0, 0)');
  const insertParam = db.prepare('INSERT INTO params VALUES (?, ?, ?)');
  const insertTag = db.prepare('INSERT INTO tags VALUES (?, ?, ?)');
  for (const run of RUNS) {
    insertRun.run(run.id, run.experiment, run.name, run.user, run.status, run.start, run.end, `file:///store/${run.id}/artifacts`, run.stage);
    for (const [key, value] of Object.entries(run.metrics)) {
      const nan = Number.isNaN(value);
      insertMetric.run(run.id, key, nan ? null : value, nan ? 1 : 0);
    }
    for (const [key, value] of Object.entries(run.params)) insertParam.run(run.id, key, value);
    for (const [key, value] of Object.entries(run.tags)) insertTag.run(run.id, key, value);
  }
  return db;
}

describe('compileFilter / compileOrderBy against SQLite', () => {
  let db: Db;

  before(() => {
    db = createDatabase();
  });

  after(() => {
    db.close();
  });

  /** Run ids matching `filter`, ordered by `orderBy` (then MLflow's default order). */
  function search(filter: string | undefined, orderBy: string[] = []): string[] {
    const where = compileFilter(parseFilter(filter));
    const order = compileOrderBy(parseOrderBy(orderBy));
    const rows = db
      .prepare(`SELECT r.run_uuid AS id FROM runs r WHERE ${where.sql} ORDER BY ${order.sql}`)
      .all(...where.params, ...order.params) as { id: string }[];
    return rows.map((row) => row.id);
  }

  describe('fragments', () => {
    it("compiles no filter to '1' and no order to the tie-breakers", () => {
      assert.deepEqual(compileFilter(undefined), { sql: '1', params: [] });
      assert.deepEqual(compileOrderBy([]), { sql: 'r.start_time DESC, r.run_uuid ASC', params: [] });
    });

    it('puts keys and values in params, never in the SQL', () => {
      const where = compileFilter(parseFilter("metrics.`secret key` > 0.25 AND params.p IN ('v1', 'v2') OR tags.t ILIKE 'Val%'"));
      assert.deepEqual(where.params, ['secret key', 0.25, 'p', 'v1', 'v2', 't', 'Val%']);
      for (const text of ['secret', '0.25', 'v1', 'Val']) assert.ok(!where.sql.includes(text), `${text} in ${where.sql}`);
      assert.equal((where.sql.match(/\?/g) ?? []).length, where.params.length);
      assert.match(where.sql, /lower\(.*\) LIKE lower\(\?\)/);
      assert.match(where.sql, / IN \(\?, \?\)/);
    });

    it('binds order_by keys as params and ends with the tie-breakers', () => {
      const order = compileOrderBy(parseOrderBy(['metrics.`my key` DESC', 'attributes.status']));
      assert.deepEqual(order.params, ['my key', 'my key']);
      assert.ok(!order.sql.includes('my key'));
      assert.equal((order.sql.match(/\?/g) ?? []).length, order.params.length);
      assert.match(order.sql, /r\.status IS NULL\), r\.status ASC, r\.start_time DESC, r\.run_uuid ASC$/);
    });
  });

  describe('filters', () => {
    it('returns every run in the default order without a filter', () => {
      assert.deepEqual(search(undefined), ['r6', 'r5', 'r4', 'r3', 'r2', 'r1']);
      assert.deepEqual(search('  '), ['r6', 'r5', 'r4', 'r3', 'r2', 'r1']);
    });

    it('compares metrics numerically with every operator', () => {
      assert.deepEqual(search('metrics.acc > 0.8'), ['r6', 'r3', 'r1']);
      assert.deepEqual(search('metrics.acc >= 0.9'), ['r6', 'r3', 'r1']);
      assert.deepEqual(search('metrics.acc = 0.9'), ['r6', 'r1']);
      assert.deepEqual(search('metrics.acc < 0.9'), ['r5', 'r2']);
      assert.deepEqual(search('metrics.acc <= 0.7'), ['r5', 'r2']);
      assert.deepEqual(search('metrics.acc < 0'), ['r5']);
      assert.deepEqual(search('metrics.acc = -1e-3'), ['r5']);
      assert.deepEqual(search('metrics.loss >= 2.5e3'), ['r5']);
    });

    it('never matches runs lacking the metric, even with != and NOT IN', () => {
      assert.deepEqual(search('metrics.acc != 0.9'), ['r5', 'r3', 'r2']);
      assert.deepEqual(search('metrics.acc NOT IN (0.9, 0.95)'), ['r5', 'r2']);
      assert.deepEqual(search('metrics.missing != 1'), []);
    });

    it('never matches NaN metrics', () => {
      assert.deepEqual(search('metrics.loss < 1'), ['r2', 'r1']);
      assert.deepEqual(search('metrics.loss != 0.1'), ['r5', 'r2']);
    });

    it('matches metric IN lists', () => {
      assert.deepEqual(search('metrics.acc IN (0.7, 0.95, 42)'), ['r3', 'r2']);
    });

    it('finds metrics with quoted and slashed keys', () => {
      assert.deepEqual(search('metrics.`val acc` > 0.8'), ['r1']);
      assert.deepEqual(search('metrics."val acc" > 0.8'), ['r1']);
      assert.deepEqual(search('metrics.system/cpu = 50'), ['r1']);
    });

    it('compares params as strings', () => {
      assert.deepEqual(search("params.model = 'cnn'"), ['r4', 'r1']);
      assert.deepEqual(search('params.model = "cnn"'), ['r4', 'r1']);
      assert.deepEqual(search("params.model != 'cnn'"), ['r6', 'r3', 'r2']);
      assert.deepEqual(search("params.lr = '0.1'"), ['r2']);
      assert.deepEqual(search("params.`learning rate` = '0.01'"), ['r1']);
    });

    it('makes LIKE case-sensitive and ILIKE case-insensitive', () => {
      assert.deepEqual(search("params.model LIKE 'cnn%'"), ['r4', 'r1']);
      assert.deepEqual(search("params.model LIKE 'CNN%'"), ['r3']);
      assert.deepEqual(search("params.model ILIKE 'cnn%'"), ['r4', 'r3', 'r1']);
      assert.deepEqual(search("tags.team LIKE 'Vis_on'"), ['r6', 'r1']);
      assert.deepEqual(search("tags.team ILIKE 'VISION'"), ['r6', 'r2', 'r1']);
      assert.deepEqual(search("attributes.run_name ILIKE '%TA'"), ['r6', 'r4', 'r2']);
      assert.deepEqual(search("attributes.run_name LIKE '%TA'"), []);
    });

    it('matches IN and NOT IN on params, never matching runs lacking the param', () => {
      assert.deepEqual(search("params.model IN ('cnn', 'svm')"), ['r6', 'r4', 'r1']);
      assert.deepEqual(search("params.model NOT IN ('cnn', 'svm')"), ['r3', 'r2']);
    });

    it('compares tags, including dotted keys and values with quotes', () => {
      assert.deepEqual(search("tags.team = 'Vision'"), ['r6', 'r1']);
      assert.deepEqual(search("tags.mlflow.runName = 'alpha'"), ['r1']);
      assert.deepEqual(search(`tags.note = "it's"`), ['r3']);
      assert.deepEqual(search("tags.team != 'Vision'"), ['r5', 'r3', 'r2']);
    });

    it('compares string attributes', () => {
      assert.deepEqual(search("attributes.status = 'FINISHED'"), ['r6', 'r4', 'r1']);
      assert.deepEqual(search("run.status IN ('FAILED', 'KILLED')"), ['r5', 'r2']);
      assert.deepEqual(search("attributes.run_name = 'beta'"), ['r2']);
      assert.deepEqual(search("attr.run_id = 'r3'"), ['r3']);
      assert.deepEqual(search("attributes.run_uuid IN ('r1', 'r2')"), ['r2', 'r1']);
      assert.deepEqual(search("attributes.user_id = 'alice'"), ['r3', 'r1']);
      assert.deepEqual(search("attributes.artifact_uri LIKE '%/r2/%'"), ['r2']);
      assert.deepEqual(search("attributes.lifecycle_stage = 'deleted'"), ['r4']);
    });

    it('compares experiment_id as a string', () => {
      assert.deepEqual(search("attributes.experiment_id = '1'"), ['r4', 'r2', 'r1']);
      assert.deepEqual(search("attributes.experiment_id IN ('2', '10')"), ['r6', 'r5', 'r3']);
      assert.deepEqual(search("attributes.experiment_id LIKE '1%'"), ['r5', 'r4', 'r2', 'r1']);
    });

    it('compares numeric attributes, never matching a missing end_time', () => {
      assert.deepEqual(search('attributes.start_time >= 3000 AND attributes.end_time < 6000'), ['r4']);
      assert.deepEqual(search('attributes.created > 4500'), ['r6', 'r5']);
      assert.deepEqual(search('attributes.end_time != 2000'), ['r6', 'r5', 'r4', 'r2']);
      assert.deepEqual(search('attributes.start_time IN (1000, 6000)'), ['r6', 'r1']);
    });

    it('binds AND tighter than OR and honours parentheses', () => {
      assert.deepEqual(search("params.model = 'svm' OR metrics.acc > 0.8 AND tags.team = 'NLP'"), ['r6', 'r3']);
      assert.deepEqual(search("(params.model = 'svm' OR metrics.acc > 0.8) AND tags.team = 'Vision'"), ['r6', 'r1']);
      assert.deepEqual(search("tags.team = 'NLP' OR (params.model = 'cnn' AND attributes.lifecycle_stage = 'active')"), ['r3', 'r1']);
      assert.deepEqual(search("metrics.acc > 0 and params.lr = '0.01' and tags.team = 'Vision'"), ['r1']);
    });
  });

  describe('ordering', () => {
    it('sorts by a metric in both directions, missing values last, ties by start_time DESC', () => {
      assert.deepEqual(search(undefined, ['metrics.acc DESC']), ['r3', 'r6', 'r1', 'r2', 'r5', 'r4']);
      assert.deepEqual(search(undefined, ['metrics.acc']), ['r5', 'r2', 'r6', 'r1', 'r3', 'r4']);
      assert.deepEqual(search(undefined, ['metrics.acc ASC']), ['r5', 'r2', 'r6', 'r1', 'r3', 'r4']);
    });

    it('sorts NaN metrics with the missing ones', () => {
      assert.deepEqual(search(undefined, ['metrics.loss ASC']), ['r1', 'r2', 'r5', 'r6', 'r4', 'r3']);
      assert.deepEqual(search(undefined, ['metrics.loss DESC']), ['r5', 'r2', 'r1', 'r6', 'r4', 'r3']);
    });

    it('sorts params as text', () => {
      assert.deepEqual(search(undefined, ['params.model']), ['r3', 'r4', 'r1', 'r2', 'r6', 'r5']);
      assert.deepEqual(search(undefined, ['params.model DESC']), ['r6', 'r2', 'r4', 'r1', 'r3', 'r5']);
    });

    it('sorts by attributes, with or without the prefix', () => {
      assert.deepEqual(search(undefined, ['attributes.end_time DESC']), ['r6', 'r5', 'r4', 'r2', 'r1', 'r3']);
      assert.deepEqual(search(undefined, ['end_time']), ['r1', 'r2', 'r4', 'r5', 'r6', 'r3']);
      assert.deepEqual(search(undefined, ['start_time ASC']), ['r1', 'r2', 'r3', 'r4', 'r5', 'r6']);
      assert.deepEqual(search(undefined, ['created']), ['r1', 'r2', 'r3', 'r4', 'r5', 'r6']);
      assert.deepEqual(search(undefined, ['run_name DESC']), ['r6', 'r3', 'r5', 'r4', 'r2', 'r1']);
    });

    it('sorts experiment ids numerically', () => {
      assert.deepEqual(search(undefined, ['attributes.experiment_id DESC']), ['r5', 'r6', 'r3', 'r4', 'r2', 'r1']);
    });

    it('applies several clauses in order', () => {
      assert.deepEqual(search(undefined, ['tags.team ASC', 'metrics.acc DESC']), ['r3', 'r6', 'r1', 'r2', 'r5', 'r4']);
      assert.deepEqual(search(undefined, ['attributes.status', 'params.model DESC']), ['r2', 'r6', 'r4', 'r1', 'r5', 'r3']);
    });

    it('combines filter and order params in the right order', () => {
      assert.deepEqual(search("params.model LIKE '%n%'", ['metrics.acc DESC']), ['r1', 'r2', 'r4']);
      assert.deepEqual(search("tags.team ILIKE 'v%'", ['metrics.`val acc` DESC', 'params.model']), ['r1', 'r2', 'r6']);
    });
  });

  describe('injection', () => {
    it('treats hostile values and keys as data: nothing matches and the tables survive', () => {
      const hostile = [
        `params.model = "x' OR '1'='1"`,
        `tags.team = "' OR 1=1 --"`,
        "params.`; DROP TABLE runs; --` = 'cnn'",
        'metrics."acc) OR (1=1" > 0',
        "attributes.run_name IN (\"'); DROP TABLE runs; --\", 'x')",
        `params.model LIKE "%' OR '1'='1"`,
      ];
      for (const filter of hostile) {
        const where = compileFilter(parseFilter(filter));
        for (const word of ['DROP', "'1'", '1=1']) assert.ok(!where.sql.includes(word), `${filter} leaked into ${where.sql}`);
        assert.deepEqual(search(filter), [], filter);
      }
      assert.deepEqual(search(undefined, ['params.`; DROP TABLE runs; --` DESC', "tags.`') IS NULL; DELETE FROM runs; --`"]), [
        'r6', 'r5', 'r4', 'r3', 'r2', 'r1',
      ]);
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[];
      assert.deepEqual(tables.map((t) => t.name), ['latest_metrics', 'params', 'runs', 'tags']);
      assert.equal((db.prepare('SELECT count(*) AS n FROM runs').get() as { n: number }).n, RUNS.length);
    });
  });
});
