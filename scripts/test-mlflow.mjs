// npm run test:mlflow: the real MLflow 3.6 client, CLI and MLflow's own REST tests against our
// runtime, when the MLflow kit is installed (../shared/mlflow-kit/setup.sh; env MLFLOW_KIT or
// ~/.cache/mlflow-kit). Without it: a loud "skipped" and exit 0.
//   node scripts/test-mlflow.mjs [--update-expected] [--no-client] [--no-rest]
// Fails on a client/CLI check that fails, or on a REST test failing that is not in
// test/mlflow/expected-failures.txt; prints listed tests that pass now (drop them from the list).
// --update-expected rewrites the list from this run's failures (keeping known reasons).
import { execFileSync } from 'node:child_process';
import { clientScenario } from '../test/mlflow/client-scenario.mjs';
import { writeCompatDoc } from '../test/mlflow/compat-doc.mjs';
import { EXPECTED_FILE, readExpected, shortMessage, writeExpected } from '../test/mlflow/expected-failures.mjs';
import { distIsStale, findKit, findPlugin, kitEnv, ROOT } from '../test/mlflow/kit.mjs';
import { runRestTests, summarize } from '../test/mlflow/rest-tests.mjs';

const args = process.argv.slice(2);
const update = args.includes('--update-expected');
const banner = (lines) => console.log(['', '#'.repeat(78), ...lines.map((l) => `### ${l}`), '#'.repeat(78), ''].join('\n'));

const kit = findKit();
if (!kit) {
  banner([
    'SKIPPED: MLflow compatibility tests (test:mlflow) did NOT run.',
    'The MLflow kit is not installed (no $MLFLOW_KIT, no ~/.cache/mlflow-kit).',
    'Install it with ../shared/mlflow-kit/setup.sh ~/.cache/mlflow-kit, then rerun.',
  ]);
  process.exit(update ? 1 : 0);
}
const plugin = findPlugin(kit);
const env = kitEnv(kit, plugin);
if (distIsStale()) {
  console.log('dist/ is older than src/: building it (node esbuild.mjs)');
  execFileSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'pipe' });
}
console.log(`MLflow compatibility against ${ROOT}/dist/cli.js, kit ${kit}`);
const started = Date.now();
let failed = false;

if (!args.includes('--no-client') && !update) {
  console.log('\n## The real MLflow client and CLI against `mlops runtime`\n');
  const checks = await clientScenario(env);
  for (const c of checks) console.log(`${c.ok ? 'ok  ' : 'FAIL'}  ${c.name}${c.ok ? '' : `: ${c.detail}`}`);
  const bad = checks.filter((c) => !c.ok).length;
  console.log(`\n${checks.length - bad} of ${checks.length} checks pass`);
  failed ||= bad > 0;
}

if (!args.includes('--no-rest')) {
  console.log('\n## MLflow\'s own REST tests (tests/tracking/*.py with mlflow_tests_plugin)\n');
  if (!plugin) {
    banner(['SKIPPED: MLflow\'s REST tests: mlflow_tests_plugin.py not found', '(looked in ../shared/mlflow-kit, $MLFLOW_KIT_PLUGIN and the kit folder)']);
    process.exit(update ? 1 : failed ? 1 : 0);
  }
  const { results, logPath } = await runRestTests(kit, env);
  const summary = summarize(results);
  for (const s of summary) console.log(`${s.file}: ${s.passed} passed of ${s.run} run (${s.failed} failed, ${s.skipped} skipped)`);
  console.log(`pytest log: ${logPath}`);
  const failures = results.filter((r) => r.outcome === 'failed');
  const expected = readExpected();
  if (update) {
    const entries = writeExpected(failures, expected);
    console.log(`\nwrote ${entries.length} expected failures to ${EXPECTED_FILE}`);
    if (writeCompatDoc(summary, entries)) console.log('and their grouped list to docs/mlflow-compat.md');
  } else {
    const regressions = failures.filter((r) => !expected.has(r.id));
    const passingNow = results.filter((r) => r.outcome === 'passed' && expected.has(r.id));
    const ran = new Set(results.map((r) => r.id));
    const stale = [...expected.keys()].filter((id) => !ran.has(id));
    for (const r of passingNow) console.log(`PASSES NOW (drop it from expected-failures.txt): ${r.id}`);
    for (const id of stale) console.log(`NOT RUN (renamed or removed? drop it from expected-failures.txt): ${id}`);
    for (const r of regressions) console.log(`REGRESSION (fails, not in expected-failures.txt): ${r.id}\n    ${shortMessage(r.message)}`);
    console.log(`\n${failures.length} failed, ${failures.length - regressions.length} of them expected; ${regressions.length} regressions; ${passingNow.length} expected failures pass now`);
    failed ||= regressions.length > 0;
  }
}

console.log(`\ntest:mlflow ${failed ? 'FAILED' : 'passed'} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
process.exit(failed ? 1 : 0);
