// Runs node:test over the TypeScript test files under the given folders (Node 20's --test takes
// no globs). Usage: node scripts/run-tests.mjs test/unit test/integration/data/x.test.ts [--node-arg …]
// One file runs in the foreground with its output live. Several files run one process each in a
// pool of MLOPS_TEST_JOBS workers (default: the number of cores), longest first by the last
// recorded times; each file's output is printed whole when it ends, then a summary. A file that
// exits non-zero, reports a failure or prints no summary fails the run, so nothing drops silently.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';

const TIMES_FILE = join('node_modules', '.cache', 'mlops-test-times.json');
const FILE_TIMEOUT_MS = Number(process.env.MLOPS_TEST_FILE_TIMEOUT_MS) || 15 * 60_000;
const TAIL_LINES = 40;
const COUNTERS = ['tests', 'pass', 'fail', 'cancelled', 'skipped', 'todo'];

const args = process.argv.slice(2).filter((a) => a !== '--');
const roots = args.filter((a) => !a.startsWith('-'));
const nodeArgs = args.filter((a) => a.startsWith('-'));
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
// The file runs as the test process itself, not under `--test` (which starts a second Node per file):
// the reporter, the timeout and the forced exit apply in-process alike.
const testArgs = (list) => [...nodeArgs, '--import', 'tsx', '--test-reporter=spec', '--test-force-exit', '--test-timeout=180000', ...list];

if (files.length === 1) {
  const result = spawnSync(node, testArgs(files), { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}

const jobs = Math.max(1, Number(process.env.MLOPS_TEST_JOBS) || availableParallelism());
const times = readTimes();
// Unknown files (new ones) go first: they are as likely as any to be long.
const queue = [...files].sort((a, b) => (times[b] ?? Infinity) - (times[a] ?? Infinity) || a.localeCompare(b));
const running = new Set();
const results = [];
const started = Date.now();
process.stdout.write(`Running ${files.length} test files, ${Math.min(jobs, files.length)} at a time\n`);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    for (const child of running) killTree(child);
    process.exit(130);
  });
}

await Promise.all(Array.from({ length: Math.min(jobs, files.length) }, async () => {
  for (let file = queue.shift(); file; file = queue.shift()) {
    const result = await runFile(file);
    results.push(result);
    if (result.ok || !(file in times)) times[file] = result.ms;
    printResult(result);
  }
}));
writeTimes(times);
process.exit(printSummary() ? 0 : 1);

function runFile(file) {
  return new Promise((resolve) => {
    const begin = Date.now();
    const chunks = [];
    const child = spawn(node, testArgs([file]), { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: process.stdout.isTTY ? '1' : '0' } });
    running.add(child);
    child.stdout.on('data', (c) => chunks.push(c));
    child.stderr.on('data', (c) => chunks.push(c));
    let timedOut = false;
    const watchdog = setTimeout(() => {
      timedOut = true;
      killTree(child);
    }, FILE_TIMEOUT_MS);
    const finish = (code, signal, error) => {
      clearTimeout(watchdog);
      running.delete(child);
      let output = Buffer.concat(chunks).toString('utf8');
      if (error) output += `\n[run-tests] could not start: ${error.message}\n`;
      if (timedOut) output += `\n[run-tests] killed after ${FILE_TIMEOUT_MS / 1000} s\n`;
      const counts = countsOf(output);
      const problems = [];
      if (code !== 0) problems.push(signal ? `killed by ${signal}` : `exit code ${code}`);
      if (!counts) problems.push('no test summary in the output');
      else if (counts.fail || counts.cancelled) problems.push(`${counts.fail} failed, ${counts.cancelled} cancelled`);
      resolve({ file, ms: Date.now() - begin, output, counts, problems, ok: problems.length === 0 });
    };
    // Whatever the file left running in its process group goes with it.
    child.once('exit', () => killTree(child, false));
    child.once('error', (error) => finish(null, null, error));
    child.once('close', (code, signal) => finish(code, signal));
  });
}

/** Each file runs in its own process group, so the test process node:test spawns goes with it. */
function killTree(child, fallback = true) {
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    if (fallback) child.kill('SIGKILL');
  }
}

/** The reporter's final counters ("ℹ pass 12" from spec, "# pass 12" from tap), or undefined when absent. */
function countsOf(output) {
  const plain = stripVTControlCharacters(output);
  const counts = {};
  for (const match of plain.matchAll(/^[ℹ#] (tests|pass|fail|cancelled|skipped|todo) (\d+)\s*$/gm)) counts[match[1]] = Number(match[2]);
  return 'pass' in counts && 'fail' in counts ? Object.fromEntries(COUNTERS.map((k) => [k, counts[k] ?? 0])) : undefined;
}

function printResult(r) {
  const mark = r.ok ? '✔' : '✖';
  process.stdout.write(`\n${mark} ${r.file} (${(r.ms / 1000).toFixed(1)} s)${r.ok ? '' : ` — ${r.problems.join('; ')}`}\n${r.output.trimEnd()}\n`);
}

function printSummary() {
  const total = Object.fromEntries(COUNTERS.map((k) => [k, results.reduce((sum, r) => sum + (r.counts?.[k] ?? 0), 0)]));
  const failed = results.filter((r) => !r.ok).sort((a, b) => a.file.localeCompare(b.file));
  for (const r of failed) {
    const tail = r.output.trimEnd().split('\n').slice(-TAIL_LINES).join('\n');
    process.stdout.write(`\n──── ✖ ${r.file}: ${r.problems.join('; ')} (last ${TAIL_LINES} lines)\n${tail}\n`);
  }
  const wall = ((Date.now() - started) / 1000).toFixed(1);
  process.stdout.write([
    '',
    `files ${results.length} (${results.length - failed.length} passed, ${failed.length} failed) with ${jobs} worker${jobs === 1 ? '' : 's'} in ${wall} s`,
    `tests ${total.tests}: pass ${total.pass}, fail ${total.fail}, cancelled ${total.cancelled}, skipped ${total.skipped}, todo ${total.todo}`,
    ...(failed.length ? ['failed files:', ...failed.map((r) => `  ${r.file}`)] : []),
    '',
  ].join('\n'));
  return failed.length === 0 && results.length === files.length;
}

function readTimes() {
  try {
    return JSON.parse(readFileSync(TIMES_FILE, 'utf8'));
  } catch {
    return {};
  }
}

function writeTimes(value) {
  try {
    mkdirSync(dirname(TIMES_FILE), { recursive: true });
    const kept = Object.fromEntries(Object.entries(value).filter(([file]) => existsSync(file)));
    writeFileSync(TIMES_FILE, `${JSON.stringify(kept, null, 1)}\n`);
  } catch (error) {
    process.stderr.write(`[run-tests] could not save test times: ${error.message}\n`);
  }
}
