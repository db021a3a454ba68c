import { relative, sep } from 'node:path';
import * as vscode from 'vscode';
import type { PipelineStage } from '../../shared/pipelines';
import type { PipelineState } from './pipeline-state';
import { lastRunDuration, STATE_LABELS, stageMarkdown } from './stage-format';

const SELECTOR: vscode.DocumentSelector = { scheme: 'file', pattern: '**/dvc.yaml' };
const ICONS: Record<PipelineStage['state'], string> = { 'up-to-date': '$(pass)', changed: '$(circle-large-outline)', running: '$(sync~spin)', failed: '$(error)', frozen: '$(lock)' };

/** Above each stage of a dvc.yaml: its state and *Run*; hovering its name tells its last run and what changed. */
export function registerDvcYamlLenses(state: PipelineState, folder: () => string | undefined): vscode.Disposable {
  const lenses = new DvcYamlLenses(state, folder);
  return vscode.Disposable.from(lenses, vscode.languages.registerCodeLensProvider(SELECTOR, lenses), vscode.languages.registerHoverProvider(SELECTOR, lenses));
}

class DvcYamlLenses implements vscode.CodeLensProvider, vscode.HoverProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly state: PipelineState,
    private readonly folder: () => string | undefined,
  ) {
    this.subscription = state.onDidChange(() => this.changed.fire());
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const lenses: vscode.CodeLens[] = [];
    for (const { stage, line } of this.stagesOf(document)) {
      const range = new vscode.Range(line, 0, line, 0);
      const reason = stage.state === 'changed' || stage.state === 'failed' ? stage.reasons[0] : undefined;
      const duration = stage.state === 'up-to-date' ? lastRunDuration(stage) : undefined;
      lenses.push(
        new vscode.CodeLens(range, {
          title: `${ICONS[stage.state]} ${STATE_LABELS[stage.state]}${reason ? `: ${reason}` : ''}${duration ? ` · last run ${duration}` : ''}`,
          tooltip: stage.reasons.join('\n') || STATE_LABELS[stage.state],
          // Its last run's page when it has one; otherwise a label.
          command: stage.lastRun ? 'mlops.openStageRun' : '',
          arguments: [stage.id],
        }),
        new vscode.CodeLens(range, { title: '$(play) Run', tooltip: `Run stage ${stage.id} (and the changed stages before it)`, command: 'mlops.runStage', arguments: [stage.id] }),
      );
    }
    return lenses;
  }

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const found = this.stagesOf(document).find(({ line }) => line === position.line);
    if (!found) return undefined;
    const { stage } = found;
    const duration = lastRunDuration(stage);
    const head = stage.lastRun ? `Last run: ${duration ?? stage.lastRun.status.toLowerCase()}` : 'Not run yet';
    const changed = stage.state === 'changed' && stage.reasons.length > 0 ? `\n\nChanged inputs:\n${stage.reasons.map((r) => `- ${r}`).join('\n')}` : '';
    return new vscode.Hover(new vscode.MarkdownString(`${head}${changed}\n\n---\n\n${stageMarkdown(stage)}`));
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  /** The file's stages with the (0-based) line of their name in the document as it is now. */
  private stagesOf(document: vscode.TextDocument): { stage: PipelineStage; line: number }[] {
    const root = this.folder();
    if (!root) return [];
    const file = relative(root, document.uri.fsPath).split(sep).join('/');
    const pipeline = this.state.pipelines().find((p) => p.file === file);
    if (!pipeline) return [];
    return pipeline.stages.map((stage) => ({ stage, line: nameLine(document, stage) }));
  }
}

/** The line of the stage's key: where the runtime said, or found again when the unsaved text moved it. */
function nameLine(document: vscode.TextDocument, stage: PipelineStage): number {
  const name = stage.name.includes('@') ? stage.name.slice(0, stage.name.indexOf('@')) : stage.name;
  const key = new RegExp(`^\\s+["']?${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']?\\s*:`);
  const given = stage.line - 1;
  if (given >= 0 && given < document.lineCount && key.test(document.lineAt(given).text)) return given;
  for (let i = 0; i < document.lineCount; i++) if (key.test(document.lineAt(i).text)) return i;
  return Math.max(0, Math.min(given, document.lineCount - 1));
}
