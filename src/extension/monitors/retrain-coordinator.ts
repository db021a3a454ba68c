import * as vscode from 'vscode';
import type { RuntimeClient } from '../../shared/runtime-client';
import type { MonitorActions } from './monitor-actions';
import type { MonitorList } from './monitor-list';
import type { RetrainTriggerWire } from './retrain-format';
import { retrainAskText, retrainOutcome, shouldAsk, taskToRun } from './retrain-format';
import { call, RETRAIN_FINISHED } from '../../shared/contract';

/**
 * The extension's part of retraining: asks before a policy-ask retrain, runs the VS Code task of a
 * task-based retrain and reports its exit code, and tells how each retraining ended.
 */
export class RetrainCoordinator implements vscode.Disposable {
  /** Trigger ids already asked about or run by this window: an event repeated on reconnect does nothing twice. */
  private readonly handled = new Set<string>();
  private readonly running = new Set<vscode.Disposable>();

  constructor(
    private readonly actions: MonitorActions,
    private readonly monitors: MonitorList,
    private readonly client: () => RuntimeClient | undefined,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  async onTrigger(trigger: RetrainTriggerWire): Promise<void> {
    const key = `${trigger.id}:${trigger.status}`;
    if (this.handled.has(key)) return;
    this.handled.add(key);
    this.log.info(`retrain #${trigger.id} of ${trigger.monitor}: ${trigger.status}${trigger.decision ? ` (${trigger.decision})` : ''}`);
    try {
      if (shouldAsk(trigger)) return await this.ask(trigger);
      const task = taskToRun(trigger);
      if (task) return await this.runTask(trigger, task);
      await this.tellOutcome(trigger);
    } catch (error) {
      this.log.error(`retrain #${trigger.id} of ${trigger.monitor}: ${(error as Error).message}`);
      void vscode.window.showErrorMessage((error as Error).message);
    }
  }

  dispose(): void {
    for (const d of this.running) d.dispose();
    this.running.clear();
  }

  private async ask(trigger: RetrainTriggerWire): Promise<void> {
    const choice = await vscode.window.showInformationMessage(retrainAskText(trigger, (await this.monitors.find(trigger.monitor))?.model), 'Retrain', 'Not now');
    if (choice === 'Retrain') await this.actions.approve(trigger.id);
    else if (choice === 'Not now') await this.actions.decline(trigger.id);
    // Dismissed: the trigger stays pending; Retrain Now on the monitor approves it later.
  }

  private async runTask(trigger: RetrainTriggerWire, label: string): Promise<void> {
    const finish = async (exitCode: number): Promise<void> => {
      const client = this.client();
      if (!client) throw new Error(`Retraining task "${label}" ended (exit code ${exitCode}) while the MLOps runtime was not running; the retraining stays unfinished.`);
      await call(client, RETRAIN_FINISHED, { id: trigger.id, exitCode });
    };
    const tasks = await vscode.tasks.fetchTasks();
    const task = tasks.find((t) => t.name === label || `${t.source}: ${t.name}` === label);
    if (!task) {
      await finish(127);
      throw new Error(`The retrain task "${label}" of monitor ${trigger.monitor} is not among the workspace's tasks. Name a task label from .vscode/tasks.json under retrain.task in mlops.yaml.`);
    }
    const execution = await vscode.tasks.executeTask(task);
    const exitCode = await new Promise<number | undefined>((resolve) => {
      const subscriptions: vscode.Disposable[] = [];
      const done = (code: number | undefined): void => {
        const all = subscriptions.splice(0);
        for (const d of all) {
          d.dispose();
          this.running.delete(d);
        }
        resolve(code);
      };
      subscriptions.push(
        vscode.tasks.onDidEndTaskProcess((e) => e.execution === execution && done(e.exitCode)),
        // A task stopped before its process started ends without a process end.
        vscode.tasks.onDidEndTask((e) => e.execution === execution && done(undefined)),
      );
      for (const d of subscriptions) this.running.add(d);
    });
    if (exitCode === undefined) this.log.warn(`retrain task "${label}" ended without an exit code (stopped?); reporting it as failed`);
    await finish(exitCode ?? 1);
  }

  private async tellOutcome(trigger: RetrainTriggerWire): Promise<void> {
    const outcome = retrainOutcome(trigger, (await this.monitors.find(trigger.monitor))?.model);
    if (!outcome) return;
    const show = outcome.severity === 'info' ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
    const choice = await show(outcome.text, ...(outcome.model ? ['Show Model'] : []), 'Show History');
    if (choice === 'Show Model' && outcome.model) await this.actions.revealModel(outcome.model);
    else if (choice === 'Show History') await this.actions.showHistory(trigger.monitor);
  }
}
