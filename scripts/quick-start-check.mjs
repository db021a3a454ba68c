// The README's quick start as a new user runs it: a clean clone, a temporary HOME (no npm cache,
// no code-server, no Node 24), `npm install && npm start`, then the browser VS Code it prints must
// show the MLOps container. Run twice: the first run pays the downloads, the second reuses them.
//   node scripts/quick-start-check.mjs [--keep] [--results DIR] [--node DIR]
// Prints the timings; exits non-zero when a step fails.
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const ROOT = resolve(import.meta.dirname, '..');
const keep = process.argv.includes('--keep');
const resultsArg = process.argv.indexOf('--results');
const RESULTS = resultsArg > 0 ? resolve(process.argv[resultsArg + 1]) : join(ROOT, 'test-results', 'quick-start');
mkdirSync(RESULTS, { recursive: true });

const work = mkdtempSync(join(tmpdir(), 'mlops-quick-start-'));
const home = join(work, 'home');
const clone = join(work, 'local-mlops');
mkdirSync(home);
// The machine's npm config names the Node headers native modules build against (no nodejs.org here).
if (existsSync(join(homedir(), '.npmrc'))) copyFileSync(join(homedir(), '.npmrc'), join(home, '.npmrc'));

/** The user's environment: their PATH and a fresh HOME, nothing npm or a test runner exported. */
const env = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !/^(npm_|INIT_CWD$|XDG_|MLOPS_|NODE_OPTIONS$)/i.test(k)),
);
env.HOME = home;
// --node DIR: the quick start with another Node (DIR holds bin/node, bin/npm and include/ for native builds).
const nodeArg = process.argv.indexOf('--node');
if (nodeArg > 0) {
  const dir = resolve(process.argv[nodeArg + 1]);
  env.PATH = `${join(dir, 'bin')}:${env.PATH}`;
  env.npm_config_nodedir = dir;
}

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const timings = [];
let failed = false;

try {
  execFileSync('git', ['clone', '--quiet', ROOT, clone], { stdio: 'inherit' });
  const install = timed('ONNXRUNTIME_NODE_INSTALL=skip npm install', () => execFileSync('npm', ['install'], { cwd: clone, env: { ...env, ONNXRUNTIME_NODE_INSTALL: 'skip' }, stdio: ['ignore', 'inherit', 'inherit'] }));
  for (const round of ['first', 'second']) {
    const started = Date.now();
    const { url, stop, output } = await npmStart(round);
    const toUrl = Date.now() - started;
    await workbenchShowsMlops(url, join(RESULTS, `quick-start-${round}.png`));
    const total = Date.now() - started;
    timings.push([`npm start, ${round} run: URL printed / workbench shows the MLOps container`, `${seconds(toUrl)} / ${seconds(total)}`]);
    await stop();
    stopWorkspaceRuntime(join(clone, 'examples', 'weather'));
    writeFileSync(join(RESULTS, `npm-start-${round}.log`), output());
  }
  timings.unshift(['npm install (fresh npm cache, native build)', seconds(install)]);
} catch (error) {
  failed = true;
  console.error(`quick start failed: ${error.stack ?? error}`);
} finally {
  console.log(`\n# quick start from a clean clone in a temporary HOME (Node ${execFileSync('node', ['--version'], { env, encoding: 'utf8' }).trim()})\n`);
  for (const [what, time] of timings) console.log(`- ${what}: ${time}`);
  if (!keep) rmSync(work, { recursive: true, force: true });
  else console.log(`kept ${work}`);
}
process.exit(failed ? 1 : 0);

function stopWorkspaceRuntime(dir) {
  try {
    const { pid } = JSON.parse(readFileSync(join(dir, '.mlops', 'runtime.json'), 'utf8'));
    process.kill(pid, 'SIGTERM');
  } catch {
    // no runtime left
  }
}

function timed(what, work) {
  const started = Date.now();
  console.log(`\n$ ${what}`);
  work();
  return Date.now() - started;
}

/** `npm start` in the clone until it prints the address of VS Code for the browser. */
function npmStart(round) {
  console.log(`\n$ npm start (${round} run)`);
  const child = spawn('npm', ['start', '--', '--browser'], { cwd: clone, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  const exited = new Promise((r) => child.on('exit', (code) => r(code)));
  const stop = async () => {
    try {
      process.kill(-child.pid, 'SIGINT');
    } catch {
      // already gone
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // gone
      }
    }, 15_000);
    await exited;
    clearTimeout(timer);
  };
  return new Promise((resolvePromise, reject) => {
    const onData = (chunk) => {
      output += chunk.toString();
      process.stdout.write(chunk);
      const url = /(http:\/\/127\.0\.0\.1:\d+\/\S*)/.exec(output.slice(output.indexOf('running in VS Code for the browser')))?.[1];
      if (output.includes('running in VS Code for the browser') && url) resolvePromise({ url, stop, output: () => output });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (c) => {
      output += c.toString();
      process.stderr.write(c);
    });
    void exited.then((code) => reject(new Error(`npm start exited with ${code} before printing the address`)));
  });
}

async function workbenchShowsMlops(url, screenshot) {
  const browser = await chromium.launch({
    executablePath: execFileSync('bash', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim(),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(url);
    const item = page.locator('.activitybar [role="tab"][aria-label^="MLOps"], .activitybar a[aria-label^="MLOps"]').first();
    await item.waitFor({ timeout: 120_000 });
    const runs = page.locator('.pane-header', { hasText: 'Runs' });
    if (!(await runs.isVisible())) await item.click();
    await runs.waitFor({ timeout: 60_000 });
    await page.locator('.pane-header', { hasText: 'Models' }).waitFor({ timeout: 60_000 });
    await page.screenshot({ path: screenshot });
  } finally {
    await browser.close();
  }
}
