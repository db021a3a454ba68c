// MLflow's own REST tests against our runtime (the kit's pytest plugin swaps MLflow's server for a
// fresh `mlops runtime` per test); results read from pytest's JUnit XML.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './kit.mjs';

export const TEST_FILES = ['tests/tracking/test_rest_tracking.py', 'tests/tracking/test_model_registry.py', 'tests/tracking/test_mlflow_artifacts.py'];

const unescapeXml = (s) => s.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#(x?)([0-9a-f]+);/gi, (_, x, n) => String.fromCodePoint(parseInt(n, x ? 16 : 10))).replace(/&amp;/g, '&');

function attributes(text) {
  return Object.fromEntries([...text.matchAll(/([\w-]+)="([^"]*)"/g)].map(([, k, v]) => [k, unescapeXml(v)]));
}

/** JUnit XML -> [{id, file, outcome: passed|failed|skipped, message}]. */
export function parseJunit(xml, files = TEST_FILES) {
  const modules = files.map((file) => [file.replace(/\.py$/, '').replace(/\//g, '.'), file]);
  const results = [];
  for (const [, attrs, , body = ''] of xml.matchAll(/<testcase\b([^>]*?)(\/>|>([\s\S]*?)<\/testcase>)/g)) {
    const { classname = '', name = '' } = attributes(attrs);
    const [module, file] = modules.find(([m]) => classname === m || classname.startsWith(`${m}.`)) ?? [classname, classname];
    const cls = classname.slice(module.length + 1);
    const problem = /<(failure|error)\b([^>]*)/.exec(body);
    const outcome = problem ? 'failed' : /<skipped\b/.test(body) ? 'skipped' : 'passed';
    results.push({ id: `${file}::${cls ? `${cls}::` : ''}${name}`, file, outcome, message: problem ? (attributes(problem[2]).message ?? problem[1]) : '' });
  }
  return results;
}

/** Starts MLflow's own server beside ours and, when that times out, leaves its uvicorn workers running. */
const DESELECTED = ['tests/tracking/test_rest_tracking.py::test_create_model_version_with_validation_regex'];

/** Runs pytest over `files` in the kit's source tree; resolves the parsed results and the log's path. */
export async function runRestTests(kit, env, { files = TEST_FILES, extraArgs = [] } = {}) {
  const outDir = join(ROOT, 'test-results', 'mlflow-compat');
  mkdirSync(outDir, { recursive: true });
  const junit = join(outDir, 'junit.xml');
  const logPath = join(outDir, 'pytest.log');
  rmSync(junit, { force: true });
  const args = ['-m', 'pytest', '-p', 'mlflow_tests_plugin', '-p', 'no:cacheprovider', '-p', 'no:hypothesispytest', '-q', '--color=no', `--junitxml=${junit}`, ...DESELECTED.flatMap((id) => ['--deselect', id]), ...extraArgs, ...files];
  const log = createWriteStream(logPath);
  const child = spawn('python3', args, { cwd: join(kit, 'src'), env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const code = await new Promise((resolve) => child.once('close', resolve));
  log.end();
  if (!existsSync(junit)) throw new Error(`pytest wrote no results (exit ${code}); see ${logPath}`);
  return { results: parseJunit(readFileSync(junit, 'utf8'), files), logPath, code };
}

/** Per file: {file, passed, failed, skipped, run}. */
export function summarize(results, files = TEST_FILES) {
  return files.map((file) => {
    const mine = results.filter((r) => r.file === file);
    const count = (o) => mine.filter((r) => r.outcome === o).length;
    return { file, passed: count('passed'), failed: count('failed'), skipped: count('skipped'), run: mine.length };
  });
}
