// npm run test:vscode: the extension-host suites in desktop VS Code via @vscode/test-electron, for
// machines that can download VS Code (the e2e run uses code-server instead).
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runTests } from '@vscode/test-electron';

const ROOT = resolve(import.meta.dirname, '..');
execFileSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'inherit' });
execFileSync(process.execPath, ['test/vscode/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
const workspace = join(mkdtempSync(join(tmpdir(), 'mlops-vscode-')), 'weather');
cpSync(join(ROOT, 'examples', 'weather'), workspace, { recursive: true });

try {
  await runTests({
    version: process.env.MLOPS_VSCODE_VERSION ?? 'stable',
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: join(ROOT, 'out', 'vscode-tests', 'index.js'),
    launchArgs: [workspace, '--disable-workspace-trust', '--disable-extensions'],
  });
} catch (error) {
  console.error(`VS Code tests failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
