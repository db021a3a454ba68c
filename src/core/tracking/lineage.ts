import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import type { KeyValue } from './types';

async function output(command: string, args: string[], cwd: string, timeoutMs = 15_000): Promise<string | undefined> {
  try {
    const { stdout, stderr } = await promisify(execFile)(command, args, { cwd, timeout: timeoutMs, maxBuffer: 32 * 1024 * 1024 });
    return (stdout || stderr).trimEnd();
  } catch {
    return undefined;
  }
}

export interface GitLineage {
  commit?: string;
  branch?: string;
  dirty?: boolean;
  /** `git diff HEAD` when the tree is dirty. */
  diff?: string;
  repoRoot?: string;
}

/** Just the HEAD commit: what a data version records, one git call instead of readGit's four or five. */
export async function readGitCommit(cwd: string): Promise<string | undefined> {
  const commit = await output('git', ['rev-parse', 'HEAD'], cwd);
  return commit && /^[0-9a-f]{40}$/.test(commit) ? commit : undefined;
}

export async function readGit(cwd: string): Promise<GitLineage> {
  const commit = await readGitCommit(cwd);
  if (!commit) return {};
  const [branch, status, repoRoot] = await Promise.all([
    output('git', ['rev-parse', '--abbrev-ref', 'HEAD'], cwd),
    output('git', ['status', '--porcelain'], cwd),
    output('git', ['rev-parse', '--show-toplevel'], cwd),
  ]);
  const dirty = (status ?? '').length > 0;
  const diff = dirty ? await output('git', ['diff', 'HEAD'], cwd) : undefined;
  return { commit, ...(branch && { branch }), dirty, ...(diff && { diff }), ...(repoRoot && { repoRoot }) };
}

export function gitTags(git: GitLineage): KeyValue[] {
  if (!git.commit) return [];
  return [
    { key: 'mlflow.source.git.commit', value: git.commit },
    ...(git.branch ? [{ key: 'mlflow.source.git.branch', value: git.branch }] : []),
    ...(git.repoRoot ? [{ key: 'mlflow.source.git.repoURL', value: git.repoRoot }] : []),
    { key: 'mlops.git.dirty', value: String(git.dirty ?? false) },
  ];
}

export interface EnvironmentLineage {
  tags: KeyValue[];
  /** Text artifacts: name → content. */
  files: Record<string, string>;
}

/** Interpreter and library versions of the command where they can be read. */
export async function readEnvironment(command: readonly string[], cwd: string): Promise<EnvironmentLineage> {
  const program = basename(command[0] ?? '');
  const tags: KeyValue[] = [];
  const files: Record<string, string> = {};
  if (/^python(\d+(\.\d+)?)?$/.test(program)) {
    const version = await output(command[0]!, ['--version'], cwd);
    if (version) tags.push({ key: 'mlops.python.version', value: version.replace(/^Python\s+/, '') });
    const freeze = await output(command[0]!, ['-m', 'pip', 'freeze'], cwd, 30_000);
    if (freeze) files['requirements.txt'] = freeze + '\n';
  }
  if (/^(node|tsx|ts-node|npx|npm|bun|deno)$/.test(program)) {
    const version = await output(program === 'node' ? command[0]! : 'node', ['--version'], cwd);
    if (version) tags.push({ key: 'mlops.node.version', value: version });
    const versions = nodePackageVersions(cwd);
    if (versions) files['node-packages.json'] = JSON.stringify(versions, null, 2) + '\n';
  }
  return { tags, files };
}

/** Installed versions of package.json's dependencies, read from node_modules. */
export function nodePackageVersions(cwd: string): Record<string, string> | undefined {
  const manifest = join(cwd, 'package.json');
  if (!existsSync(manifest)) return undefined;
  try {
    const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
    const out: Record<string, string> = {};
    for (const name of Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).sort()) {
      try {
        out[name] = (JSON.parse(readFileSync(join(cwd, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
      } catch {
        out[name] = `not installed (wants ${pkg.dependencies?.[name] ?? pkg.devDependencies?.[name]})`;
      }
    }
    return out;
  } catch {
    return undefined;
  }
}
