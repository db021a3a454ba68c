import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DomainError } from '../errors';
import { invalid } from '../errors';
import type { MlopsConfig } from '../workspace';
import { CONFIG_FILE, loadConfig } from '../workspace';
import { readDvcConfig } from './dvc-config';

export type DataConfig = MlopsConfig['data'];

/** A remote in DVC 3's layout (`files/md5/<2 hex>/<rest>`), resolved to a local directory. */
export interface ResolvedRemote {
  /** Absolute path of the remote directory. */
  path: string;
  /** As written in the configuration. */
  url: string;
  /** `mlops.yaml`, `.dvc/config` or `.dvc/config.local`. */
  source: string;
  /** The DVC remote's name, when it came from a DVC config. */
  name?: string;
}

/**
 * The `data:` section of mlops.yaml. A broken file is an error rather than the defaults: push,
 * pull and gc must not fall back to another remote or keep count because of a typo.
 */
export function loadDataConfig(workspace: string): DataConfig {
  const { config, errors } = loadConfig(join(workspace, CONFIG_FILE));
  if (errors.length > 0) throw invalid(`Fix mlops.yaml first: ${errors.join('; ')}`);
  return config.data;
}

/**
 * The workspace's remote: `data.remote` of mlops.yaml (relative to the workspace root), else in a
 * DVC repository the default remote of `.dvc/config` / `.dvc/config.local` (relative to `.dvc/`).
 */
export function resolveRemote(workspace: string, data: DataConfig): ResolvedRemote | undefined {
  if (data.remote) return { path: localDirectoryOf(data.remote, workspace, CONFIG_FILE), url: data.remote, source: CONFIG_FILE };
  const dvcDir = join(workspace, '.dvc');
  if (!existsSync(dvcDir)) return undefined;
  const dvc = readDvcConfig(dvcDir);
  if (!dvc.defaultRemote) return undefined;
  const remote = dvc.remotes.get(dvc.defaultRemote.name);
  if (!remote) {
    throw invalid(`.dvc/config names "${dvc.defaultRemote.name}" as the default remote (core.remote) but no ['remote "${dvc.defaultRemote.name}"'] section has a url; run dvc remote add ${dvc.defaultRemote.name} PATH, or set data.remote in mlops.yaml.`);
  }
  const source = `.dvc/${remote.file.endsWith('.local') ? 'config.local' : 'config'}`;
  return { path: localDirectoryOf(remote.url, dirname(remote.file), source), url: remote.url, source, name: remote.name };
}

/** The remote, or an error saying how to configure one. */
export function requireRemote(workspace: string, data: DataConfig): ResolvedRemote {
  const remote = resolveRemote(workspace, data);
  if (!remote) throw noRemoteError();
  return remote;
}

export function noRemoteError(): DomainError {
  return invalid('No data remote is configured: set data.remote in mlops.yaml to a directory (e.g. remote: ../mlops-remote), or in a DVC repository run dvc remote add -d NAME PATH.');
}

/** A local path or `file://` URL as an absolute directory; other schemes are not supported yet. */
export function localDirectoryOf(url: string, base: string, source: string): string {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1]?.toLowerCase();
  if (scheme === undefined) return isAbsolute(url) ? resolve(url) : resolve(base, url);
  if (scheme !== 'file') {
    throw invalid(`The remote ${url} (from ${source}) uses ${scheme}://, but only local directory remotes are supported yet; use a local path or a file:// URL.`);
  }
  try {
    return fileURLToPath(url);
  } catch (error) {
    throw invalid(`The remote ${url} (from ${source}) is not a usable file:// URL (${(error as Error).message}); write it as file:///absolute/path or as a plain path.`);
  }
}
