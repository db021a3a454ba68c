import * as vscode from 'vscode';
import type { StoredAlert } from '../../shared/monitors';
import type { RuntimeClient } from '../../shared/runtime-client';
import { ALERT_WINDOW_MS, alertPickItem, badgeView, mergeAlerts, seenAfterOpening, unseenAlerts } from './alert-format';
import { call, ALERTS_LIST } from '../../shared/contract';

const SEEN_KEY = 'mlops.alertsSeenUntil';
const LIST_LIMIT = 200;

/** `$(bell) N` in the status bar: alerts of the last 24 hours fired since the user last opened the list. */
export class AlertsBadge implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('mlops.alerts', vscode.StatusBarAlignment.Left, 9);
  private alerts: StoredAlert[] = [];

  constructor(
    private readonly state: vscode.Memento,
    private readonly client: () => RuntimeClient | undefined,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.item.name = 'MLOps Alerts';
    this.item.command = 'mlops.showAlerts';
    this.render();
  }

  private get lastSeen(): number {
    return this.state.get<number>(SEEN_KEY, 0);
  }

  /** Reads the last 24 hours of alerts from the runtime (at activation and after reconnecting). */
  async load(): Promise<void> {
    const client = this.client();
    if (!client) return;
    try {
      this.alerts = mergeAlerts(this.alerts, await fetchAlerts(client, Date.now() - ALERT_WINDOW_MS), Date.now());
    } catch (error) {
      this.log.warn(`could not read recent alerts: ${(error as Error).message}`);
    }
    this.render();
  }

  add(alert: StoredAlert): void {
    this.alerts = mergeAlerts(this.alerts, [alert], Date.now());
    this.render();
  }

  /** The recent alerts, newest first; returns the one picked. Opening the list marks them seen. */
  async pick(): Promise<StoredAlert | undefined> {
    const client = this.client();
    const now = Date.now();
    const recent = client ? await fetchAlerts(client, now - ALERT_WINDOW_MS) : this.alerts;
    this.alerts = mergeAlerts(this.alerts, recent, now);
    const shown = this.alerts;
    const previous = this.lastSeen;
    await this.state.update(SEEN_KEY, seenAfterOpening(previous, shown, now));
    this.render();
    if (shown.length === 0) {
      void vscode.window.showInformationMessage('No MLOps alerts in the last 24 hours.');
      return undefined;
    }
    const choice = await vscode.window.showQuickPick(
      shown.map((alert) => ({ ...alertPickItem(alert, alert.time > previous), alert })),
      { title: 'MLOps alerts of the last 24 hours', placeHolder: 'Pick one to open its drift dashboard', matchOnDetail: true },
    );
    return choice?.alert;
  }

  dispose(): void {
    this.item.dispose();
  }

  private render(): void {
    const view = badgeView(unseenAlerts(this.alerts, this.lastSeen, Date.now()));
    this.item.text = view.text;
    this.item.tooltip = new vscode.MarkdownString(view.tooltipMarkdown, true);
    this.item.accessibilityInformation = { label: view.ariaLabel, role: 'button' };
    this.item.backgroundColor = view.visible ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    if (view.visible) this.item.show();
    else this.item.hide();
  }
}

async function fetchAlerts(client: RuntimeClient, since: number): Promise<StoredAlert[]> {
  const { alerts } = await call(client, ALERTS_LIST, { since, limit: LIST_LIMIT });
  return alerts ?? [];
}
