// Runs `add` of each PATH in WORKSPACE and prints [{path, error?}] as JSON: spawned as another
// user by tests that need file modes to bite (root ignores them).
import { join } from 'node:path';
import { DatasetRepository } from '../../../src/core/data';
import { Store } from '../../../src/core/store';

async function main(): Promise<void> {
  const [workspace, ...paths] = process.argv.slice(2);
  const store = Store.open(join(workspace!, '.mlops', 'mlops.db'));
  const repo = new DatasetRepository(store.db, workspace!);
  const results: { path: string; error?: string; versions: number }[] = [];
  for (const path of paths) {
    const error = await repo.add(path).then(
      () => undefined,
      (e: Error) => e.message,
    );
    results.push({ path, ...(error && { error }), versions: repo.versions(path).length });
  }
  store.close();
  process.stdout.write(JSON.stringify(results));
}

void main();
