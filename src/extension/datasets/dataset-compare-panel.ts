import * as vscode from 'vscode';
import type { DataCompareToWebview } from '../../shared/webview/data-compare-messages';
import { parseDataCompareFromWebview } from '../../shared/webview/data-compare-messages';
import type { MlopsContext } from '../ctx';
import { logRejection } from '../failure-reporting';
import { webviewHtml, webviewOptions } from '../webview/webview-html';
import { call, DATA_COMPARE } from '../../shared/contract';

/** Two versions of a dataset side by side; one panel, reused for the next comparison. */
export class DatasetComparePanel implements vscode.Disposable {
  private static current: DatasetComparePanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  static show(ctx: MlopsContext, path: string, from: number, to: number): void {
    if (DatasetComparePanel.current) {
      DatasetComparePanel.current.target = { path, from, to };
      DatasetComparePanel.current.panel.reveal();
      logRejection(ctx.log, 'dataset compare', DatasetComparePanel.current.load());
      return;
    }
    const panel = vscode.window.createWebviewPanel('mlops.datasetCompare', 'Compare Versions', vscode.ViewColumn.Active, webviewOptions(ctx.extensionUri));
    DatasetComparePanel.current = new DatasetComparePanel(ctx, panel, { path, from, to });
  }

  private constructor(
    private readonly ctx: MlopsContext,
    private readonly panel: vscode.WebviewPanel,
    private target: { path: string; from: number; to: number },
  ) {
    panel.iconPath = vscode.Uri.joinPath(ctx.extensionUri, 'media', 'mlops.svg');
    panel.webview.html = webviewHtml(panel.webview, ctx.extensionUri, 'dataset-compare', 'Compare Versions');
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((raw) => {
        const message = parseDataCompareFromWebview(raw);
        if (!message) return this.ctx.log.warn(`dataset compare: ignored a malformed message ${JSON.stringify(raw)?.slice(0, 200)}`);
        if (message.type === 'swap') this.target = { ...this.target, from: this.target.to, to: this.target.from };
        logRejection(this.ctx.log, 'dataset compare', this.load());
      }),
    );
  }

  private post(message: DataCompareToWebview): void {
    void this.panel.webview.postMessage(message);
  }

  private async load(): Promise<void> {
    const { path, from, to } = this.target;
    this.panel.title = `${path.split('/').pop()}: v${from} ↔ v${to}`;
    const client = this.ctx.runtimeClient();
    if (!client) return this.post({ type: 'error', message: 'The MLOps runtime is not running. Start it with MLOps: Restart Runtime.' });
    this.post({ type: 'loading', label: `Comparing ${path} v${from} and v${to}…` });
    try {
      const comparison = await call(client, DATA_COMPARE, { path, from: String(from), to: String(to) });
      this.post({ type: 'data', comparison });
    } catch (error) {
      this.post({ type: 'error', message: (error as Error).message });
    }
  }

  dispose(): void {
    if (DatasetComparePanel.current === this) DatasetComparePanel.current = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}
