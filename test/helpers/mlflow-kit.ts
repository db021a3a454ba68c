import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The environment that runs the real MLflow Python client from the kit (../shared/mlflow-kit,
 * installed by its setup.sh), or undefined when it is not installed: callers skip loudly.
 */
export function mlflowKitEnv(): NodeJS.ProcessEnv | undefined {
  const kit = process.env.MLFLOW_KIT || join(homedir(), '.cache', 'mlflow-kit');
  if (!existsSync(join(kit, 'env.sh'))) return undefined;
  const paths = [join(kit, 'site'), join(kit, 'src'), join(kit, 'debian'), process.env.PYTHONPATH].filter(Boolean);
  const env = { ...process.env, PYTHONPATH: paths.join(':'), PATH: `${join(kit, 'bin')}:${process.env.PATH}`, MLFLOW_KIT: kit };
  const probe = spawnSync('python3', ['-c', 'import mlflow'], { env, encoding: 'utf8' });
  return probe.status === 0 ? env : undefined;
}

export const KIT_MISSING = 'SKIPPED: the MLflow kit is not installed (../shared/mlflow-kit/setup.sh ~/.cache/mlflow-kit); the real MLflow client was not run';
