import * as vscode from 'vscode';
import type { MlopsApi } from './api';
import { Config } from './config';
import { registerMetricLenses } from './codelens/metric-lens-provider';
import type { RuntimeEvent } from '../shared/events';
import type { RuntimeClient } from '../shared/runtime-client';
import type { RuntimeState } from './connection/runtime-manager';
import { RuntimeManager } from './connection/runtime-manager';
import { RunsTreeProvider } from './runs/runs-tree-provider';
import { DatasetDecorations } from './datasets/dataset-decorations';
import { MODEL_SCHEME, ModelDocumentProvider } from './models/model-document';
import { ModelServers } from './models/model-servers';
import { ModelsTreeProvider } from './models/models-tree-provider';
import { MonitorList } from './monitors/monitor-list';
import { DatasetsTreeProvider } from './datasets/datasets-tree-provider';
import { VersionOnSave } from './datasets/version-on-save';
import { logRejection } from './failure-reporting';
import { MlopsTaskProvider, TASK_TYPE } from './tasks/mlops-task-provider';
import { RuntimeStatusBar } from './status-bar';
import type { Views } from './views/register-views';
import { registerViews } from './views/register-views';
import type { WorkspaceKind } from './workspace-folder';
import { primaryFolder, workspaceKind } from './workspace-folder';

/**
 * The extension's one owner object: config, log, status bar, views and the runtime connection.
 * Features receive it; everything registered goes into `subscriptions`.
 */
export class MlopsContext implements vscode.Disposable {
  readonly subscriptions: vscode.Disposable[] = [];
  readonly config = new Config();
  readonly log: vscode.LogOutputChannel;
  readonly statusBar: RuntimeStatusBar;
  readonly views: Views;
  readonly runsTree: RunsTreeProvider;
  readonly datasetsTree: DatasetsTreeProvider;
  readonly modelsTree: ModelsTreeProvider;
  readonly modelDocuments: ModelDocumentProvider;
  readonly modelServers: ModelServers;
  readonly monitors: MonitorList;
  readonly taskProvider: MlopsTaskProvider;
  readonly folder: string | undefined;
  private kind: WorkspaceKind;
  private manager: RuntimeManager | undefined;
  private readonly runtimeEvents = new vscode.EventEmitter<RuntimeEvent>();
  /** Every runtime event, whichever runtime manager is current. */
  readonly onRuntimeEvent = this.runtimeEvents.event;
  private readonly runtimeStates = new vscode.EventEmitter<RuntimeState>();
  /** Every state change of the runtime, whichever runtime manager is current. */
  readonly onRuntimeState = this.runtimeStates.event;

  constructor(private readonly extension: vscode.ExtensionContext) {
    this.log = vscode.window.createOutputChannel('Local MLOps', { log: true });
    this.statusBar = new RuntimeStatusBar();
    this.subscriptions.push(this.log, this.statusBar, this.runtimeEvents, this.runtimeStates);
    this.runsTree = new RunsTreeProvider(() => this.runtimeClient());
    this.datasetsTree = new DatasetsTreeProvider(() => this.runtimeClient(), this.log);
    this.modelServers = new ModelServers(() => this.modelsTree.refresh());
    this.monitors = new MonitorList(() => this.runtimeClient(), this.log);
    this.modelsTree = new ModelsTreeProvider(() => this.runtimeClient(), (name, version, aliases) => this.modelServers.urlOf(name, version, aliases), this.monitors);
    this.views = registerViews(
      { subscriptions: this.subscriptions, log: this.log, runtimeReady: () => this.runtimeClient() !== undefined },
      { runs: this.runsTree, datasets: this.datasetsTree, models: this.modelsTree },
    );
    const versionOnSave = new VersionOnSave(() => this.runtimeClient(), { log: this.log, warn: (message) => this.warnWithLogs(message) });
    this.modelDocuments = new ModelDocumentProvider(() => this.runtimeClient());
    this.taskProvider = new MlopsTaskProvider(extension.asAbsolutePath('dist/cli.js'), this.config);
    this.subscriptions.push(
      this.modelDocuments,
      this.modelServers,
      vscode.workspace.registerTextDocumentContentProvider(MODEL_SCHEME, this.modelDocuments),
      vscode.tasks.registerTaskProvider(TASK_TYPE, this.taskProvider),
      vscode.window.registerFileDecorationProvider(new DatasetDecorations()),
      vscode.workspace.onDidSaveTextDocument((doc) => {
        if (doc.uri.scheme !== 'file' || !this.folder || !doc.uri.fsPath.startsWith(this.folder)) return;
        logRejection(this.log, `versioning ${doc.uri.fsPath} on save`, versionOnSave.saved(doc.uri.fsPath));
      }),
    );
    this.folder = primaryFolder();
    this.kind = workspaceKind(this.folder);
    this.updateContextKeys();
    this.statusBar.show({ kind: 'stopped' }, this.kind === 'uninitialized');
    this.subscriptions.push(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (!this.config.needsRestart(event) || !this.manager) return;
        void vscode.window.showInformationMessage('The MLOps runtime must restart to use the new setting.', 'Restart Now').then((choice) => {
          if (choice) logRejection(this.log, 'restarting the runtime', this.manager?.restart());
        });
      }),
    );
  }

  get cliPath(): string {
    return this.extension.asAbsolutePath('dist/cli.js');
  }

  /** Small per-workspace memory: last inputs the user gave. */
  get extensionState(): vscode.Memento {
    return this.extension.workspaceState;
  }

  get extensionUri(): vscode.Uri {
    return this.extension.extensionUri;
  }

  get runtime(): RuntimeManager | undefined {
    return this.manager;
  }

  /** Starts the runtime when the workspace is initialized and auto-start is on. */
  startIfInitialized(): void {
    if (this.kind === 'initialized' && this.config.autoStart) logRejection(this.log, 'starting the runtime', this.ensureRuntimeManager().start());
  }

  ensureRuntimeManager(): RuntimeManager {
    if (this.manager) return this.manager;
    if (!this.folder) throw new Error('Open a folder first: Local MLOps keeps its state in the workspace folder.');
    const manager = new RuntimeManager(this.folder, this.extension.asAbsolutePath('dist/cli.js'), this.config, this.log);
    this.manager = manager;
    this.subscriptions.push(
      manager,
      registerMetricLenses(manager, this.log),
      manager.onDidReceiveEvent((event) => {
        this.runtimeEvents.fire(event);
        this.runsTree.onRuntimeEvent(event);
        this.datasetsTree.onRuntimeEvent(event);
        this.modelsTree.onRuntimeEvent(event);
        if (event.type === 'model.changed') this.modelDocuments.modelChanged(event.data.name);
      }),
      manager.onDidChangeState((state) => {
        this.statusBar.show(state);
        if (state.kind === 'ready') {
          this.runsTree.refresh();
          this.datasetsTree.refresh();
          this.modelsTree.refresh();
        }
        void vscode.commands.executeCommand('setContext', 'mlops.runtime', state.kind);
        if (state.kind === 'error') this.reportRuntimeError(state.message);
        this.runtimeStates.fire(state);
      }),
    );
    return manager;
  }

  /** The client of a ready runtime, or an error that says how to get one. */
  requireClient(): RuntimeClient {
    const client = this.runtimeClient();
    if (!client) throw new Error('The MLOps runtime is not running. Start it with MLOps: Restart Runtime.');
    return client;
  }

  /** Registers a command whose failures are logged and shown to the user, never lost. */
  registerCommand<Args extends unknown[]>(id: string, fn: (...args: Args) => unknown): void {
    this.subscriptions.push(
      vscode.commands.registerCommand(id, async (...args: Args) => {
        try {
          await fn(...args);
        } catch (error) {
          const message = (error as Error).message;
          this.log.error(`${id}: ${message}`);
          void vscode.window.showErrorMessage(message);
        }
      }),
    );
  }

  runtimeClient(): RuntimeClient | undefined {
    const state = this.manager?.state;
    return state?.kind === 'ready' ? state.client : undefined;
  }

  refreshWorkspaceKind(): void {
    this.kind = workspaceKind(this.folder);
    this.updateContextKeys();
  }

  api(activationMs: number): MlopsApi {
    return {
      activationMs,
      runtimeState: () => this.manager?.state.kind ?? 'stopped',
      whenRuntimeReady: (timeoutMs) => this.ensureRuntimeManager().whenReady(timeoutMs),
      onRuntimeEvent: (listener) => this.ensureRuntimeManager().onDidReceiveEvent(listener),
      runtimeClient: () => this.runtimeClient(),
      runsTree: () => this.runsTree,
      runsView: () => this.views.shownRuns,
      datasetsTree: () => this.datasetsTree,
    };
  }

  dispose(): void {
    for (const d of this.subscriptions.splice(0).reverse()) d.dispose();
  }

  private updateContextKeys(): void {
    void vscode.commands.executeCommand('setContext', 'mlops.workspace', this.kind);
  }

  private reportRuntimeError(message: string): void {
    void vscode.window.showErrorMessage(message, 'Open Logs', 'Restart').then((choice) => {
      if (choice === 'Open Logs') this.log.show(true);
      if (choice === 'Restart') logRejection(this.log, 'restarting the runtime', this.manager?.restart());
    });
  }

  private warnWithLogs(message: string): void {
    void vscode.window.showWarningMessage(message, 'Open Logs').then((choice) => {
      if (choice) this.log.show(true);
    });
  }
}
