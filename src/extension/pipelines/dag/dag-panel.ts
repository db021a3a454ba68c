import * as vscode from 'vscode';
import type { DagFromWebview, DagToWebview } from '../../../shared/webview/dag-messages';
import { parseDagFromWebview } from '../../../shared/webview/dag-messages';
import type { MlopsContext } from '../../ctx';
import { failureReason } from '../../failure-reporting';
import { webviewHtml, webviewOptions } from '../../webview/webview-html';
import type { PipelineChange, PipelineState } from '../pipeline-state';
import { openParamsFile, openStageDefinition, openStageRun, revealDataVersions } from './dag-actions';
import type { SentGraph } from './dag-updates';
import { dagUpdate, stateChange } from './dag-updates';

export const DAG_VIEW_TYPE = 'mlops.dag';
const NOT_RUNNING = 'The MLOps runtime is not running. Start it with MLOps: Restart Runtime.';

/**
 * The one pipeline DAG panel. It sends the page the whole graph once (and again only when the
 * graph's shape changes), then only the stages whose state changed, as PipelineState reports them.
 */
export class DagPanel implements vscode.Disposable {
  private static current: DagPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  /** What the page holds; undefined until it said ready (a hidden page is rebuilt and says ready again). */
  private sent: SentGraph | undefined;
  private ready = false;
  private sentRunning = false;
  /** The stage the panel was opened from, marked on the page. */
  private focus: string | undefined;

  static show(ctx: MlopsContext, state: PipelineState, focus?: string): DagPanel {
    const open = DagPanel.current ?? new DagPanel(ctx, state, vscode.window.createWebviewPanel(DAG_VIEW_TYPE, 'Pipeline DAG', vscode.ViewColumn.Active, webviewOptions(ctx.extensionUri)));
    DagPanel.current = open;
    open.focus = focus;
    open.panel.reveal();
    if (open.ready && focus) open.post({ type: 'focus', id: focus });
    return open;
  }

  private constructor(
    private readonly ctx: MlopsContext,
    private readonly state: PipelineState,
    readonly panel: vscode.WebviewPanel,
  ) {
    panel.iconPath = vscode.Uri.joinPath(ctx.extensionUri, 'media', 'mlops.svg');
    panel.webview.html = webviewHtml(panel.webview, ctx.extensionUri, 'dag', 'Pipeline DAG');
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((raw) => this.receive(raw)),
      state.onDidChange((change) => this.changed(change)),
    );
  }

  private post(message: DagToWebview): void {
    void this.panel.webview.postMessage(message);
  }

  private receive(raw: unknown): void {
    const message = parseDagFromWebview(raw);
    if (!message) return this.ctx.log.warn(`pipeline DAG: ignored a malformed message ${JSON.stringify(raw)?.slice(0, 200)}`);
    if (message.type === 'ready' || message.type === 'retry') return void this.start(message.type === 'retry');
    void this.act(message).catch((error: unknown) => {
      const text = failureReason(error);
      this.ctx.log.error(`pipeline DAG: ${message.type}: ${text}`);
      void vscode.window.showErrorMessage(text);
    });
  }

  private async act(message: Exclude<DagFromWebview, { type: 'ready' | 'retry' }>): Promise<void> {
    if (message.type === 'revealData') return revealDataVersions(this.ctx, message.path);
    if (message.type === 'openParams') return openParamsFile(this.ctx, message.file);
    const stage = this.state.stage(message.id);
    if (!stage) throw new Error(`Stage '${message.id}' is not in the pipelines any more; the graph reloads.`);
    return message.type === 'openRun' ? openStageRun(stage) : openStageDefinition(this.ctx, stage);
  }

  /** A new page: the graph as it is, loaded first when nothing is yet (or on Retry). */
  private async start(reload: boolean): Promise<void> {
    this.ready = true;
    this.sent = undefined;
    if (!reload && this.state.hasLoaded()) return this.sync();
    if (!this.ctx.runtimeClient()) return this.post({ type: 'error', message: NOT_RUNNING });
    this.post({ type: 'loading' });
    try {
      await this.state.refresh();
    } catch (error) {
      this.post({ type: 'error', message: failureReason(error) });
      return;
    }
    this.sync();
  }

  private changed(change: PipelineChange): void {
    if (!this.ready) return;
    if (change.kind === 'stage' && this.sent?.states.has(change.stage.id)) {
      const update = stateChange(change.stage);
      this.sent.states.set(update.id, JSON.stringify(update));
      this.sentRunning = this.state.running();
      this.post({ type: 'states', changes: [update], running: this.sentRunning });
      return;
    }
    this.sync();
  }

  /** Sends the page what differs from what it holds. */
  private sync(): void {
    if (!this.state.hasLoaded()) {
      this.sent = undefined;
      return this.post(this.ctx.runtimeClient() ? { type: 'loading' } : { type: 'error', message: NOT_RUNNING });
    }
    const problem = this.state.error();
    if (problem) {
      this.sent = undefined;
      return this.post({ type: 'error', message: `The pipelines could not be read: ${problem}` });
    }
    const pipelines = this.state.pipelines();
    const update = dagUpdate(this.sent, pipelines);
    const running = this.state.running();
    if (update.kind === 'states' && update.changes.length === 0 && running === this.sentRunning) return;
    this.sent = update.sent;
    this.sentRunning = running;
    if (update.kind === 'graph') {
      this.post({ type: 'graph', pipelines: structuredClone([...pipelines]), running });
      if (this.focus) this.post({ type: 'focus', id: this.focus });
    } else {
      this.post({ type: 'states', changes: update.changes, running });
    }
  }

  dispose(): void {
    if (DagPanel.current === this) DagPanel.current = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}
