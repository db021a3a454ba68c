// Runs node:test over the TypeScript test files under the given folders (Node 20's --test takes
// no globs). Usage: node scripts/run-tests.mjs test/unit test/integration/data/x.test.ts [-- node args]
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const roots = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith('.test.ts')) files.push(path);
  }
};
for (const root of roots.length ? roots : ['test/unit', 'test/integration']) {
  if (statSync(root).isDirectory()) walk(root);
  else files.push(root);
}

const node = process.env.MLOPS_TEST_NODE || process.execPath;
const result = spawnSync(node, ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-force-exit', '--test-timeout=180000', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
