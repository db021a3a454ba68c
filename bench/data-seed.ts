// Data benchmarks' in-process part (run with `node --import tsx`), prints JSON:
//   hash FILE              md5 of FILE with the runtime's hasher (a worker thread above 64 MiB), and the time
//   dir WORKSPACE N        adds N small files as one folder dataset, then times `status` (three calls)
//   many WORKSPACE N       adds N small files as N datasets (100 folders), then times `status` (three calls)
//   files WORKSPACE N      only writes N small files under WORKSPACE/data (for the runtime benchmark)
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatasetRepository, md5File } from '../src/core/data';
import { Store } from '../src/core/store';

const [mode, target, countText] = process.argv.slice(2);
const FOLDERS = 100;

function writeFiles(dir: string, count: number, folders = 1): string[] {
  const paths: string[] = [];
  for (let f = 0; f < folders; f++) {
    const folder = folders === 1 ? dir : join(dir, `d${f}`);
    mkdirSync(folder, { recursive: true });
    for (let i = f; i < count; i += folders) {
      writeFileSync(join(folder, `f${i}.txt`), `row ${i}\n`);
      paths.push(join(folder, `f${i}.txt`));
    }
  }
  return paths;
}

async function timedStatus(repo: DatasetRepository): Promise<{ statusMs: number[]; states: Record<string, number> }> {
  const statusMs: number[] = [];
  const states: Record<string, number> = {};
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const status = await repo.status();
    statusMs.push(performance.now() - t0);
    if (i === 2) for (const row of status) states[row.state] = (states[row.state] ?? 0) + 1;
  }
  return { statusMs, states };
}

async function main(): Promise<void> {
  if (mode === 'hash') {
    const t0 = performance.now();
    const { md5 } = await md5File(target!);
    process.stdout.write(JSON.stringify({ md5, ms: performance.now() - t0 }));
  } else if (mode === 'files') {
    writeFiles(join(target!, 'data'), Number(countText));
    process.stdout.write('{}');
  } else if (mode === 'dir' || mode === 'many') {
    const count = Number(countText);
    const paths = writeFiles(join(target!, 'data'), count, mode === 'many' ? FOLDERS : 1);
    const store = Store.open(join(target!, '.mlops', 'mlops.db'));
    const repo = new DatasetRepository(store.db, target!);
    const t0 = performance.now();
    if (mode === 'dir') await repo.add('data');
    else for (const path of paths) await repo.add(path);
    const addMs = performance.now() - t0;
    const status = await timedStatus(repo);
    store.close();
    process.stdout.write(JSON.stringify({ addMs, ...status }));
  } else {
    throw new Error(`unknown mode ${mode}`);
  }
}

void main();
