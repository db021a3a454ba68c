import type { Run as WireRun } from '../../shared/contract';

/**
 * Which source files a run ran, from what it recorded: `mlops run` writes its argv (`mlops.command`)
 * and working folder (`mlops.cwd`); MLflow clients write the script as `mlflow.source.name`. The
 * lenses of a file show only the runs that ran it. Pure: no vscode.
 */

export interface RunSource {
  /** Paths named by the command, `/`-separated, relative to `cwd` unless absolute. */
  files: string[];
  cwd?: string;
}

function tag(run: WireRun, key: string): string | undefined {
  return run.data.tags?.find((t) => t.key === key)?.value;
}

/** `\` → `/`, `.` and `..` segments resolved where they can be, no trailing `/`. */
export function normalizePath(path: string): string {
  const slashed = path.replace(/\\/g, '/');
  const absolute = slashed.startsWith('/');
  const out: string[] = [];
  for (const part of slashed.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else if (part !== '..' || !absolute) out.push(part);
  }
  return `${absolute ? '/' : ''}${out.join('/')}`;
}

function isAbsolute(path: string): boolean {
  return path.startsWith('/') || /^[A-Za-z]:\//.test(path);
}

/** The arguments that may name a file: not options; `-m pkg.mod` names pkg/mod.py (or its __main__.py). */
function fileArguments(argv: readonly string[]): string[] {
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-m' && argv[i + 1]) {
      const module = argv[++i]!.replace(/\./g, '/');
      files.push(`${module}.py`, `${module}/__main__.py`);
    } else if (arg && !arg.startsWith('-')) {
      files.push(arg);
    }
  }
  return files;
}

function parseArgv(json: string | undefined): string[] | undefined {
  if (!json) return undefined;
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) && value.every((a) => typeof a === 'string') ? value : undefined;
  } catch {
    return undefined;
  }
}

export function runSource(run: WireRun): RunSource {
  const argv = parseArgv(tag(run, 'mlops.command'));
  const cwd = tag(run, 'mlops.cwd');
  let files: string[];
  if (argv) {
    files = fileArguments(argv);
  } else {
    const name = tag(run, 'mlflow.source.name')?.trim();
    // A script's path (MLflow's clients), or a command line: the whole, and each word.
    files = name ? [name, ...fileArguments(name.split(/\s+/))] : [];
  }
  return { files: [...new Set(files.map(normalizePath).filter(Boolean))], ...(cwd && { cwd: normalizePath(cwd) }) };
}

function samePath(a: string, b: string): boolean {
  // Windows paths compare case-insensitively (a drive letter marks them).
  return /^\/?[A-Za-z]:\//.test(a) ? a.toLowerCase() === b.toLowerCase() : a === b;
}

/**
 * Whether the run ran the file at `documentPath` (absolute). A relative path matches under the
 * run's folder, or as the document path's tail (the workspace may have moved since).
 */
export function runRanFile(source: RunSource, documentPath: string): boolean {
  const doc = normalizePath(documentPath);
  for (const file of source.files) {
    if (isAbsolute(file)) {
      if (samePath(file, doc)) return true;
      continue;
    }
    if (source.cwd && samePath(normalizePath(`${source.cwd}/${file}`), doc)) return true;
    if (!file.startsWith('../') && (samePath(doc.slice(-(file.length + 1)), `/${file}`))) return true;
  }
  return false;
}
