import * as vscode from 'vscode';
import type { CompareViewState, ToWebview } from '../../shared/webview/compare-messages';
import { defaultViewState, parseFromWebview } from '../../shared/webview/compare-messages';
import type { MlopsContext } from '../ctx';
import { failureReason, logRejection } from '../failure-reporting';
import { CoalescedRefresh } from '../webview/coalesced-refresh';
import { LiveBatch } from './live-batch';
import { webviewHtml, webviewOptions, webviewRoot } from '../webview/webview-html';
import { call, COMPARE } from '../../shared/contract';
import type { CompareResponse } from '../../shared/compare';

/** What a compare request came back with: the data, or why there is none. */
type Outcome = { data: CompareResponse } | { error: string };

/** A request under way, for the state it was made with (its runs, x axis and directions). */
interface Pending {
  key: string;
  ticket: number;
  outcome: Promise<Outcome>;
}

const requestKey = (s: CompareViewState): string => JSON.stringify([s.runIds, s.xAxis, s.directions]);

export const COMPARE_VIEW_TYPE = 'mlops.compare';
/** Points per series the runtime downsamples to: about two per horizontal pixel of a chart. */
const POINTS_PER_SERIES = 1000;
/** New points of training runs reach the page in one message per this window. */
const LIVE_POST_MS = 250;
/** After missed events (a reconnect past the runtime's event log) the panel reloads once. */
const GAP_REFRESH_MS = 1000;

/**
 * The one compare panel: asks the runtime for the compared runs (series already downsampled),
 * hands them to the webview, and follows runs that are still training by posting only their new
 * points (from `run.metrics` events), never the whole comparison again.
 */
export class ComparePanel implements vscode.Disposable {
  private static current: ComparePanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private state: CompareViewState;
  private readonly gapRefresh = new CoalescedRefresh(GAP_REFRESH_MS, () => logRejection(this.ctx.log, 'compare panel: reloading', this.fetch()));
  private readonly live = new LiveBatch(LIVE_POST_MS, (runId) => this.state.runIds.includes(runId), (update) => this.post({ type: 'live', update }));
  private fetching = 0;
  /** The request a new panel starts at once, while its page is still loading; taken by the page's 'ready'. */
  private early: Pending | undefined;

  static show(ctx: MlopsContext, runIds: string[], focus: CompareViewState['focus'] = null): ComparePanel {
    const state = { ...(ComparePanel.current?.state ?? defaultViewState(runIds)), runIds, focus };
    if (ComparePanel.current) {
      ComparePanel.current.state = state;
      ComparePanel.current.panel.reveal();
      logRejection(ctx.log, 'compare panel: reloading', ComparePanel.current.fetch());
      return ComparePanel.current;
    }
    const panel = vscode.window.createWebviewPanel(COMPARE_VIEW_TYPE, 'Compare Runs', vscode.ViewColumn.Active, webviewOptions(ctx.extensionUri));
    ComparePanel.current = new ComparePanel(ctx, panel, state);
    ComparePanel.current.early = ComparePanel.current.request();
    return ComparePanel.current;
  }

  /** After a reload VS Code hands back the panel and the state the webview saved. */
  static revive(ctx: MlopsContext, panel: vscode.WebviewPanel, state: CompareViewState | undefined): void {
    ComparePanel.current?.dispose();
    panel.webview.options = webviewOptions(ctx.extensionUri);
    ComparePanel.current = new ComparePanel(ctx, panel, state ?? defaultViewState([]));
  }

  static get active(): ComparePanel | undefined {
    return ComparePanel.current;
  }

  private constructor(
    private readonly ctx: MlopsContext,
    readonly panel: vscode.WebviewPanel,
    state: CompareViewState,
  ) {
    this.state = state;
    panel.iconPath = vscode.Uri.joinPath(ctx.extensionUri, 'media', 'mlops.svg');
    panel.webview.html = withChartBundle(webviewHtml(panel.webview, ctx.extensionUri, 'compare-runs', 'Compare Runs'), panel.webview, ctx.extensionUri);
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((raw) => this.receive(raw)),
      ctx.onRuntimeEvent((event) => {
        // A hidden page is discarded (no retained context) and loads everything when shown again.
        if (!this.panel.visible) return;
        if (event.type !== 'events.gap') { this.live.add(event); return; }
        this.ctx.log.info(`compare panel: missed runtime events ${event.data.since + 1}…${event.data.oldest - 1}; reloading the comparison`);
        this.gapRefresh.schedule();
      }),
    );
  }

  get viewState(): CompareViewState {
    return this.state;
  }

  private receive(raw: unknown): void {
    const message = parseFromWebview(raw);
    if (!message) {
      this.ctx.log.warn(`compare panel: ignored a malformed message ${JSON.stringify(raw)?.slice(0, 200)}`);
      return;
    }
    switch (message.type) {
      case 'ready':
        // A fresh page keeps the runs the extension chose; a restored one brings its own state.
        if (message.state && (this.state.runIds.length === 0 || message.state.runIds.join() === this.state.runIds.join())) this.state = { ...message.state, focus: this.state.focus ?? message.state.focus };
        logRejection(this.ctx.log, 'compare panel: reloading', this.fetch());
        break;
      case 'fetch':
        this.state = message.state;
        logRejection(this.ctx.log, 'compare panel: reloading', this.fetch());
        break;
      case 'export':
        this.export(message.format, message.name, message.content).catch((error: unknown) => {
          const text = `Exporting ${message.name} failed: ${failureReason(error)}`;
          this.ctx.log.error(`compare panel: ${text}`);
          logRejection(this.ctx.log, 'compare panel: showing an error', vscode.window.showErrorMessage(text));
        });
        break;
      case 'openRun':
        logRejection(this.ctx.log, `compare panel: opening run ${message.runId}`, this.openRun(message.runId));
        break;
    }
  }

  private post(message: ToWebview): void {
    logRejection(this.ctx.log, 'compare panel: posting to the webview', this.panel.webview.postMessage(message));
  }

  /** Shows the comparison for the current state: the early request when it asked for the same, else a new one. */
  async fetch(): Promise<void> {
    const early = this.early;
    this.early = undefined;
    const pending = early && early.key === requestKey(this.state) ? early : this.request();
    this.post({ type: 'loading' });
    const outcome = await pending.outcome;
    if (pending.ticket !== this.fetching) return;
    if ('error' in outcome) return this.post({ type: 'error', message: outcome.error });
    const { data } = outcome;
    this.panel.title = `Compare ${data.runs.length} Runs`;
    this.post({ type: 'data', data, state: this.state });
    if (data.runs.some((r) => r.status === 'RUNNING')) this.ctx.log.debug(`compare panel: following ${data.runs.filter((r) => r.status === 'RUNNING').length} live runs`);
  }

  /** Starts a request for the current state; a later one makes it stale. */
  private request(): Pending {
    const state = this.state;
    this.live.clear();
    return { key: requestKey(state), ticket: ++this.fetching, outcome: this.load(state) };
  }

  private async load(state: CompareViewState): Promise<Outcome> {
    const client = this.ctx.runtimeClient();
    if (!client) return { error: 'The MLOps runtime is not running. Start it with MLOps: Restart Runtime.' };
    if (state.runIds.length < 2) return { error: 'Select two or more runs in the Runs view, then choose Compare Runs.' };
    try {
      return { data: await call(client, COMPARE, { run_ids: state.runIds, x_axis: state.xAxis, points: POINTS_PER_SERIES, directions: state.directions }) };
    } catch (error) {
      return { error: (error as Error).message };
    }
  }

  private async export(format: 'csv' | 'png', name: string, content: string): Promise<void> {
    const folder = this.ctx.folder ? vscode.Uri.file(this.ctx.folder) : undefined;
    const safeName = name.replace(/[^\w.-]+/g, '_');
    const target = await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, safeName) : undefined,
      filters: format === 'csv' ? { CSV: ['csv'] } : { PNG: ['png'] },
      title: `Export ${name}`,
    });
    if (!target) return;
    const bytes = format === 'csv' ? new TextEncoder().encode(content) : Buffer.from(content.replace(/^data:image\/png;base64,/, ''), 'base64');
    await vscode.workspace.fs.writeFile(target, bytes);
    this.post({ type: 'exported', path: target.fsPath });
  }

  private async openRun(runId: string): Promise<void> {
    await vscode.commands.executeCommand('mlops.openRun', runId);
  }

  dispose(): void {
    if (ComparePanel.current === this) ComparePanel.current = undefined;
    this.gapRefresh.dispose();
    this.live.clear();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}

/**
 * The page with its chart bundle (webview-ui/compare-runs/charts-loader.ts) fetched from the
 * start, beside the page's own script and under its nonce; the page draws its tables without it.
 */
function withChartBundle(html: string, webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const nonce = /<script nonce="([^"]+)"/.exec(html)?.[1];
  if (!nonce) return html;
  const src = webview.asWebviewUri(vscode.Uri.joinPath(webviewRoot(extensionUri), 'compare-runs-charts.js')).toString();
  return html.replace('<script nonce=', `<script nonce="${nonce}" src="${src}" async></script>\n<script nonce=`);
}
