import * as vscode from 'vscode';
import type { RunPageResponse } from '../../../shared/run-page';
import type { RuntimeClient } from '../../../shared/runtime-client';
import type { RunPageData, RunPageFromWebview, RunPageToWebview, RunPageViewState } from '../../../shared/webview/run-page-messages';
import { parseRunPageFromWebview } from '../../../shared/webview/run-page-messages';
import type { MlopsContext } from '../../ctx';
import { logRejection } from '../../failure-reporting';
import { CoalescedRefresh } from '../../webview/coalesced-refresh';
import { LiveBatch } from '../../compare/live-batch';
import { webviewHtml, webviewOptions } from '../../webview/webview-html';
import { openArtifact, revealArtifact, revealDatasetVersion, revealModelVersion } from './run-page-actions';
import { call, ARTIFACTS_PREVIEW, MODEL_VERSIONS_SEARCH, RUNS_PAGE } from '../../../shared/contract';

export const RUN_PAGE_VIEW_TYPE = 'mlops.runPage';
/** A model registered from the run, or missed events, make one refresh per this window. */
const LIVE_REFRESH_MS = 1000;
/** New points of the run reach the page in one message per this window. */
const LIVE_POST_MS = 250;
/** Artifacts raise no event: while the run trains, its tree is re-read this often. */
const ARTIFACT_POLL_MS = 5000;

/**
 * The page of one run (one panel per run): status, lineage, params, a chart per metric, and an
 * artifact browser with previews. Follows the run while it trains: new points and status come from
 * runtime events and are posted alone; only artifacts (which raise no event) are re-read.
 */
export class RunPagePanel implements vscode.Disposable {
  private static readonly panels = new Map<string, RunPagePanel>();
  private readonly disposables: vscode.Disposable[] = [];
  private selected: string | null;
  private page: RunPageResponse | undefined;
  private fetching = 0;
  private readonly liveRefresh = new CoalescedRefresh(LIVE_REFRESH_MS, () => logRejection(this.ctx.log, 'run page: reloading', this.fetch()));
  private readonly live = new LiveBatch(LIVE_POST_MS, (runId) => runId === this.runId, (update) => this.post({ type: 'live', update }));
  private pollTimer: NodeJS.Timeout | undefined;

  static show(ctx: MlopsContext, runId: string, name?: string): RunPagePanel {
    const open = RunPagePanel.panels.get(runId);
    if (open) {
      open.panel.reveal();
      logRejection(ctx.log, 'run page: reloading', open.fetch());
      return open;
    }
    const panel = vscode.window.createWebviewPanel(RUN_PAGE_VIEW_TYPE, title(name ?? runId.slice(0, 8)), vscode.ViewColumn.Active, webviewOptions(ctx.extensionUri));
    return new RunPagePanel(ctx, panel, { runId, selected: null });
  }

  /** After a reload VS Code hands back the panel and the state its page saved. */
  static revive(ctx: MlopsContext, panel: vscode.WebviewPanel, state: RunPageViewState | undefined): void {
    if (!state) {
      ctx.log.warn('run page: a restored panel had no run to show; closed it');
      panel.dispose();
      return;
    }
    RunPagePanel.panels.get(state.runId)?.dispose();
    panel.webview.options = webviewOptions(ctx.extensionUri);
    new RunPagePanel(ctx, panel, state);
  }

  static disposeAll(): void {
    for (const panel of [...RunPagePanel.panels.values()]) panel.dispose();
  }

  readonly runId: string;

  private constructor(
    private readonly ctx: MlopsContext,
    readonly panel: vscode.WebviewPanel,
    state: RunPageViewState,
  ) {
    this.runId = state.runId;
    this.selected = state.selected;
    RunPagePanel.panels.set(this.runId, this);
    panel.iconPath = vscode.Uri.joinPath(ctx.extensionUri, 'media', 'mlops.svg');
    panel.webview.html = webviewHtml(panel.webview, ctx.extensionUri, 'run-page', panel.title);
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((raw) => logRejection(this.ctx.log, 'run page: handling a message', this.receive(raw))),
      panel.onDidChangeViewState(() => this.schedulePoll()),
      ctx.onRuntimeEvent((event) => {
        // A hidden page is discarded (no retained context) and loads everything when shown again.
        if (!this.panel.visible || !this.page) return;
        // When the run ends, one reload shows the artifacts it wrote last.
        if (event.type === 'run.changed' && event.data.runId === this.runId && event.data.status && event.data.status !== 'RUNNING') this.liveRefresh.schedule();
        if (this.live.add(event)) return;
        if (event.type === 'model.changed') this.liveRefresh.schedule();
        if (event.type === 'events.gap') {
          this.ctx.log.info(`run page: missed runtime events ${event.data.since + 1}…${event.data.oldest - 1}; reloading run ${this.runId}`);
          this.liveRefresh.schedule();
        }
      }),
      ctx.onRuntimeState((state) => { if (state.kind === 'ready') logRejection(this.ctx.log, 'run page: reloading', this.fetch()); }),
    );
  }

  private get state(): RunPageViewState {
    return { runId: this.runId, selected: this.selected };
  }

  private async receive(raw: unknown): Promise<void> {
    const message = parseRunPageFromWebview(raw);
    if (!message) {
      this.ctx.log.warn(`run page: ignored a malformed message ${JSON.stringify(raw)?.slice(0, 200)}`);
      return;
    }
    try {
      await this.handle(message);
    } catch (error) {
      const text = (error as Error).message;
      this.ctx.log.error(`run page: ${message.type}: ${text}`);
      logRejection(this.ctx.log, 'run page: showing an error', vscode.window.showErrorMessage(text));
    }
  }

  private async handle(message: RunPageFromWebview): Promise<void> {
    switch (message.type) {
      case 'ready':
        if (message.state?.runId === this.runId) this.selected = message.state.selected;
        await this.fetch();
        if (this.selected) await this.preview(this.selected);
        return;
      case 'refresh':
        return this.fetch();
      case 'preview':
        this.selected = message.path;
        return this.preview(message.path);
      case 'openArtifact':
        return openArtifact(this.artifactDir(), message.path);
      case 'revealArtifact':
        return revealArtifact(this.artifactDir(), message.path);
      case 'revealDataset':
        return revealDatasetVersion(this.ctx, message.path, message.version);
      case 'revealModel':
        return revealModelVersion(this.ctx, message.name, message.version);
      case 'openRun':
        RunPagePanel.show(this.ctx, message.runId);
        return;
      case 'copy':
        await vscode.env.clipboard.writeText(message.text);
        vscode.window.setStatusBarMessage(`Copied ${message.text}`, 3000);
        return;
    }
  }

  private artifactDir(): string {
    if (!this.page) throw new Error('The run page has not loaded yet; wait a moment and try again.');
    return this.page.artifacts.dir;
  }

  private post(message: RunPageToWebview): void {
    logRejection(this.ctx.log, 'run page: posting to the webview', this.panel.webview.postMessage(message));
  }

  async fetch(): Promise<void> {
    const client = this.ctx.runtimeClient();
    if (!client) return this.post({ type: 'error', message: 'The MLOps runtime is not running. Start it with MLOps: Restart Runtime.', state: this.state });
    const ticket = ++this.fetching;
    this.live.clear();
    if (!this.page) this.post({ type: 'loading', state: this.state });
    try {
      const data = await load(client, this.runId);
      if (ticket !== this.fetching) return;
      this.page = data.page;
      this.panel.title = title(data.page.run.run_name || this.runId.slice(0, 8));
      this.post({ type: 'data', data, state: this.state });
      this.schedulePoll();
    } catch (error) {
      if (ticket === this.fetching) this.post({ type: 'error', message: (error as Error).message, state: this.state });
    }
  }

  private async preview(path: string): Promise<void> {
    try {
      const preview = await call(this.ctx.requireClient(), ARTIFACTS_PREVIEW, { run_id: this.runId, path });
      this.post({ type: 'preview', preview });
    } catch (error) {
      this.post({ type: 'previewError', path, message: (error as Error).message });
    }
  }

  private schedulePoll(): void {
    clearTimeout(this.pollTimer);
    this.pollTimer = undefined;
    if (this.page?.run.status !== 'RUNNING' || !this.panel.visible) return;
    this.pollTimer = setTimeout(() => logRejection(this.ctx.log, 'run page: reloading', this.fetch()), ARTIFACT_POLL_MS);
  }

  dispose(): void {
    if (RunPagePanel.panels.get(this.runId) === this) RunPagePanel.panels.delete(this.runId);
    this.liveRefresh.dispose();
    this.live.clear();
    clearTimeout(this.pollTimer);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}

function title(name: string): string {
  return `Run ${name}`;
}

async function load(client: RuntimeClient, runId: string): Promise<RunPageData> {
  const filter = `run_id = '${runId.replace(/'/g, "\\'")}'`;
  const [page, versions] = await Promise.all([
    call(client, RUNS_PAGE, { run_id: runId }),
    call(client, MODEL_VERSIONS_SEARCH, { filter, max_results: 100 }).catch(() => ({ model_versions: [] })),
  ]);
  const models = (versions.model_versions ?? []).map((v) => ({ name: v.name, version: v.version }));
  return { page, models };
}
