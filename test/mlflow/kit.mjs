// Where the MLflow kit (../shared/mlflow-kit, installed by its setup.sh) is, and the environment
// its python3, `mlflow` CLI and MLflow's own tests need.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..', '..');

/** The installed kit's folder, or undefined when it is not installed. */
export function findKit() {
  const candidates = [process.env.MLFLOW_KIT, join(homedir(), '.cache', 'mlflow-kit')].filter(Boolean);
  return candidates.find((dir) => existsSync(join(dir, 'env.sh')) && existsSync(join(dir, 'src', 'mlflow')));
}

/** mlflow_tests_plugin.py: the shared kit's copy (the freshest), else one next to the installed kit. */
export function findPlugin(kit) {
  const candidates = [process.env.MLFLOW_KIT_PLUGIN, join(ROOT, '..', 'shared', 'mlflow-kit', 'mlflow_tests_plugin.py'), join(kit, 'mlflow_tests_plugin.py')];
  return candidates.filter(Boolean).find((file) => existsSync(file));
}

/** env.sh's variables (PYTHONPATH, PATH, MLFLOW_KIT), plus the plugin's folder and the project. */
export function kitEnv(kit, plugin) {
  const pythonPath = [plugin && dirname(plugin), join(kit, 'site'), join(kit, 'src'), join(kit, 'debian'), process.env.PYTHONPATH];
  const env = {
    ...process.env,
    MLFLOW_KIT: kit,
    MLFLOW_COMPAT_PROJECT: ROOT,
    PYTHONPATH: pythonPath.filter(Boolean).join(delimiter),
    PATH: `${join(kit, 'bin')}${delimiter}${process.env.PATH}`,
    PYTHONDONTWRITEBYTECODE: '1',
  };
  delete env.MLFLOW_TRACKING_URI; // set per check, to the runtime it tests
  delete env.MLFLOW_TRACKING_TOKEN;
  return env;
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** True when dist/cli.js is missing or older than a file under src/. */
export function distIsStale() {
  const cli = join(ROOT, 'dist', 'cli.js');
  return !existsSync(cli) || statSync(cli).mtimeMs < newestMtime(join(ROOT, 'src'));
}
