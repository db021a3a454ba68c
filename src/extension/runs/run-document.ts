import * as vscode from 'vscode';
import type { RuntimeClient } from '../../shared/runtime-client';
import { formatDuration, formatValue, runDuration } from './run-format';
import type { WireRun } from './wire-types';

export const RUN_SCHEME = 'mlops-run';

interface ArtifactFile {
  path: string;
  is_dir: boolean;
  file_size?: number;
}

export function runUri(runId: string, name: string): vscode.Uri {
  return vscode.Uri.from({ scheme: RUN_SCHEME, path: `/${name.replace(/[/\\]/g, '_')}.md`, query: runId });
}

/** A run's details as a read-only Markdown document that follows the run while it trains. */
export class RunDocumentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly client: () => RuntimeClient | undefined) {}

  runChanged(runId: string): void {
    for (const doc of vscode.workspace.textDocuments) {
      if (doc.uri.scheme === RUN_SCHEME && doc.uri.query === runId) this.changed.fire(doc.uri);
    }
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const client = this.client();
    if (!client) return '# Run unavailable\n\nThe MLOps runtime is not running. Start it with *MLOps: Restart Runtime*.\n';
    const { run } = await client.request<{ run: WireRun }>('GET', `/api/2.0/mlflow/runs/get?run_id=${uri.query}`);
    const artifacts = await listArtifacts(client, run.info.run_id, '');
    return renderRun(run, artifacts);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

async function listArtifacts(client: RuntimeClient, runId: string, path: string, depth = 0): Promise<ArtifactFile[]> {
  const res = await client.request<{ files?: ArtifactFile[] }>('GET', `/api/2.0/mlflow/artifacts/list?run_id=${runId}${path ? `&path=${encodeURIComponent(path)}` : ''}`);
  const out: ArtifactFile[] = [];
  for (const f of res.files ?? []) {
    out.push(f);
    if (f.is_dir && depth < 3) out.push(...(await listArtifacts(client, runId, f.path, depth + 1)));
  }
  return out;
}

export function renderRun(run: WireRun, artifacts: ArtifactFile[]): string {
  const tags = Object.fromEntries((run.data.tags ?? []).map((t) => [t.key, t.value]));
  const duration = runDuration(run);
  const lines = [
    `# Run ${run.info.run_name}`,
    '',
    '| | |',
    '|---|---|',
    `| status | ${run.info.status}${run.info.lifecycle_stage === 'deleted' ? ' (deleted)' : ''} |`,
    `| run id | \`${run.info.run_id}\` |`,
    `| experiment | ${run.info.experiment_id} |`,
    `| started | ${run.info.start_time ? new Date(run.info.start_time).toLocaleString() : '—'} |`,
    `| duration | ${duration !== undefined ? formatDuration(duration) : '—'} |`,
    `| artifacts | \`${run.info.artifact_uri}\` |`,
    '',
    '## Lineage',
    '',
    `- command: \`${tags['mlflow.source.name'] ?? '—'}\``,
    `- git: ${tags['mlflow.source.git.commit'] ? `\`${tags['mlflow.source.git.commit'].slice(0, 12)}\` on ${tags['mlflow.source.git.branch'] ?? '?'}${tags['mlops.git.dirty'] === 'true' ? ' (uncommitted changes: see lineage/git.diff)' : ''}` : 'not a git repository'}`,
    ...Object.entries(tags)
      .filter(([k]) => k.startsWith('mlops.data.'))
      .map(([k, v]) => `- data: ${k.slice('mlops.data.'.length)} ${v.split(' ')[0]} (\`${(v.split(' ')[1] ?? '').slice(0, 8)}\`)`),
    ...(tags['mlops.python.version'] ? [`- Python ${tags['mlops.python.version']}`] : []),
    ...(tags['mlops.node.version'] ? [`- Node ${tags['mlops.node.version']}`] : []),
    ...(tags['mlops.exit_code'] !== undefined ? [`- exit code ${tags['mlops.exit_code']}${tags['mlops.signal'] ? ` (${tags['mlops.signal']})` : ''}`] : []),
    '',
    '## Params',
    '',
    ...((run.data.params ?? []).length ? ['| param | value |', '|---|---|', ...(run.data.params ?? []).map((p) => `| ${p.key} | ${p.value} |`)] : ['none']),
    '',
    '## Metrics',
    '',
    ...((run.data.metrics ?? []).length
      ? ['| metric | latest | step |', '|---|---|---|', ...(run.data.metrics ?? []).map((m) => `| ${m.key} | ${formatValue(m.value)} | ${m.step} |`)]
      : ['none']),
    '',
    '## Tags',
    '',
    ...Object.entries(tags)
      .filter(([k]) => !k.startsWith('mlflow.source') && !k.startsWith('mlops.data.') && k !== 'mlops.command')
      .map(([k, v]) => `- ${k}: ${v}`),
    '',
    '## Artifacts',
    '',
    ...(artifacts.length ? artifacts.map((f) => `- ${f.path}${f.is_dir ? '/' : ` (${f.file_size ?? 0} bytes)`}`) : ['none']),
    '',
  ];
  return lines.join('\n');
}
