import * as vscode from 'vscode';
import type { RuntimeClient } from '../../shared/runtime-client';
import { lineageMarkdown, modelCardMarkdown, versionsComparisonMarkdown } from './model-format';
import { fetchVersionRun } from './version-runs';
import { call, MODEL_VERSIONS_GET } from '../../shared/contract';

export const MODEL_SCHEME = 'mlops-model';

export type ModelDocumentKind = 'card' | 'lineage' | 'compare';

/** `mlops-model:/<name> v3 card.md?kind=card&name=…&versions=3` */
export function modelDocumentUri(kind: ModelDocumentKind, name: string, versions: string[]): vscode.Uri {
  const query = new URLSearchParams({ kind, name, versions: versions.join(',') }).toString();
  return vscode.Uri.from({ scheme: MODEL_SCHEME, path: `/${name.replace(/[/\\]/g, '_')} ${kind === 'compare' ? 'versions' : `v${versions[0]}`} ${kind}.md`, query });
}

/** Model cards, lineage and version comparisons as read-only Markdown, refreshed when models change. */
export class ModelDocumentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly client: () => RuntimeClient | undefined) {}

  modelChanged(name: string): void {
    for (const doc of vscode.workspace.textDocuments) {
      if (doc.uri.scheme === MODEL_SCHEME && new URLSearchParams(doc.uri.query).get('name') === name) this.changed.fire(doc.uri);
    }
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const client = this.client();
    if (!client) return '# Model unavailable\n\nThe MLOps runtime is not running. Start it with *MLOps: Restart Runtime*.\n';
    const query = new URLSearchParams(uri.query);
    const name = query.get('name') ?? '';
    const versions = await Promise.all(
      (query.get('versions') ?? '').split(',').filter(Boolean).map(async (version) =>
        (await call(client, MODEL_VERSIONS_GET, { name, version })).model_version,
      ),
    );
    const kind = query.get('kind') as ModelDocumentKind;
    if (kind === 'compare') return versionsComparisonMarkdown(versions);
    const version = versions[0]!;
    const run = version.run_id ? await fetchVersionRun(client, version.run_id) : undefined;
    return kind === 'lineage' ? lineageMarkdown(version, run) : modelCardMarkdown(version, run);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
