import { readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { invalid } from '../errors';

/** A remote as a DVC repository configures it; `file` is the config file that set its url. */
export interface DvcRemote {
  name: string;
  url: string;
  file: string;
}

/** How DVC links a cache object into the workspace (`cache.type`), tried in order. */
export type CacheLink = 'reflink' | 'hardlink' | 'symlink' | 'copy';

export interface DvcConfig {
  /** `[core] remote = NAME`, and the file that said so. */
  defaultRemote?: { name: string; file: string };
  remotes: Map<string, DvcRemote>;
  /** `[cache] dir`, absolute (DVC reads it relative to the config file's folder). */
  cacheDir?: string;
  /** `[cache] type`: DVC's default is `reflink,copy`. */
  cacheTypes?: CacheLink[];
}

const CACHE_LINKS: readonly string[] = ['reflink', 'hardlink', 'symlink', 'copy'];

type IniSections = Map<string, Map<string, string>>;

/**
 * The INI dialect DVC writes (configobj): `[core]`, `['remote "name"']`, `key = value`, `#` and
 * `;` comments, values optionally quoted. Malformed lines are errors with their line number.
 */
export function parseDvcIni(text: string, label: string): IniSections {
  const sections: IniSections = new Map();
  let current: Map<string, string> | undefined;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) return;
    const section = /^\[\s*(.+?)\s*\]$/.exec(line);
    if (section) {
      const name = unquote(section[1]!);
      current = sections.get(name) ?? new Map<string, string>();
      sections.set(name, current);
      return;
    }
    const eq = line.indexOf('=');
    if (eq <= 0 || !current) {
      throw invalid(`${label}:${index + 1}: cannot read "${line}" (expected [section] or key = value inside a section); fix the file or run dvc remote add again.`);
    }
    current.set(line.slice(0, eq).trim().toLowerCase(), valueOf(line.slice(eq + 1).trim()));
  });
  return sections;
}

/** `.dvc/config`, then `.dvc/config.local` on top of it key by key, as DVC merges them. */
export function readDvcConfig(dvcDir: string): DvcConfig {
  const config: DvcConfig = { remotes: new Map() };
  for (const name of ['config', 'config.local']) {
    const file = join(dvcDir, name);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw invalid(`.dvc/${name} cannot be read: ${(error as Error).message}`);
    }
    for (const [section, values] of parseDvcIni(text, `.dvc/${name}`)) {
      if (section === 'core' && values.has('remote')) config.defaultRemote = { name: values.get('remote')!, file };
      const remote = /^remote\s+"(.+)"$/.exec(section);
      if (remote && values.has('url')) config.remotes.set(remote[1]!, { name: remote[1]!, url: values.get('url')!, file });
      if (section === 'cache') readCacheSection(values, dvcDir, `.dvc/${name}`, config);
    }
  }
  return config;
}

function readCacheSection(values: Map<string, string>, dvcDir: string, label: string, config: DvcConfig): void {
  const dir = values.get('dir');
  if (dir) config.cacheDir = isAbsolute(dir) ? resolve(dir) : resolve(dvcDir, dir);
  const type = values.get('type');
  if (type === undefined) return;
  const types = type.split(',').map((t) => t.trim().toLowerCase()).filter((t) => t !== '');
  const bad = types.find((t) => !CACHE_LINKS.includes(t));
  if (bad !== undefined || types.length === 0) throw invalid(`${label}: cache.type "${type}" is not a list of reflink, hardlink, symlink, copy; fix it with dvc config cache.type copy.`);
  config.cacheTypes = types as CacheLink[];
}

function unquote(text: string): string {
  return /^(['"]).*\1$/.test(text) ? text.slice(1, -1) : text;
}

/** A quoted value as is; an unquoted one without its trailing ` # comment`. */
function valueOf(text: string): string {
  if (/^(['"]).*\1$/.test(text)) return text.slice(1, -1);
  return text.replace(/\s+[#;].*$/, '');
}
