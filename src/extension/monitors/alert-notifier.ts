import * as vscode from 'vscode';
import type { AlertEvent } from './alert-format';
import { alertNotificationText, parseNotificationsSetting, shouldNotify } from './alert-format';
import type { MonitorActions } from './monitor-actions';
import type { MonitorList } from './monitor-list';

const SHOW = { error: vscode.window.showErrorMessage, warning: vscode.window.showWarningMessage, info: vscode.window.showInformationMessage } as const;

/** `mlops.monitoring.notifications`: all (default), errors, off. */
export function notificationsSetting(): ReturnType<typeof parseNotificationsSetting> {
  return parseNotificationsSetting(vscode.workspace.getConfiguration('mlops').get('monitoring.notifications'));
}

/** A notification per fired alert, by severity, with Open Dashboard / Retrain / Silence. */
export class AlertNotifier {
  constructor(
    private readonly actions: MonitorActions,
    private readonly monitors: MonitorList,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  async notify(event: AlertEvent): Promise<void> {
    const { alert } = event;
    this.log.info(`alert (${alert.severity}): ${alert.message}`);
    if (!shouldNotify(alert.severity, notificationsSetting())) return;
    const canRetrain = event.retrainTriggerId !== undefined || ((await this.monitors.find(alert.monitor))?.retrain ?? true);
    const buttons = ['Open Dashboard', ...(canRetrain ? ['Retrain'] : []), 'Silence'];
    const choice = await SHOW[alert.severity](alertNotificationText(event), ...buttons);
    try {
      if (choice === 'Open Dashboard') await this.actions.openDashboard(alert.monitor);
      else if (choice === 'Retrain') await this.actions.retrain(alert.monitor, event.retrainTriggerId);
      else if (choice === 'Silence') await this.actions.silence(alert.monitor);
    } catch (error) {
      this.log.error(`${choice} for ${alert.monitor}: ${(error as Error).message}`);
      void vscode.window.showErrorMessage((error as Error).message);
    }
  }
}
