import * as vscode from 'vscode';
import type { RetrainTrigger } from '../../shared/monitors';
import { RuntimeClient } from '../../shared/runtime-client';
import type { MlopsContext } from '../ctx';
import { monitorNameOf, monitorPicks } from './drift-dashboard-picks';
import { modelAliasOf, modelNameOf, resultSummary, SILENCE_CHOICES, silenceMessage } from './monitor-format';
import { retrainHistoryUri } from './retrain-history-document';
import { call, MONITORS_RUN, MONITORS_SILENCE, RETRAIN_APPROVE, RETRAIN_DECLINE, RETRAIN_LIST, RETRAIN_REQUEST } from '../../shared/contract';

/** Running a monitor or a retraining can take longer than an ordinary request. */
const LONG_REQUEST_MS = 10 * 60_000;


/** What the user can do to a monitor, from the Models view, the palette and notifications alike. */
export class MonitorActions {
  constructor(private readonly ctx: MlopsContext) {}

  async openDashboard(monitor: string): Promise<void> {
    await vscode.commands.executeCommand('mlops.openDriftDashboard', { monitorName: monitor });
  }

  async run(monitor: string): Promise<void> {
    const client = new RuntimeClient(this.ctx.requireClient().info, LONG_REQUEST_MS);
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Running monitor ${monitor}…` }, () =>
      call(client, MONITORS_RUN, { name: monitor }),
    );
    this.ctx.modelsTree.refreshModel(modelNameOf(result.model));
    const choice = await vscode.window.showInformationMessage(`${monitor}: ${resultSummary(result)}`, 'Open Dashboard');
    if (choice) await this.openDashboard(monitor);
  }

  async silence(monitor: string): Promise<void> {
    const pick = await vscode.window.showQuickPick(
      SILENCE_CHOICES.map((c) => ({ label: c.label, minutes: c.minutes })),
      { title: `Silence the alerts of ${monitor} for`, placeHolder: 'Silenced alerts are still recorded; only notifications and webhooks stop.' },
    );
    if (!pick) return;
    const { silencedUntil } = await call(this.ctx.requireClient(), MONITORS_SILENCE, { name: monitor, minutes: pick.minutes });
    this.ctx.modelsTree.refreshModel(this.ctx.monitors.modelOf(monitor));
    vscode.window.setStatusBarMessage(silenceMessage(monitor, silencedUntil), 5000);
  }

  /** Retrain Now: asks first, since a retraining trains a new version and may move the alias. */
  async confirmAndRetrain(monitor: string): Promise<void> {
    const model = (await this.ctx.monitors.find(monitor))?.model;
    const alias = model && modelAliasOf(model);
    const choice = await vscode.window.showWarningMessage(
      `Retrain ${model ? modelNameOf(model) : 'the model'} for ${monitor} now?`,
      { modal: true, detail: `This trains a new version (the monitor's retrain command or task) and, if it passes validation, moves ${alias && !/^\d+$/.test(alias) ? `@${alias}` : 'the alias'} to it.` },
      'Retrain',
    );
    if (choice === 'Retrain') await this.retrain(monitor);
  }

  /** Approves the given (or any) pending trigger of the monitor; starts a new retraining when none is pending. */
  async retrain(monitor: string, preferredTriggerId?: number): Promise<RetrainTrigger> {
    const client = this.ctx.requireClient();
    const { triggers } = await call(client, RETRAIN_LIST, { monitor });
    const pending = triggers.find((t) => t.id === preferredTriggerId && t.status === 'pending') ?? triggers.find((t) => t.status === 'pending');
    let trigger = pending ? await this.approve(pending.id) : await call(new RuntimeClient(client.info, LONG_REQUEST_MS), RETRAIN_REQUEST, { monitor });
    if (trigger.status === 'pending') trigger = await this.approve(trigger.id);
    this.ctx.monitors.noteTrigger(trigger);
    this.ctx.modelsTree.refreshModel(this.ctx.monitors.modelOf(monitor));
    vscode.window.setStatusBarMessage(`$(sync~spin) Retraining for ${monitor} started (trigger #${trigger.id})`, 5000);
    return trigger;
  }

  async approve(id: number): Promise<RetrainTrigger> {
    return call(this.ctx.requireClient(), RETRAIN_APPROVE, { id });
  }

  async decline(id: number): Promise<RetrainTrigger> {
    return call(this.ctx.requireClient(), RETRAIN_DECLINE, { id });
  }

  async showHistory(monitor: string): Promise<void> {
    await vscode.commands.executeCommand('markdown.showPreview', retrainHistoryUri(monitor));
  }

  /** Shows a model's row in the Models view, expanded to its monitors and versions. */
  async revealModel(name: string): Promise<void> {
    const node = await this.ctx.modelsTree.modelNode(name);
    if (!node) throw new Error(`Model ${name} is not registered (any more); refresh the Models view.`);
    await this.ctx.views.models.reveal(node, { select: true, focus: true, expand: true });
  }

  /** The monitor a command names, or one the user picks. */
  async pickMonitor(arg: unknown, title: string): Promise<string | undefined> {
    const named = monitorNameOf(arg);
    if (named) return named;
    this.ctx.requireClient();
    const picks = monitorPicks(await this.ctx.monitors.get(), Date.now());
    return (await vscode.window.showQuickPick(picks, { title, matchOnDescription: true, matchOnDetail: true }))?.monitor;
  }
}
