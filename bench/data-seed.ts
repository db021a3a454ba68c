// Data benchmarks' in-process part (run with `node --import tsx`), prints JSON:
//   hash FILE                md5 of FILE with the runtime's hasher, and the time it took
//   dir WORKSPACE N          adds N small files as one folder dataset, then times `status`
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatasetRepository, md5File } from '../src/core/data';
import { Store } from '../src/core/store';

const [mode, target, countText] = process.argv.slice(2);

async function main(): Promise<void> {
if (mode === 'hash') {
  const t0 = performance.now();
  const { md5 } = await md5File(target!);
  process.stdout.write(JSON.stringify({ md5, ms: performance.now() - t0 }));
} else if (mode === 'dir') {
  const count = Number(countText);
  mkdirSync(join(target!, 'files'), { recursive: true });
  for (let i = 0; i < count; i++) writeFileSync(join(target!, 'files', `f${i}.txt`), `row ${i}\n`);
  const store = Store.open(join(target!, '.mlops', 'mlops.db'));
  const repo = new DatasetRepository(store.db, target!);
  let t0 = performance.now();
  await repo.add('files');
  const addMs = performance.now() - t0;
  t0 = performance.now();
  const status = await repo.status();
  const statusMs = performance.now() - t0;
  store.close();
  process.stdout.write(JSON.stringify({ addMs, statusMs, state: status[0]?.state }));
}
}

void main();
