// Starts code-server (VS Code 1.139 in the browser) with our packaged extension installed, in a
// fresh user-data and extensions dir, and stops it again. Used by the e2e run and by npm start.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** Runs scripts/setup-e2e.sh (installs once into a cache) and returns the paths it prints. */
export function setupTools() {
  let out;
  try {
    out = execFileSync('bash', ['scripts/setup-e2e.sh'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], env: withoutNpmSettings(process.env) });
  } catch (error) {
    console.error(`\nSetting up VS Code for the browser failed (scripts/setup-e2e.sh exited with ${error.status ?? error.message}); see its messages above.`);
    process.exit(typeof error.status === 'number' && error.status > 0 ? error.status : 1);
  }
  const env = Object.fromEntries(out.trim().split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  for (const key of ['MLOPS_E2E_NODE', 'MLOPS_E2E_CODE_SERVER', 'MLOPS_E2E_CHROMIUM']) {
    if (!env[key]) throw new Error(`setup-e2e.sh did not report ${key}`);
  }
  return { node: env.MLOPS_E2E_NODE, codeServer: env.MLOPS_E2E_CODE_SERVER, chromium: env.MLOPS_E2E_CHROMIUM };
}

function withoutKeys(env, keys) {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !keys.includes(key)));
}

function killGroup(child) {
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    child.kill('SIGTERM');
  }
}

/** The environment without what npm exports to scripts, so nested npm installs see only the user's own config. */
export function withoutNpmSettings(env) {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !/^npm_/i.test(key) && key !== 'INIT_CWD'));
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export const USER_SETTINGS = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
};

/** Prepares user-data and extensions dirs under `root`: settings and the given .vsix packages installed. */
export function prepareProfile(tools, root, { vsixes = [] }) {
  const userData = join(root, 'user-data');
  const extensions = join(root, 'extensions');
  mkdirSync(join(userData, 'User'), { recursive: true });
  mkdirSync(extensions, { recursive: true });
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
  for (const vsix of vsixes) {
    execFileSync(tools.node, [tools.codeServer, '--user-data-dir', userData, '--extensions-dir', extensions, '--install-extension', vsix], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
  }
  return { userData, extensions };
}

/** Starts code-server on 127.0.0.1 and resolves once it answers HTTP. */
export async function startCodeServer(tools, { port, userData, extensions, workspace, env = {}, log = () => {} }) {
  const child = spawn(
    tools.node,
    [tools.codeServer, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check',
      '--disable-workspace-trust', '--user-data-dir', userData, '--extensions-dir', extensions, workspace],
    // code-server lets PORT override --bind-addr; the port is ours to choose.
    { env: { ...withoutKeys(process.env, ['PORT']), ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  child.stdout.on('data', (c) => log(c.toString()));
  child.stderr.on('data', (c) => log(c.toString()));
  // A first start on a busy 2-core machine can take a minute before it listens.
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      killGroup(child);
      throw new Error('code-server did not answer within 180 s');
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    child,
    url: `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        child.kill('SIGTERM');
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    },
  };
}

/** Packages the test-runner extension (VS Code drops unpacked folders it did not install). */
export function packageRunner(out) {
  execFileSync(process.execPath, ['../../node_modules/@vscode/vsce/vsce', 'package', '--allow-missing-repository', '--skip-license', '--out', out], {
    cwd: 'test/vscode-runner',
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return out;
}
