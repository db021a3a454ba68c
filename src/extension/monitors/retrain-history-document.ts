import * as vscode from 'vscode';
import type { RuntimeClient } from '../../shared/runtime-client';
import type { MonitorList } from './monitor-list';
import { retrainHistoryMarkdown } from './retrain-format';
import { call, RETRAIN_LIST } from '../../shared/contract';

export const RETRAIN_SCHEME = 'mlops-retrain';

/** `mlops-retrain:/<monitor> retraining.md?monitor=…` */
export function retrainHistoryUri(monitor: string): vscode.Uri {
  return vscode.Uri.from({ scheme: RETRAIN_SCHEME, path: `/${monitor.replace(/[/\\]/g, '_')} retraining.md`, query: new URLSearchParams({ monitor }).toString() });
}

/** A monitor's retraining history as read-only Markdown, refreshed when one of its triggers moves on. */
export class RetrainHistoryDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly client: () => RuntimeClient | undefined,
    private readonly monitors: MonitorList,
  ) {}

  monitorChanged(monitor: string): void {
    for (const doc of vscode.workspace.textDocuments) {
      if (doc.uri.scheme === RETRAIN_SCHEME && new URLSearchParams(doc.uri.query).get('monitor') === monitor) this.changed.fire(doc.uri);
    }
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const client = this.client();
    if (!client) return '# Retraining history unavailable\n\nThe MLOps runtime is not running. Start it with *MLOps: Restart Runtime*.\n';
    const monitor = new URLSearchParams(uri.query).get('monitor') ?? '';
    const [{ triggers }, summary] = await Promise.all([call(client, RETRAIN_LIST, { monitor }), this.monitors.find(monitor)]);
    return retrainHistoryMarkdown(monitor, summary?.model, triggers);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
