import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { workspacePaths } from './paths';
import { PRIVATE_DIR_MODE } from './private-files';

export const CONFIG_SKELETON = `# Local MLOps: what this project tracks, watches and monitors.
# Schema: completion and validation in the editor come with a YAML language extension.
version: 1

# Data files and folders versioned on save (paths or globs, relative to this file).
data:
  track: []
`;

/**
 * Makes `root` a Local MLOps workspace: the .mlops folder (git-ignored as a whole) and an
 * mlops.yaml skeleton. Never overwrites; returns what it created, relative to root.
 */
export function initWorkspace(root: string): string[] {
  const paths = workspacePaths(root);
  const created: string[] = [];
  if (!existsSync(paths.mlopsDir)) {
    mkdirSync(paths.mlopsDir, { recursive: true, mode: PRIVATE_DIR_MODE });
    created.push(relative(paths.root, paths.mlopsDir) + '/');
  }
  const gitignore = join(paths.mlopsDir, '.gitignore');
  if (!existsSync(gitignore)) {
    writeFileSync(gitignore, '# Local MLOps state: machine-local, never committed.\n*\n');
    created.push(relative(paths.root, gitignore));
  }
  if (!existsSync(paths.config)) {
    writeFileSync(paths.config, CONFIG_SKELETON, { flag: 'wx' });
    created.push(relative(paths.root, paths.config));
  }
  return created;
}
