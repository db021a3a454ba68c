// Data benchmarks (issue 5): hash throughput against md5sum on the same file in the same run, and
// adding / checking a folder of many small files.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function dataBench({ sizeMb = 1024, files = 10_000 } = {}) {
  const root = mkdtempSync(join(tmpdir(), 'mlops-bench-data-'));
  try {
    const file = join(root, 'big.bin');
    execFileSync('dd', ['if=/dev/urandom', `of=${file}`, 'bs=1M', `count=${sizeMb}`], { stdio: 'ignore' });
    execFileSync('cat', [file], { stdio: 'ignore', maxBuffer: 2 ** 31 }); // both start from a warm page cache
    let t0 = performance.now();
    const md5sum = execFileSync('md5sum', [file], { encoding: 'utf8' }).split(' ')[0];
    const md5sumMs = performance.now() - t0;
    const ours = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', 'bench/data-seed.ts', 'hash', file], { encoding: 'utf8' }));
    if (ours.md5 !== md5sum) throw new Error(`md5 mismatch: ${ours.md5} vs ${md5sum}`);
    rmSync(file);
    const dir = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', 'bench/data-seed.ts', 'dir', join(root, 'ws'), String(files)], { encoding: 'utf8' }));
    return { sizeMb, md5sumMs, oursMs: ours.ms, files, ...dir };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
