// Data benchmarks (issues 5, 18): hash throughput against md5sum on the same file in the same run;
// adding and checking many small files, as one folder dataset (10k, 100k, and 1M with `--1m` or
// MLOPS_BENCH_DATA_1M=1: about two minutes more) against `git add -A` and the `find` floors measured
// in the same run, and as one dataset each; the CPU the runtime spends watching an idle tracked folder.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, table } from './stats.mjs';

function seed(...args) {
  const result = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', 'bench/data-seed.ts', ...args], { encoding: 'utf8', maxBuffer: 2 ** 26 }));
  process.stderr.write(`data bench: ${args[0]} ${args[2] ?? ''} ${JSON.stringify(result)}\n`);
  return result;
}

function hashBench(root, sizeMb) {
  const file = join(root, 'big.bin');
  execFileSync('dd', ['if=/dev/urandom', `of=${file}`, 'bs=1M', `count=${sizeMb}`], { stdio: 'ignore' });
  execFileSync('cat', [file], { stdio: 'ignore', maxBuffer: 2 ** 31 }); // both start from a warm page cache
  const t0 = performance.now();
  const md5sum = execFileSync('md5sum', [file], { encoding: 'utf8' }).split(' ')[0];
  const md5sumMs = performance.now() - t0;
  const ours = seed('hash', file);
  if (ours.md5 !== md5sum) throw new Error(`md5 mismatch: ${ours.md5} vs ${md5sum}`);
  rmSync(file);
  return { sizeMb, md5sumMs, oursMs: ours.ms };
}

/** `git add -A` of `files` small files in a fresh repository, wall time; median of `runs` fresh repositories. */
function gitAdd(root, files, runs = 2) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const ws = join(root, `git${i}`);
    seed('files', ws, String(files));
    execFileSync('git', ['init', '-q'], { cwd: ws });
    const t0 = performance.now();
    execFileSync('git', ['add', '-A'], { cwd: ws, stdio: 'ignore' });
    samples.push(performance.now() - t0);
    rmSync(ws, { recursive: true, force: true });
  }
  return median(samples);
}

/** `mlops data status` as a user runs it (no runtime up: the CLI opens the store itself), wall time. */
function cliStatus(workspace, runs = 3) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    execFileSync(process.execPath, ['dist/cli.js', 'data', 'status', '--workspace', workspace], { stdio: 'ignore' });
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

function cpuTicks(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(fields[11]) + Number(fields[12]); // utime + stime (fields 14 and 15 of the whole line)
}

/** Runtime CPU while it watches `files` idle files: started for real, settled, then sampled for `seconds`. */
async function idleRuntime(root, files, seconds = 10) {
  const ws = join(root, 'watched');
  mkdirSync(ws, { recursive: true });
  seed('files', ws, String(files));
  writeFileSync(join(ws, 'mlops.yaml'), 'version: 1\ndata:\n  track:\n    - data/\n');
  const started = performance.now();
  const child = spawn(process.execPath, ['dist/cli.js', 'runtime', '--workspace', ws], { stdio: 'ignore' });
  try {
    let info;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`runtime exited with ${child.exitCode}`);
      try {
        info ??= JSON.parse(readFileSync(join(ws, '.mlops', 'runtime.json'), 'utf8'));
        const res = await fetch(`http://127.0.0.1:${info.port}/api/data/datasets`, { headers: { authorization: `Bearer ${info.token}` } });
        const { datasets } = await res.json();
        if (datasets.some((d) => d.path === 'data' && d.latest)) break;
      } catch {
        // not up yet
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    const versionedMs = performance.now() - started;
    await new Promise((r) => setTimeout(r, 5000)); // the watcher finishes its initial scan
    const ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));
    const before = cpuTicks(child.pid);
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const cpuPercent = ((cpuTicks(child.pid) - before) / ticksPerSecond / seconds) * 100;
    return { files, versionedMs, cpuPercent, seconds };
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
}

const wantMillion = process.argv.includes('--1m') || process.env.MLOPS_BENCH_DATA_1M === '1';

export async function dataBench({ sizeMb = 1024, files = 10_000, bigFolder = 100_000, hugeFolder = wantMillion ? 1_000_000 : 0, datasets = 10_000, watched = 10_000 } = {}) {
  const root = mkdtempSync(join(tmpdir(), 'mlops-bench-data-'));
  try {
    const hash = hashBench(root, sizeMb);
    const gitBefore = gitAdd(root, files, 1);
    const dir = seed('dir', join(root, 'dir'), String(files));
    const gitAfter = gitAdd(root, files, 1);
    dir.gitAddMs = (gitBefore + gitAfter) / 2;
    rmSync(join(root, 'dir'), { recursive: true, force: true });
    const big = seed('dir', join(root, 'big'), String(bigFolder));
    big.cliMs = cliStatus(join(root, 'big'));
    rmSync(join(root, 'big'), { recursive: true, force: true });
    let huge;
    if (hugeFolder > 0) {
      huge = { files: hugeFolder, ...seed('dir', join(root, 'huge'), String(hugeFolder)) };
      rmSync(join(root, 'huge'), { recursive: true, force: true });
    }
    const many = seed('many', join(root, 'many'), String(datasets));
    rmSync(join(root, 'many'), { recursive: true, force: true });
    const idle = await idleRuntime(root, watched);
    return { hash, dir: { files, ...dir }, big: { files: bigFolder, ...big }, huge, many: { datasets, ...many }, idle };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const fmt = (ms) => (ms < 1000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(2)} s`);
const n = (x) => x.toLocaleString('en');
/** The two later `status` calls: the first after an add also checks every object is in the cache. */
const steady = (r) => median(r.statusMs.slice(1));

const us = (r) => `${((r.addMs * 1000) / r.files).toFixed(0)} µs/file`;

/** The rows of one folder size: add (and its scaling), status against the two `find` floors of the same run. */
function folderRows(r, addReference) {
  const floor = median(r.statFloorMs);
  const names = median(r.findMs);
  return [
    [`add ${n(r.files)} small files as one folder dataset`, `${fmt(r.addMs)} (${us(r)}, peak RSS ${r.peakRssMb.toFixed(0)} MB)`, addReference.text, addReference.ratio],
    [`status of it, nothing changed (in process, median of the 2 after the first)`, `${fmt(steady(r))} (first after add ${fmt(r.statusMs[0])})`, `floor: a stat of every file, \`find -type f -printf\`, same run: ${fmt(floor)}; goal ≤ 1.5×`, `${(steady(r) / floor).toFixed(2)}×`],
    [`  the same against \`find -type f | wc -l\` (names only, no stat)`, fmt(steady(r)), `${fmt(names)}`, `${(steady(r) / names).toFixed(2)}×`],
  ];
}

/** Runs the data benchmarks and prints their table. */
export async function printDataBench(options) {
  const d = await dataBench(options);
  const mbps = (ms) => ((d.hash.sizeMb * 1000) / ms).toFixed(0);
  const perFile = (r) => r.addMs / r.files;
  console.log('\n## Data versioning\n');
  console.log(
    table([
      ['measure', 'result', 'reference / goal', 'ratio'],
      [`hash a ${n(d.hash.sizeMb)} MB file (worker thread)`, `${mbps(d.hash.oursMs)} MB/s (${fmt(d.hash.oursMs)})`, `md5sum, same file, same run: ${mbps(d.hash.md5sumMs)} MB/s; goal ≥ 0.9×`, `${(d.hash.md5sumMs / d.hash.oursMs).toFixed(2)}×`],
      ...folderRows(d.dir, { text: `\`git add -A\` of ${n(d.dir.files)} files, same run: ${fmt(d.dir.gitAddMs)}`, ratio: `${(d.dir.addMs / d.dir.gitAddMs).toFixed(2)}×` }),
      ...folderRows(d.big, { text: `time per file vs 10k: linear = 1.00×`, ratio: `${(perFile(d.big) / perFile(d.dir)).toFixed(2)}×` }),
      [`\`mlops data status\` of it (CLI process, median of 3)`, fmt(d.big.cliMs), 'goal < 2 s', `${(d.big.cliMs / 2000).toFixed(2)}×`],
      ...(d.huge ? folderRows(d.huge, { text: `goal < 60 s; time per file vs 10k: ${(perFile(d.huge) / perFile(d.dir)).toFixed(2)}×`, ratio: `${(d.huge.addMs / 60_000).toFixed(2)}×` }) : [['1,000,000 files', 'not run', '`npm run bench -- data --1m` or MLOPS_BENCH_DATA_1M=1', '—']]),
      [`add ${n(d.many.datasets)} small files as ${n(d.many.datasets)} datasets (100 folders)`, fmt(d.many.addMs), '—', '—'],
      [`status of the ${n(d.many.datasets)} datasets, nothing changed`, fmt(steady(d.many)), 'goal < 2 s', `${(steady(d.many) / 2000).toFixed(2)}×`],
      [`runtime CPU watching ${n(d.idle.files)} idle files (${d.idle.seconds} s after settling)`, `${d.idle.cpuPercent.toFixed(2)} % of a core (first version after ${fmt(d.idle.versionedMs)})`, 'goal ≈ 0 %', '—'],
    ]),
  );
  return d;
}
