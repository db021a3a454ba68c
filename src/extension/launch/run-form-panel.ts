import * as vscode from 'vscode';
import type { RunFormModel, RunFormSubmission, RunFormToWebview } from '../../shared/webview/run-form-messages';
import { parseRunFormFromWebview, submissionProblem } from '../../shared/webview/run-form-messages';
import type { MlopsContext } from '../ctx';
import { logRejection } from '../failure-reporting';
import type { MlopsTaskDefinition } from '../tasks/mlops-task-provider';
import { webviewHtml, webviewOptions } from '../webview/webview-html';
import { splitCommandLine } from './param-sources';

export const RUN_FORM_VIEW_TYPE = 'mlops.runForm';

/**
 * The Run Experiment form: the command, one field per param, experiment and run name. *Run*
 * starts the run as an `mlops` task does (mlops run, params as -p and MLOPS_PARAM_<KEY>).
 */
export class RunFormPanel implements vscode.Disposable {
  private static current: RunFormPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  static show(ctx: MlopsContext, form: RunFormModel): void {
    if (RunFormPanel.current) {
      RunFormPanel.current.form = form;
      RunFormPanel.current.panel.title = form.title;
      RunFormPanel.current.panel.reveal();
      RunFormPanel.current.post({ type: 'init', form });
      return;
    }
    const panel = vscode.window.createWebviewPanel(RUN_FORM_VIEW_TYPE, form.title, vscode.ViewColumn.Active, webviewOptions(ctx.extensionUri));
    RunFormPanel.current = new RunFormPanel(ctx, panel, form);
  }

  private constructor(
    private readonly ctx: MlopsContext,
    private readonly panel: vscode.WebviewPanel,
    private form: RunFormModel,
  ) {
    panel.iconPath = vscode.Uri.joinPath(ctx.extensionUri, 'media', 'mlops.svg');
    panel.webview.html = webviewHtml(panel.webview, ctx.extensionUri, 'run-form', form.title);
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((raw) => logRejection(ctx.log, 'run form', this.receive(raw))),
    );
  }

  private post(message: RunFormToWebview): void {
    void this.panel.webview.postMessage(message);
  }

  private async receive(raw: unknown): Promise<void> {
    const message = parseRunFormFromWebview(raw);
    if (!message) return this.ctx.log.warn(`run form: ignored a malformed message ${JSON.stringify(raw)?.slice(0, 200)}`);
    if (message.type === 'ready') return this.post({ type: 'init', form: this.form });
    if (message.type === 'cancel') return this.dispose();
    try {
      await this.start(message.submission);
      this.dispose();
    } catch (error) {
      this.post({ type: 'error', message: (error as Error).message });
    }
  }

  private async start(submission: RunFormSubmission): Promise<void> {
    const problem = submissionProblem(submission);
    if (problem) throw new Error(problem);
    const command = splitCommandLine(submission.command.trim());
    const definition: MlopsTaskDefinition = {
      type: 'mlops',
      command,
      params: Object.fromEntries(submission.params.map((p) => [p.key.trim(), p.value])),
      ...(submission.experiment.trim() && { experiment: submission.experiment.trim() }),
      ...(submission.runName.trim() && { name: submission.runName.trim() }),
    };
    this.post({ type: 'starting' });
    const folder = vscode.workspace.workspaceFolders?.[0];
    await vscode.tasks.executeTask(this.ctx.taskProvider.build(definition, folder ?? vscode.TaskScope.Workspace, this.form.title));
    this.ctx.log.info(`run form: started ${submission.command} with ${submission.params.map((p) => `${p.key}=${p.value}`).join(' ') || 'no params'}`);
    void vscode.window.setStatusBarMessage(`Started ${submission.command}`, 4000);
  }

  dispose(): void {
    if (RunFormPanel.current === this) RunFormPanel.current = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}
