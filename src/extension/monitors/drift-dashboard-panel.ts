import * as vscode from 'vscode';
import type { RuntimeClient } from '../../shared/runtime-client';
import type { DriftDashboardData, DriftToWebview, DriftViewState } from '../../shared/webview/drift-messages';
import { parseDriftFromWebview } from '../../shared/webview/drift-messages';
import type { MlopsContext } from '../ctx';
import { logRejection } from '../failure-reporting';
import { webviewHtml, webviewOptions } from '../webview/webview-html';
import { addLabelsFromFile } from './drift-dashboard-labels';
import { resultSummary } from './monitor-format';
import { call, ALERTS_LIST, MONITORS_LIST, MONITORS_RESULTS, MONITORS_RUN } from '../../shared/contract';

export const DRIFT_DASHBOARD_VIEW_TYPE = 'mlops.driftDashboard';
/** Results drawn on the timelines: newest first from the runtime. */
const RESULTS_LIMIT = 200;
const ALERTS_LIMIT = 1000;
/** Events of one run (result, then its alerts) arrive together; one refresh answers them all. */
const EVENT_REFRESH_MS = 300;

/**
 * The drift dashboard of one monitor; one panel per monitor. Asks the runtime for the monitor's
 * results and alerts, hands them to the webview, and refreshes on that monitor's events.
 */
export class DriftDashboardPanel implements vscode.Disposable {
  private static readonly panels = new Map<string, DriftDashboardPanel>();
  private readonly disposables: vscode.Disposable[] = [];
  readonly monitor: string;
  private feature: string | null;
  private fetching = 0;
  private running = false;
  private refreshTimer: NodeJS.Timeout | undefined;

  static show(ctx: MlopsContext, monitor: string): DriftDashboardPanel {
    const open = DriftDashboardPanel.panels.get(monitor);
    if (open) {
      open.panel.reveal();
      return open;
    }
    const panel = vscode.window.createWebviewPanel(DRIFT_DASHBOARD_VIEW_TYPE, `Drift: ${monitor}`, vscode.ViewColumn.Active, webviewOptions(ctx.extensionUri));
    return new DriftDashboardPanel(ctx, panel, { monitor, feature: null });
  }

  /** After a reload VS Code hands back the panel and the state its page saved. */
  static revive(ctx: MlopsContext, panel: vscode.WebviewPanel, state: DriftViewState | undefined): void {
    if (!state) {
      ctx.log.warn('drift dashboard: a restored panel had no monitor to show; closed it');
      panel.dispose();
      return;
    }
    DriftDashboardPanel.panels.get(state.monitor)?.dispose();
    panel.webview.options = webviewOptions(ctx.extensionUri);
    new DriftDashboardPanel(ctx, panel, state);
  }

  static disposeAll(): void {
    for (const panel of [...DriftDashboardPanel.panels.values()]) panel.dispose();
  }

  private constructor(
    private readonly ctx: MlopsContext,
    readonly panel: vscode.WebviewPanel,
    state: DriftViewState,
  ) {
    this.monitor = state.monitor;
    this.feature = state.feature;
    DriftDashboardPanel.panels.set(this.monitor, this);
    panel.title = `Drift: ${this.monitor}`;
    panel.iconPath = vscode.Uri.joinPath(ctx.extensionUri, 'media', 'mlops.svg');
    panel.webview.html = webviewHtml(panel.webview, ctx.extensionUri, 'drift-dashboard', `Drift: ${this.monitor}`);
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((raw) => this.receive(raw)),
      ctx.onRuntimeEvent((event) => {
        if ((event.type === 'monitor.result' && event.data.monitor === this.monitor) || (event.type === 'monitor.alert' && event.data.alert.monitor === this.monitor)) this.scheduleRefresh();
      }),
    );
  }

  private get state(): DriftViewState {
    return { monitor: this.monitor, feature: this.feature };
  }

  private receive(raw: unknown): void {
    const message = parseDriftFromWebview(raw);
    if (!message) {
      this.ctx.log.warn(`drift dashboard: ignored a malformed message ${JSON.stringify(raw)?.slice(0, 200)}`);
      return;
    }
    switch (message.type) {
      case 'ready':
        if (message.state?.monitor === this.monitor) this.feature = message.state.feature;
        logRejection(this.ctx.log, 'drift dashboard', this.fetch());
        break;
      case 'refresh':
        logRejection(this.ctx.log, 'drift dashboard', this.fetch());
        break;
      case 'runNow':
        logRejection(this.ctx.log, 'drift dashboard: run now', this.runNow());
        break;
      case 'addLabels':
        logRejection(this.ctx.log, 'drift dashboard: add labels', this.addLabels());
        break;
    }
  }

  /** Add Labels… from a file; errors are shown, not thrown (the page asked, nobody awaits). */
  private async addLabels(): Promise<void> {
    const client = this.ctx.runtimeClient();
    if (!client) return void vscode.window.showErrorMessage('The MLOps runtime is not running. Start it with MLOps: Restart Runtime.');
    try {
      if ((await addLabelsFromFile(client, this.monitor, this.ctx.folder)) !== undefined) await this.runNow();
    } catch (error) {
      const message = `Adding labels to ${this.monitor} failed: ${(error as Error).message}`;
      this.ctx.log.error(`drift dashboard: ${message}`);
      void vscode.window.showErrorMessage(message);
    }
  }

  private post(message: DriftToWebview): void {
    void this.panel.webview.postMessage(message);
  }

  async fetch(): Promise<void> {
    const client = this.ctx.runtimeClient();
    if (!client) return this.post({ type: 'error', message: 'The MLOps runtime is not running. Start it with MLOps: Restart Runtime.', state: this.state });
    const ticket = ++this.fetching;
    this.post({ type: 'loading', state: this.state });
    try {
      const data = await this.load(client);
      if (ticket === this.fetching) this.post({ type: 'data', data, state: this.state });
    } catch (error) {
      if (ticket === this.fetching) this.post({ type: 'error', message: (error as Error).message, state: this.state });
    }
  }

  private async load(client: RuntimeClient): Promise<DriftDashboardData> {
    const [{ monitors = [] }, { results = [] }] = await Promise.all([
      call(client, MONITORS_LIST),
      call(client, MONITORS_RESULTS, { name: this.monitor, limit: RESULTS_LIMIT }),
    ]);
    const since = results.reduce((oldest, r) => Math.min(oldest, r.time), Infinity);
    // Results carry the alerts they fired; the alert list adds any stored apart from them.
    const alerts = Number.isFinite(since)
      ? await call(client, ALERTS_LIST, { since, limit: ALERTS_LIMIT })
          .then(({ alerts = [] }) => alerts.filter((a) => a.monitor === this.monitor))
          .catch((error: Error) => {
            this.ctx.log.warn(`drift dashboard: GET /api/alerts failed (${error.message}); showing the alerts stored with the results`);
            return [];
          })
      : [];
    return { summary: monitors.find((m) => m.name === this.monitor) ?? null, results, alerts };
  }

  private scheduleRefresh(): void {
    // A hidden page is discarded (no retained context) and asks again when shown.
    if (this.refreshTimer || !this.panel.visible) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      logRejection(this.ctx.log, 'drift dashboard', this.fetch());
    }, EVENT_REFRESH_MS);
  }

  private async runNow(): Promise<void> {
    if (this.running) return;
    const client = this.ctx.runtimeClient();
    if (!client) return this.post({ type: 'run', phase: 'failed', message: 'The MLOps runtime is not running. Start it with MLOps: Restart Runtime.' });
    this.running = true;
    this.post({ type: 'run', phase: 'started', message: `Running ${this.monitor}…` });
    try {
      const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Running monitor ${this.monitor}…` }, () =>
        call(client, MONITORS_RUN, { name: this.monitor }),
      );
      this.post({ type: 'run', phase: 'finished', message: `Ran ${this.monitor}: ${resultSummary(result)}.` });
    } catch (error) {
      const message = `Running ${this.monitor} failed: ${(error as Error).message}`;
      this.ctx.log.error(`drift dashboard: ${message}`);
      this.post({ type: 'run', phase: 'failed', message });
    } finally {
      this.running = false;
    }
    await this.fetch();
  }

  dispose(): void {
    if (DriftDashboardPanel.panels.get(this.monitor) === this) DriftDashboardPanel.panels.delete(this.monitor);
    clearTimeout(this.refreshTimer);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}
