// npm start: build, then open the example workspace in VS Code with the extension loaded: desktop
// `code` when it is on PATH, otherwise the browser VS Code of the test setup (code-server) on
// 127.0.0.1, whose URL is printed. Ctrl+C stops it.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, prepareProfile, setupTools, startCodeServer } from '../test/e2e/code-server.mjs';

const ROOT = resolve(import.meta.dirname, '..');
process.chdir(ROOT);
const workspace = join(ROOT, 'examples', 'weather');

const hasCode = spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0;
if (hasCode && !process.argv.includes('--browser')) {
  execFileSync(process.execPath, ['esbuild.mjs'], { stdio: 'inherit' });
  execFileSync('code', ['--extensionDevelopmentPath', ROOT, workspace], { stdio: 'inherit' });
  console.log(`Opened ${workspace} in VS Code with Local MLOps loaded from ${ROOT}.`);
  process.exit(0);
}

const tools = setupTools();
const profileDir = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'local-mlops-e2e', 'start-profile');
mkdirSync(profileDir, { recursive: true });
const vsix = join(ROOT, 'test-results', 'local-mlops-start.vsix');
mkdirSync(join(ROOT, 'test-results'), { recursive: true });
execFileSync(process.execPath, ['scripts/package.mjs', '--out', vsix], { stdio: ['ignore', 'ignore', 'inherit'] });
const profile = prepareProfile(tools, profileDir, { vsixes: [vsix] });
const port = Number(process.env.PORT) || (await freePort());
const server = await startCodeServer(tools, { port, ...profile, workspace, log: (t) => process.stdout.write(t) });
console.log(`\nLocal MLOps is running in VS Code for the browser:\n\n    ${server.url}\n\nOpen that address in a browser on this machine. Ctrl+C stops it.`);
const stop = () => void server.stop().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
