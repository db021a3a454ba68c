// Entry of the extension-host suites. Two callers: the code-server runner extension
// (runSuites, results as data) and @vscode/test-electron (run, which rejects on failure).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

export interface SuiteResults {
  passed: number;
  failed: number;
  tests: { title: string; state: 'passed' | 'failed' | 'pending'; durationMs?: number; error?: string }[];
}

export function runSuites(): Promise<SuiteResults> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
  const dir = join(__dirname, 'suites');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.test.js')).sort()) mocha.addFile(join(dir, file));
  const results: SuiteResults = { passed: 0, failed: 0, tests: [] };
  return new Promise((resolve) => {
    const runner = mocha.run(() => resolve(results));
    runner.on('pass', (test) => {
      results.passed++;
      results.tests.push({ title: test.fullTitle(), state: 'passed', durationMs: test.duration });
    });
    runner.on('fail', (test, error: Error) => {
      results.failed++;
      results.tests.push({ title: test.fullTitle(), state: 'failed', error: error.stack ?? String(error) });
    });
  });
}

export async function run(): Promise<void> {
  const results = await runSuites();
  for (const t of results.tests) console.log(`${t.state === 'passed' ? '✔' : '✖'} ${t.title}${t.error ? '\n' + t.error : ''}`);
  if (results.failed > 0) throw new Error(`${results.failed} extension-host test(s) failed`);
}
