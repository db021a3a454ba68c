// npm run test:e2e: the packaged extension in a real VS Code (code-server 1.139, Node 24) driven by
// Playwright in Debian's Chromium, plus the extension-host mocha suites inside that VS Code and the
// store suite under Node 24 (node:sqlite). Prints "N passed, N failed" and exits non-zero on failure.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { freePort, packageRunner, prepareProfile, setupTools, startCodeServer } from '../test/e2e/code-server.mjs';
import { uiTests } from '../test/e2e/ui-tests.mjs';

const ROOT = resolve(import.meta.dirname, '..');
process.chdir(ROOT);
const RESULTS_DIR = process.env.MLOPS_E2E_RESULTS ? resolve(process.env.MLOPS_E2E_RESULTS) : join(ROOT, 'test-results');
mkdirSync(RESULTS_DIR, { recursive: true });
const keep = process.argv.includes('--keep');
const screenshotTo = process.argv.includes('--screenshot') ? join(ROOT, 'docs', 'screenshot.png') : undefined;

const results = [];
const record = (title, error) => {
  results.push({ title, error });
  console.log(`${error ? '✖' : '✔'} ${title}${error ? `\n    ${String(error.stack ?? error).split('\n').slice(0, 6).join('\n    ')}` : ''}`);
};

const tools = setupTools();

console.log('\n# store suite on node:sqlite (Node 24)');
const store = spawnSync(tools.node, ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-force-exit', 'test/integration/store/store.test.ts'], {
  stdio: 'inherit',
  env: { ...process.env, MLOPS_STORE_DRIVERS: 'node:sqlite', MLOPS_REQUIRE_DRIVERS: 'node:sqlite' },
});
record('store suite passes on node:sqlite under Node 24', store.status === 0 ? undefined : new Error(`exit ${store.status}`));

console.log('\n# packaging');
const vsix = join(RESULTS_DIR, 'local-mlops-e2e.vsix');
execFileSync(process.execPath, ['scripts/package.mjs', '--out', vsix], { stdio: ['ignore', 'ignore', 'inherit'] });
checkVsixContents(vsix);
execFileSync(process.execPath, ['test/vscode/build.mjs'], { stdio: 'inherit' });

const work = mkdtempSync(join(tmpdir(), 'mlops-e2e-'));
const workspace = join(work, 'weather');
cpSync(join(ROOT, 'examples', 'weather'), workspace, { recursive: true, filter: (src) => !src.includes(`${join('weather', '.mlops')}`) });
// A local folder remote beside the workspace, so the Datasets view can push.
const config = join(workspace, 'mlops.yaml');
writeFileSync(config, readFileSync(config, 'utf8').replace(/^data:\n/m, 'data:\n  remote: ../weather-remote\n'));
const profile = prepareProfile(tools, work, { vsixes: [vsix, packageRunner(join(RESULTS_DIR, 'mlops-test-runner.vsix'))] });
const suiteResults = join(work, 'suite-results.json');
const trigger = join(work, 'run-suites');
const serverLog = [];
const port = await freePort();
console.log('\n# code-server');
const server = await startCodeServer(tools, {
  port,
  ...profile,
  workspace,
  log: (t) => serverLog.push(t),
  env: {
    MLOPS_TEST_SUITES: join(ROOT, 'out', 'vscode-tests', 'index.js'),
    MLOPS_TEST_RESULTS: suiteResults,
    MLOPS_TEST_TRIGGER: trigger,
    MLOPS_EXPECT_DRIVER: 'node:sqlite',
  },
});
console.log(`code-server on ${server.url}`);

const browser = await chromium.launch({
  executablePath: tools.chromium,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(server.url);
  console.log('\n# user interface (Playwright)');
  // MLOPS_E2E_UPTO=<regex>: the journey up to the last step whose title matches, without the suites (for working on one step).
  const upTo = process.env.MLOPS_E2E_UPTO ? new RegExp(process.env.MLOPS_E2E_UPTO) : undefined;
  const last = upTo ? uiTests.findLastIndex((t) => upTo.test(t.title)) : uiTests.length - 1;
  for (const test of uiTests.slice(0, last + 1)) {
    try {
      await test.run(page, { workspace });
      record(test.title);
    } catch (error) {
      record(test.title, error);
      await page.screenshot({ path: join(RESULTS_DIR, `failed-${results.length}.png`) }).catch(() => {});
    }
  }
  if (screenshotTo) {
    await page.keyboard.press('Escape');
    await page.screenshot({ path: screenshotTo });
    console.log(`screenshot saved to ${screenshotTo}`);
  }

  if (!upTo) {
    console.log('\n# extension-host suites (mocha inside code-server)');
    writeFileSync(trigger, '');
    const deadline = Date.now() + 8 * 60_000;
    while (!existsSync(suiteResults) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    if (!existsSync(suiteResults)) {
      record('extension-host suites report results', new Error('no results within 8 minutes (is the runner extension loaded?)'));
    } else {
      const suites = JSON.parse(readFileSync(suiteResults, 'utf8'));
      for (const t of suites.tests) record(`[extension host] ${t.title}`, t.state === 'failed' ? new Error(t.error) : undefined);
      if (suites.tests.length === 0) record('extension-host suites ran at least one test', new Error('none ran'));
    }
  }
} finally {
  await browser.close();
  await server.stop();
  stopWorkspaceRuntime(workspace);
  writeFileSync(join(RESULTS_DIR, 'code-server.log'), serverLog.join(''));
  if (!keep) rmSync(work, { recursive: true, force: true });
}

const failed = results.filter((r) => r.error).length;
console.log(`\ne2e: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);

/** The .vsix holds dist/, media/, package metadata and production node_modules, nothing else. */
function checkVsixContents(file) {
  const listing = execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' }).trim().split('\n');
  const allowed = /^(extension\.vsixmanifest|\[Content_Types\]\.xml|extension\/(package\.json|readme\.md|README\.md|LICENSE\.txt|changelog\.md|dist\/.+|media\/.+|node_modules\/.+))$/;
  const stray = listing.filter((entry) => !allowed.test(entry) || /\.map$|\.meta\.json$/.test(entry));
  const needed = ['extension/dist/extension.js', 'extension/dist/cli.js', 'extension/node_modules/better-sqlite3/build/Release/better_sqlite3.node'];
  const missing = needed.filter((n) => !listing.includes(n));
  const devOnly = listing.filter((entry) => /node_modules\/(typescript|esbuild|mocha|playwright-core|@vscode\/vsce|eslint)\//.test(entry));
  const error = stray.length || missing.length || devOnly.length
    ? new Error(`stray: ${stray.slice(0, 10).join(', ')}; missing: ${missing.join(', ')}; dev-only: ${devOnly.slice(0, 5).join(', ')}`)
    : undefined;
  record(`the .vsix holds only dist/, media/ and production dependencies (${listing.length} entries)`, error);
}

function stopWorkspaceRuntime(dir) {
  try {
    const { pid } = JSON.parse(readFileSync(join(dir, '.mlops', 'runtime.json'), 'utf8'));
    process.kill(pid, 'SIGTERM');
  } catch {
    // no runtime left
  }
}
