// Pipeline benchmarks (issue 17), `npm run bench -- pipeline` (needs dist/ built):
//  (a) a 100-stage pipeline over 1,000 tracked files, nothing changed: `mlops status --pipeline` and
//      `mlops repro --dry` against `node -e ''` (the floor) and, when the kit's Python has it, `dvc status`;
//  (b) 8 independent `sleep 1` stages, `--jobs 8` against `--jobs 1` (DVC runs stages one by one);
//  (c) 2 CPU-bound stages, `--jobs 2` against `--jobs 1`, and the same two commands run bare;
//  (d) the overhead per skipped and per executed stage.
// Cases are measured in interleaved rounds; figures are median [min–max] of the rounds.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findKit, kitEnv } from '../test/mlflow/kit.mjs';
import { median, table } from './stats.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const CLI = process.env.MLOPS_CLI ?? join(ROOT, 'dist', 'cli.js');
const CPU_LOOP = "let x=0;for(let i=0;i<4e8;i++)x=(x+i)%1000003;";

const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const cpuFile = join(tmpdir(), `mlops-bench-cpu-${process.pid}`);

/**
 * Wall time of a command (ms) and, where /usr/bin/time is, its CPU time (user + sys, ms: far less
 * moved by other work on the machine than wall time). Throws when it fails.
 */
function timed(file, args, { cwd, env, okCodes = [0] } = {}) {
  const [cmd, cmdArgs] = TIME ? [TIME, ['-f', '%U %S', '-o', cpuFile, file, ...args]] : [file, args];
  const t0 = performance.now();
  const r = spawnSync(cmd, cmdArgs, { cwd, env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 1 << 26 });
  const ms = performance.now() - t0;
  if (!okCodes.includes(r.status)) throw new Error(`${file} ${args.join(' ')} exited ${r.status}: ${r.stderr}${r.stdout.slice(-2000)}`);
  const cpu = TIME ? readFileSync(cpuFile, 'utf8').trim().split('\n').pop().split(' ').reduce((sum, s) => sum + Number(s) * 1000, 0) : undefined;
  return { ms, cpu, stdout: r.stdout };
}

const mlops = (ws, args, okCodes) => timed(process.execPath, [CLI, ...args, '--workspace', ws], { cwd: ws, okCodes });

/** Writes a workspace: `dvc.yaml` of `stages` (name → {cmd, deps, outs, params}), params.yaml, and `files`. */
function workspace(root, name, stages, files = {}) {
  const ws = join(root, name);
  mkdirSync(ws, { recursive: true });
  const list = (key, items) => (items?.length ? [`    ${key}:`, ...items.map((i) => `      - ${i}`)] : []);
  const yaml = ['stages:', ...Object.entries(stages).flatMap(([id, s]) => [`  ${id}:`, `    cmd: ${JSON.stringify(s.cmd)}`, ...list('deps', s.deps), ...list('params', s.params), ...list('outs', s.outs)])];
  writeFileSync(join(ws, 'dvc.yaml'), `${yaml.join('\n')}\n`);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(ws, path, '..'), { recursive: true });
    writeFileSync(join(ws, path), text);
  }
  return ws;
}

/** 100 stages in a binary tree, each reading a folder of 10 files, its parent's output and one param. */
export function bigPipeline(root, count = 100, filesPer = 10) {
  const stages = {};
  const files = { 'params.yaml': Array.from({ length: 10 }, (_, i) => `p${i}: ${i}`).join('\n') + '\n', 'out/.keep': '' };
  for (let i = 0; i < count; i++) {
    for (let j = 0; j < filesPer; j++) files[`data/part${i}/f${j}.txt`] = `stage ${i} file ${j}\n`.repeat(20);
    const parent = i === 0 ? [] : [`out/s${(i - 1) >> 1}.txt`];
    stages[`s${i}`] = { cmd: `cat data/part${i}/*${parent.map((p) => ` ${p}`).join('')} > out/s${i}.txt`, deps: [`data/part${i}`, ...parent], params: [`p${i % 10}`], outs: [`out/s${i}.txt`] };
  }
  return workspace(root, `big-${count}`, stages, files);
}

const independent = (root, name, count, cmd) =>
  workspace(root, name, Object.fromEntries(Array.from({ length: count }, (_, i) => [`t${i}`, { cmd: cmd(i), outs: [`o${i}.txt`] }])));

/** `dvc` from the kit's Python, when it is importable. */
function findDvc() {
  const kit = findKit();
  if (!kit) return undefined;
  const env = kitEnv(kit);
  const probe = spawnSync('python3', ['-c', 'import dvc'], { env, encoding: 'utf8' });
  return probe.status === 0 ? { env, args: ['-m', 'dvc'] } : undefined;
}

/** Runs `cases` (name → () => ms) in `rounds` interleaved rounds. */
function rounds(cases, count) {
  const samples = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
  for (let r = 0; r < count; r++) for (const [name, fn] of Object.entries(cases)) samples[name].push(fn());
  return samples;
}

/** Two commands at once in `cwd`, wall time. */
async function parallelBare(commands, cwd) {
  const t0 = performance.now();
  await Promise.all(commands.map((c) => new Promise((done, fail) => spawn('sh', ['-c', c], { cwd, stdio: 'ignore' }).on('exit', (code) => (code === 0 ? done() : fail(new Error(`${c}: ${code}`)))))));
  return performance.now() - t0;
}

export async function pipelineBench({ quick = false } = {}) {
  const root = mkdtempSync(join(tmpdir(), 'mlops-bench-pipeline-'));
  const n = quick ? 3 : 7;
  try {
    // (a) and (d) skipped: a big pipeline run once, then nothing changed.
    const big = bigPipeline(root);
    const first = mlops(big, ['repro', '--jobs', '2']);
    const one = bigPipeline(join(root, 'one'), 1);
    mlops(one, ['repro']);
    const dvc = findDvc();
    const statusCases = {
      floor: () => timed(process.execPath, ['-e', '']),
      status: () => mlops(big, ['status', '--pipeline']),
      dry: () => mlops(big, ['repro', '--dry']),
      repro: () => mlops(big, ['repro']),
      repro1: () => mlops(one, ['repro']),
      ...(dvc && { dvc: () => timed('python3', [...dvc.args, 'status'], { cwd: big, env: dvc.env }) }),
    };
    const statusOut = mlops(big, ['status', '--pipeline']).stdout;
    if (!/up to date/.test(statusOut)) throw new Error(`the big pipeline is not up to date after repro:\n${statusOut.slice(0, 2000)}`);
    const both = rounds(statusCases, n);
    const a = Object.fromEntries(Object.entries(both).map(([k, v]) => [k, v.map((t) => t.ms)]));
    const aCpu = TIME ? Object.fromEntries(Object.entries(both).map(([k, v]) => [k, v.map((t) => t.cpu)])) : undefined;

    // (d) executed: 20 trivial stages forced, --jobs 1, against `sh -c` of the same command.
    const exec = independent(root, 'exec', 20, (i) => `echo ${i} > o${i}.txt`);
    mlops(exec, ['repro', '--jobs', '1']);
    const d = rounds(
      {
        forced: () => mlops(exec, ['repro', '--force', '--jobs', '1']).ms,
        skipped: () => mlops(exec, ['repro', '--jobs', '1']).ms,
        sh: () => {
          const t0 = performance.now();
          for (let i = 0; i < 20; i++) execFileSync('sh', ['-c', `echo ${i} > o${i}.txt`], { cwd: exec });
          return performance.now() - t0;
        },
      },
      n,
    );

    // (b) 8 × sleep 1, (c) 2 CPU-bound stages.
    const sleeps = independent(root, 'sleeps', 8, (i) => `sleep 1 && echo ${i} > o${i}.txt`);
    const b = rounds({ jobs8: () => mlops(sleeps, ['repro', '--force', '--jobs', '8']).ms, jobs1: () => mlops(sleeps, ['repro', '--force', '--jobs', '1']).ms }, quick ? 1 : 2);
    const cpuCmd = (i) => `node -e '${CPU_LOOP}' && echo ${i} > o${i}.txt`;
    const cpu = independent(root, 'cpu', 2, cpuCmd);
    const c = { jobs2: [], jobs1: [], bare2: [], bare1: [] };
    for (let r = 0; r < (quick ? 1 : 3); r++) {
      c.jobs2.push(mlops(cpu, ['repro', '--force', '--jobs', '2']).ms);
      c.jobs1.push(mlops(cpu, ['repro', '--force', '--jobs', '1']).ms);
      c.bare2.push(await parallelBare([cpuCmd(0), cpuCmd(1)], cpu));
      c.bare1.push((await parallelBare([cpuCmd(0)], cpu)) + (await parallelBare([cpuCmd(1)], cpu)));
    }
    return { first, a, aCpu, d, b, c, dvc: dvc !== undefined };
  } finally {
    rmSync(root, { recursive: true, force: true });
    rmSync(cpuFile, { force: true });
  }
}

const ms = (v) => (v < 1000 ? `${v.toFixed(0)} ms` : `${(v / 1000).toFixed(2)} s`);
const spread = (xs) => `${ms(median(xs))} [${ms(Math.min(...xs))}–${ms(Math.max(...xs))}]`;
const x = (v) => `${v.toFixed(2)}×`;

/** Runs the pipeline benchmarks and prints their tables. */
export async function printPipelineBench(options = { quick: process.argv.includes('--quick') }) {
  const r = await pipelineBench(options);
  const m = (xs) => median(xs);
  console.log('\n## Pipelines (issue 17): 100 stages over 1,000 tracked files, nothing changed\n');
  console.log(
    table([
      ['command (a fresh CLI process each)', 'median [min–max]', 'vs goal 300 ms', "vs `node -e ''` (floor)", 'vs `dvc status`'],
      ["`node -e ''` (floor)", spread(r.a.floor), x(m(r.a.floor) / 300), '1.00×', '—'],
      ['`mlops status --pipeline`', spread(r.a.status), x(m(r.a.status) / 300), x(m(r.a.status) / m(r.a.floor)), r.dvc ? x(m(r.a.status) / m(r.a.dvc)) : 'skipped (dvc not in the kit)'],
      ['`mlops repro --dry`', spread(r.a.dry), x(m(r.a.dry) / 300), x(m(r.a.dry) / m(r.a.floor)), '—'],
      ['`mlops repro` (all 100 skipped)', spread(r.a.repro), x(m(r.a.repro) / 300), x(m(r.a.repro) / m(r.a.floor)), '—'],
      ...(r.dvc ? [['`dvc status` (the kit\'s Python)', spread(r.a.dvc), x(m(r.a.dvc) / 300), x(m(r.a.dvc) / m(r.a.floor)), '1.00×']] : []),
    ]),
  );
  if (r.aCpu) {
    const c = r.aCpu;
    console.log('\nCPU time (user + sys) of the same processes, median [min–max]:\n');
    console.log(
      table([
        ['command', 'CPU time', "vs `node -e ''`", 'per stage beyond 1 stage'],
        ["`node -e ''`", spread(c.floor), '1.00×', '—'],
        ['`mlops status --pipeline`', spread(c.status), x(m(c.status) / m(c.floor)), '—'],
        ['`mlops repro --dry`', spread(c.dry), x(m(c.dry) / m(c.floor)), '—'],
        ['`mlops repro` (100 skipped)', spread(c.repro), x(m(c.repro) / m(c.floor)), `${((m(c.repro) - m(c.repro1)) / 99).toFixed(2)} ms`],
        ['`mlops repro` (1 stage, skipped)', spread(c.repro1), x(m(c.repro1) / m(c.floor)), '—'],
      ]),
    );
  }
  const skipped = (m(r.a.repro) - m(r.a.repro1)) / 99;
  const executed = (m(r.d.forced) - m(r.d.skipped) - m(r.d.sh)) / 20;
  console.log(`\nFirst repro of the 100 stages (--jobs 2, every stage run and versioned): ${ms(r.first.ms)}.\n`);
  console.log(
    table([
      ['overhead', 'result', 'goal', 'ratio'],
      ['per skipped stage: (repro of 100 skipped − repro of 1 skipped) / 99', `${skipped.toFixed(2)} ms`, '< 2 ms', x(skipped / 2)],
      [`per executed stage: (repro --force of 20 \`echo\` stages ${spread(r.d.forced)} − repro of them skipped ${spread(r.d.skipped)} − 20 × \`sh -c\` ${spread(r.d.sh)}) / 20`, `${executed.toFixed(1)} ms`, '< 50 ms', x(executed / 50)],
    ]),
  );
  console.log('\n## Pipelines: parallel stages\n');
  console.log(
    table([
      ['case', 'median [min–max]', 'reference', 'ratio'],
      ['8 × `sleep 1`, `repro --force --jobs 8`', spread(r.b.jobs8), `goal < 1.5 s; --jobs 1 (DVC's one by one) ${spread(r.b.jobs1)}`, `${x(m(r.b.jobs8) / 1500)} the goal; ${x(m(r.b.jobs1) / m(r.b.jobs8))} faster`],
      ['2 CPU-bound stages, `repro --force --jobs 2`', spread(r.c.jobs2), `--jobs 1 ${spread(r.c.jobs1)}; goal ≥ 1.8× speedup`, `${x(m(r.c.jobs1) / m(r.c.jobs2))} speedup`],
      ['the same 2 commands bare, at once (machine ceiling)', spread(r.c.bare2), `one after another ${spread(r.c.bare1)}`, `${x(m(r.c.bare1) / m(r.c.bare2))} speedup`],
    ]),
  );
  return r;
}

if (import.meta.url === `file://${process.argv[1]}`) await printPipelineBench();
