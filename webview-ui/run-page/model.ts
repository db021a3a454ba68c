// Pure helpers of the run page: lineage from tags, the artifact tree, numbers and durations.
import type { RunArtifactEntry, RunPageMetric, RunPageRun } from '../../src/shared/run-page';
import type { RunPageModel } from '../../src/shared/webview/run-page-messages';

export function formatValue(value: number | string): string {
  if (typeof value === 'string') return value;
  if (Number.isInteger(value)) return value.toLocaleString('en');
  const abs = Math.abs(value);
  return abs !== 0 && (abs < 1e-3 || abs >= 1e6) ? value.toExponential(3) : value.toPrecision(4).replace(/\.?0+$/, '');
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

export function runDuration(run: RunPageRun, now: number): number | null {
  if (run.start_time === null) return null;
  return (run.end_time ?? now) - run.start_time;
}

/** A metric value as chart.js takes it: NaN and infinities (MLflow's strings) leave a gap. */
export function chartPoints(metric: RunPageMetric): { x: number; y: number | null }[] {
  return metric.x.map((x, i) => {
    const y = metric.y[i];
    return { x, y: typeof y === 'number' && Number.isFinite(y) ? y : null };
  });
}

export function isSystemMetric(key: string): boolean {
  return key.startsWith('system/');
}

export interface DataLineage {
  path: string;
  version: number | null;
  md5: string;
}

export interface Lineage {
  command: string | null;
  git: { commit: string; branch: string | null; dirty: boolean } | null;
  data: DataLineage[];
  models: RunPageModel[];
  parentRunId: string | null;
  environment: string[];
  exit: string | null;
}

/** What the run read and made, from the tags `mlops run` and MLflow clients set. */
export function lineageOf(run: RunPageRun, models: RunPageModel[]): Lineage {
  const tags = run.tags;
  let command: string | null = tags['mlflow.source.name'] ?? null;
  try {
    const argv = JSON.parse(tags['mlops.command'] ?? 'null') as unknown;
    if (Array.isArray(argv) && argv.every((a) => typeof a === 'string')) command = argv.join(' ');
  } catch {
    // not a JSON argv: keep the source name
  }
  const data = Object.entries(tags)
    .filter(([key]) => key.startsWith('mlops.data.'))
    .map(([key, value]) => {
      const [version = '', md5 = ''] = value.split(' ');
      const n = /^v(\d+)$/.exec(version);
      return { path: key.slice('mlops.data.'.length), version: n ? Number(n[1]) : null, md5 };
    });
  const commit = tags['mlflow.source.git.commit'];
  const environment = [
    tags['mlops.node.version'] ? `Node ${tags['mlops.node.version']}` : '',
    tags['mlops.python.version'] ? `Python ${tags['mlops.python.version']}` : '',
  ].filter(Boolean);
  const exitCode = tags['mlops.exit_code'];
  return {
    command,
    git: commit ? { commit, branch: tags['mlflow.source.git.branch'] ?? null, dirty: tags['mlops.git.dirty'] === 'true' } : null,
    data,
    models,
    parentRunId: tags['mlflow.parentRunId'] ?? null,
    environment,
    exit: exitCode !== undefined ? `exit code ${exitCode}${tags['mlops.signal'] ? ` (${tags['mlops.signal']})` : ''}` : null,
  };
}

/** Tags the page shows elsewhere (lineage) or that only the tools read. */
export function otherTags(tags: Record<string, string>): [string, string][] {
  const hidden = /^(mlflow\.source\.|mlflow\.runName$|mlflow\.parentRunId$|mlops\.data\.|mlops\.command$|mlops\.params$|mlops\.pid$|mlops\.exit_code$|mlops\.signal$|mlops\.git\.dirty$|mlops\.(node|python)\.version$)/;
  return Object.entries(tags)
    .filter(([key]) => !hidden.test(key))
    .sort(([a], [b]) => a.localeCompare(b));
}

export interface TreeNode {
  name: string;
  path: string;
  isDir: boolean;
  size?: number;
  children: TreeNode[];
}

/** The flat listing (depth first, '/'-separated) as a tree; folders first, then files, by name. */
export function artifactTree(files: RunArtifactEntry[]): TreeNode[] {
  const root: TreeNode = { name: '', path: '', isDir: true, children: [] };
  const dirs = new Map<string, TreeNode>([['', root]]);
  const dirOf = (path: string): TreeNode => {
    const found = dirs.get(path);
    if (found) return found;
    const cut = path.lastIndexOf('/');
    const node: TreeNode = { name: path.slice(cut + 1), path, isDir: true, children: [] };
    dirOf(cut < 0 ? '' : path.slice(0, cut)).children.push(node);
    dirs.set(path, node);
    return node;
  };
  for (const file of files) {
    if (file.is_dir) {
      dirOf(file.path);
      continue;
    }
    const cut = file.path.lastIndexOf('/');
    dirOf(cut < 0 ? '' : file.path.slice(0, cut)).children.push({ name: file.path.slice(cut + 1), path: file.path, isDir: false, ...(file.size !== undefined && { size: file.size }), children: [] });
  }
  const sort = (nodes: TreeNode[]): TreeNode[] => {
    nodes.sort((a, b) => Number(b.isDir) - Number(a.isDir) || a.name.localeCompare(b.name));
    for (const n of nodes) sort(n.children);
    return nodes;
  };
  return sort(root.children);
}
