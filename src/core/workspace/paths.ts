import { join, resolve } from 'node:path';
import { MLOPS_DIR, RUNTIME_FILE } from '../../shared/runtime-info';

/** Where a workspace keeps its state (see ARCHITECTURE.md, "Workspace layout"). */
export interface WorkspacePaths {
  root: string;
  mlopsDir: string;
  db: string;
  runtimeFile: string;
  logs: string;
  config: string;
}

export const CONFIG_FILE = 'mlops.yaml';

export function workspacePaths(root: string): WorkspacePaths {
  const abs = resolve(root);
  const mlopsDir = join(abs, MLOPS_DIR);
  return {
    root: abs,
    mlopsDir,
    db: join(mlopsDir, 'mlops.db'),
    runtimeFile: join(mlopsDir, RUNTIME_FILE),
    logs: join(mlopsDir, 'logs'),
    config: join(abs, CONFIG_FILE),
  };
}
