import * as vscode from 'vscode';
import type { RunPageResponse } from '../../../shared/run-page';
import type { RuntimeClient } from '../../../shared/runtime-client';
import type { RunPageData, RunPageFromWebview, RunPageToWebview, RunPageViewState } from '../../../shared/webview/run-page-messages';
import { parseRunPageFromWebview } from '../../../shared/webview/run-page-messages';
import type { MlopsContext } from '../../ctx';
import { CoalescedRefresh } from '../../webview/coalesced-refresh';
import { webviewHtml, webviewOptions } from '../../webview/webview-html';
import { openArtifact, revealArtifact, revealDatasetVersion, revealModelVersion } from './run-page-actions';
import { call, ARTIFACTS_PREVIEW, MODEL_VERSIONS_SEARCH, RUNS_PAGE } from '../../../shared/contract';

export const RUN_PAGE_VIEW_TYPE = 'mlops.runPage';
/** A training run logs many batches a second; one refresh answers a burst. */
const LIVE_REFRESH_MS = 1000;
/** Artifacts raise no event: while the run trains, its tree is re-read this often. */
const ARTIFACT_POLL_MS = 5000;

/**
 * The page of one run (one panel per run): status, lineage, params, a chart per metric, and an
 * artifact browser with previews. Follows the run while it trains.
 */
export class RunPagePanel implements vscode.Disposable {
  private static readonly panels = new Map<string, RunPagePanel>();
  private readonly disposables: vscode.Disposable[] = [];
  private selected: string | null;
  private page: RunPageResponse | undefined;
  private fetching = 0;
  private readonly liveRefresh = new CoalescedRefresh(LIVE_REFRESH_MS, () => void this.fetch());
  private pollTimer: NodeJS.Timeout | undefined;

  static show(ctx: MlopsContext, runId: string, name?: string): RunPagePanel {
    const open = RunPagePanel.panels.get(runId);
    if (open) {
      open.panel.reveal();
      void open.fetch();
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
      panel.webview.onDidReceiveMessage((raw) => void this.receive(raw)),
      panel.onDidChangeViewState(() => this.schedulePoll()),
      ctx.onRuntimeEvent((event) => {
        if ((event.type === 'run.changed' || event.type === 'run.metrics') && event.data.runId === this.runId) this.scheduleLiveRefresh();
        if (event.type === 'model.changed') this.scheduleLiveRefresh();
      }),
      ctx.onRuntimeState((state) => state.kind === 'ready' && void this.fetch()),
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
      void vscode.window.showErrorMessage(text);
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
        void vscode.window.setStatusBarMessage(`Copied ${message.text}`, 3000);
        return;
    }
  }

  private artifactDir(): string {
    if (!this.page) throw new Error('The run page has not loaded yet; wait a moment and try again.');
    return this.page.artifacts.dir;
  }

  private post(message: RunPageToWebview): void {
    void this.panel.webview.postMessage(message);
  }

  async fetch(): Promise<void> {
    const client = this.ctx.runtimeClient();
    if (!client) return this.post({ type: 'error', message: 'The MLOps runtime is not running. Start it with MLOps: Restart Runtime.', state: this.state });
    const ticket = ++this.fetching;
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

  private scheduleLiveRefresh(): void {
    // A hidden page is discarded (no retained context) and asks again when shown.
    if (this.panel.visible) this.liveRefresh.schedule();
  }

  private schedulePoll(): void {
    clearTimeout(this.pollTimer);
    this.pollTimer = undefined;
    if (this.page?.run.status !== 'RUNNING' || !this.panel.visible) return;
    this.pollTimer = setTimeout(() => void this.fetch(), ARTIFACT_POLL_MS);
  }

  dispose(): void {
    if (RunPagePanel.panels.get(this.runId) === this) RunPagePanel.panels.delete(this.runId);
    this.liveRefresh.dispose();
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
