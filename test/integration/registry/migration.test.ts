import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { MIGRATIONS, Store } from '../../../src/core/store';
import { tempDir } from '../../helpers/temp';
import { driversUnderTest } from '../store/drivers';

const count = (store: Store, table: string): number => store.db.get<{ n: number }>(`SELECT count(*) AS n FROM ${table}`)?.n ?? -1;

for (const { name: driver, available } of driversUnderTest()) {
  describe(`registry migration (v5) on ${driver}`, { skip: available ? false : `${driver} does not load in Node ${process.version}` }, () => {
    it('applies on top of an existing v4 database, keeping its data, and cascades renames and deletions', () => {
      const path = join(tempDir(), 'mlops.db');
      const v4 = Store.open(path, { driver, migrations: MIGRATIONS.filter((m) => m.version <= 4) });
      assert.equal(v4.schemaVersion, 4);
      v4.db.run("INSERT INTO experiments (experiment_id, name, artifact_location, creation_time, last_update_time) VALUES (1, 'kept', 'mlflow-artifacts:/1', 1, 1)");
      v4.db.run("INSERT INTO runs (run_uuid, experiment_id, name, user_id, status, start_time, artifact_uri) VALUES ('r1', 1, 'run', '', 'FINISHED', 1, 'mlflow-artifacts:/1/r1/artifacts')");
      v4.close();

      const store = Store.open(path, { driver });
      assert.ok(store.schemaVersion >= 5);
      assert.equal(store.db.get<{ name: string }>('SELECT name FROM schema_migrations WHERE version = 5')?.name, 'registry: registered models, versions, tags, aliases');
      assert.equal(store.db.get<{ name: string }>("SELECT name FROM experiments WHERE experiment_id = 1")?.name, 'kept');
      assert.equal(count(store, 'runs'), 1);

      const db = store.db;
      db.run("INSERT INTO registered_models (name, creation_timestamp, last_updated_timestamp) VALUES ('m', 1, 1)");
      for (const version of [1, 2]) db.run("INSERT INTO model_versions (name, version, creation_timestamp, last_updated_timestamp, source, run_id) VALUES ('m', ?, 1, 1, 'src', 'r1')", [version]);
      const defaults = db.get<{ current_stage: string; status: string; validation: string | null }>("SELECT current_stage, status, validation FROM model_versions WHERE name = 'm' AND version = 1");
      assert.deepEqual({ ...defaults }, { current_stage: 'None', status: 'READY', validation: null });
      db.run("INSERT INTO registered_model_tags (name, key, value) VALUES ('m', 'k', 'v')");
      db.run("INSERT INTO model_version_tags (name, version, key, value) VALUES ('m', 2, 'k', 'v')");
      db.run("INSERT INTO registered_model_aliases (name, alias, version) VALUES ('m', 'champion', 2)");
      assert.throws(() => db.run("INSERT INTO registered_model_aliases (name, alias, version) VALUES ('m', 'ghost', 9)"), /FOREIGN KEY/i);

      db.run("UPDATE registered_models SET name = 'renamed' WHERE name = 'm'");
      for (const table of ['model_versions', 'registered_model_tags', 'model_version_tags', 'registered_model_aliases']) {
        assert.equal(db.get<{ n: number }>(`SELECT count(*) AS n FROM ${table} WHERE name = 'renamed'`)?.n, count(store, table), `${table} follows the rename`);
      }
      db.run("DELETE FROM model_versions WHERE name = 'renamed' AND version = 2");
      assert.deepEqual([count(store, 'registered_model_aliases'), count(store, 'model_version_tags'), count(store, 'model_versions')], [0, 0, 1]);
      db.run("DELETE FROM registered_models WHERE name = 'renamed'");
      assert.deepEqual([count(store, 'model_versions'), count(store, 'registered_model_tags')], [0, 0]);
      assert.equal(count(store, 'runs'), 1, 'runs are not the registry’s');
      store.close();
    });
  });
}
