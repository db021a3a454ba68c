import * as vscode from 'vscode';
import type { Pipeline, PipelineStage, StageViewState } from '../../shared/pipelines';
import type { PipelineState } from './pipeline-state';
import { STATE_LABELS, stageDescription, stageMarkdown } from './stage-format';

export type PipelinesNode = { kind: 'pipeline'; pipeline: Pipeline } | { kind: 'stage'; stage: PipelineStage };

const ICONS: Record<StageViewState, [string, string | undefined]> = {
  'up-to-date': ['pass', 'testing.iconPassed'],
  changed: ['circle-large-outline', 'charts.yellow'],
  running: ['sync~spin', undefined],
  failed: ['error', 'testing.iconFailed'],
  frozen: ['lock', undefined],
};

/** dvc.yaml files → their stages with state, from the shared PipelineState (events, never polling). */
export class PipelinesTreeProvider implements vscode.TreeDataProvider<PipelinesNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<PipelinesNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly rows = new Map<string, PipelinesNode>();
  private ticker: NodeJS.Timeout | undefined;
  private reload = false;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly state: PipelineState,
    private readonly ready: () => boolean,
  ) {
    this.subscription = state.onDidChange((change) => {
      const row = change.kind === 'stage' ? this.rows.get(`stage:${change.stage.id}`) : undefined;
      this.changed.fire(row);
      this.tick();
    });
  }

  /** Reloads from the runtime (Refresh, Retry). */
  refresh(): void {
    this.reload = true;
    this.changed.fire(undefined);
  }

  async getChildren(node?: PipelinesNode): Promise<PipelinesNode[]> {
    if (!this.ready()) return [];
    if (!node) {
      if (!this.state.hasLoaded() || this.reload) {
        this.reload = false;
        await this.state.refresh();
      }
      const problem = this.state.error();
      if (problem) throw new Error(problem);
      this.rows.clear();
      const pipelines = this.state.pipelines();
      // One dvc.yaml: its stages at the top; several: one row per file.
      if (pipelines.length === 1) return pipelines[0]!.stages.map((stage) => this.remember({ kind: 'stage', stage }));
      return pipelines.map((pipeline) => this.remember({ kind: 'pipeline', pipeline }));
    }
    if (node.kind === 'pipeline') return node.pipeline.stages.map((stage) => this.remember({ kind: 'stage', stage }));
    return [];
  }

  getParent(node: PipelinesNode): PipelinesNode | undefined {
    if (node.kind !== 'stage') return undefined;
    return this.rows.get(`pipeline:${node.stage.file}`);
  }

  getTreeItem(node: PipelinesNode): vscode.TreeItem {
    if (node.kind === 'pipeline') {
      const { pipeline } = node;
      const item = new vscode.TreeItem(pipeline.file, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `pipeline:${pipeline.file}`;
      item.iconPath = new vscode.ThemeIcon('type-hierarchy');
      const changed = pipeline.stages.filter((s) => s.state === 'changed' || s.state === 'failed').length;
      item.description = `${pipeline.stages.length} stages${changed ? ` · ${changed} changed` : ''}`;
      item.contextValue = 'mlops.pipeline';
      item.accessibilityInformation = { label: `Pipeline ${pipeline.file}, ${item.description}` };
      return item;
    }
    // Fresh from the state: a stage event mutates it in place.
    const stage = this.state.stage(node.stage.id) ?? node.stage;
    const item = new vscode.TreeItem(stage.name, vscode.TreeItemCollapsibleState.None);
    item.id = `stage:${stage.id}`;
    const [icon, colour] = ICONS[stage.state];
    item.iconPath = new vscode.ThemeIcon(icon, colour ? new vscode.ThemeColor(colour) : undefined);
    item.description = stageDescription(stage, Date.now());
    item.tooltip = new vscode.MarkdownString(stageMarkdown(stage));
    item.contextValue = `mlops.stage.${stage.state === 'frozen' ? 'frozen' : 'active'}${stage.lastRun ? '.withRun' : ''}`;
    item.command = { command: 'mlops.openStageDefinition', title: 'Open Definition', arguments: [node] };
    const reason = stage.reasons[0] && (stage.state === 'changed' || stage.state === 'failed') ? `, ${stage.reasons[0]}` : '';
    item.accessibilityInformation = { label: `Stage ${stage.name}, ${STATE_LABELS[stage.state]}${reason}` };
    return item;
  }

  dispose(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.subscription.dispose();
    this.changed.dispose();
  }

  private remember(node: PipelinesNode): PipelinesNode {
    this.rows.set(node.kind === 'stage' ? `stage:${node.stage.id}` : `pipeline:${node.pipeline.file}`, node);
    return node;
  }

  /** While a stage runs, its row's elapsed time ticks each second (a redraw, no request). */
  private tick(): void {
    const running = this.state.pipelines().some((p) => p.stages.some((s) => s.state === 'running'));
    if (running && !this.ticker) {
      this.ticker = setInterval(() => {
        for (const p of this.state.pipelines()) for (const s of p.stages) if (s.state === 'running') this.changed.fire(this.rows.get(`stage:${s.id}`));
      }, 1000);
    } else if (!running && this.ticker) {
      clearInterval(this.ticker);
      this.ticker = undefined;
    }
  }
}
