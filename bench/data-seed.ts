// Data benchmarks' in-process part (run with `node --import tsx`), prints JSON:
//   hash FILE              md5 of FILE with the runtime's hasher (a worker thread above 64 MiB), and the time
//   dir WORKSPACE N        adds N small files as one folder dataset, then times `status` (three calls: right
//                          after the add, then twice once the cache is settled), each
//                          call followed by the floors on the same folder: `find -type f | wc -l` (names
//                          only) and `find -type f -printf '%i %s %T@'` (a stat of every file); peak RSS
//   many WORKSPACE N       adds N small files as N datasets (100 folders), then times `status` (three calls)
//   files WORKSPACE N      only writes N small files under WORKSPACE/data (for the runtime benchmark)
import { execFileSync } from 'node:child_process';
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
      if (folders > 1) paths.push(join(folder, `f${i}.txt`)); // one folder: not kept, so peak RSS is the add's
    }
  }
  return paths;
}

interface Timed {
  statusMs: number[];
  states: Record<string, number>;
  /** `find DIR -type f | wc -l`, after each status call. */
  findMs: number[];
  /** `find DIR -type f -printf '%i %s %T@\n' | wc -l`: one stat per file, as status needs. */
  statFloorMs: number[];
}

function timedShell(script: string, dir: string): number {
  const t0 = performance.now();
  execFileSync('sh', ['-c', script, 'sh', dir], { stdio: 'ignore' });
  return performance.now() - t0;
}

async function timedStatus(repo: DatasetRepository, floorDir?: string): Promise<Timed> {
  const timed: Timed = { statusMs: [], states: {}, findMs: [], statFloorMs: [] };
  for (let i = 0; i < 3; i++) {
    // After the first call (right after the add), wait until the cache is settled (no shard changed
    // in the last 2 s), as it is whenever status is not run within seconds of an add.
    if (i === 1) while (!repo.cache.stamp().settled) await new Promise((resolve) => setTimeout(resolve, 100));
    const t0 = performance.now();
    const status = await repo.status();
    timed.statusMs.push(performance.now() - t0);
    if (i === 2) for (const row of status) timed.states[row.state] = (timed.states[row.state] ?? 0) + 1;
    if (floorDir) {
      timed.findMs.push(timedShell('find "$1" -type f | wc -l', floorDir));
      timed.statFloorMs.push(timedShell('find "$1" -type f -printf "%i %s %T@\\n" | wc -l', floorDir));
    }
  }
  return timed;
}

const peakRssMb = (): number => process.resourceUsage().maxRSS / 1024;

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
    const addRssMb = peakRssMb();
    const status = await timedStatus(repo, mode === 'dir' ? join(target!, 'data') : undefined);
    store.close();
    process.stdout.write(JSON.stringify({ addMs, addRssMb, ...status, peakRssMb: peakRssMb() }));
  } else {
    throw new Error(`unknown mode ${mode}`);
  }
}

void main();
