import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AlertingConfig } from '../../core/monitoring';
import type { MonitorResult } from '../../core/monitoring';
import type { StoredAlert } from '../../shared/monitors';
import type { Log } from '../logger';
import type { WebhookOptions } from './webhook';
import { WebhookDeliveries } from './webhook';

/** What leaves the workspace for one alert: a line of alerts.log, the webhook's JSON body. */
export interface AlertMessage {
  alert: StoredAlert;
  monitor: string;
  model: string;
  driftedColumns: string[];
  driftShare: number;
  /** When the alert fired, ISO 8601. */
  time: string;
  /** The alert's sentence, for chat webhooks (Slack, Mattermost) that show `text`. */
  text: string;
}

/** The messages the channels send for alerts a monitor's run fired. */
export function alertMessages(monitor: string, result: MonitorResult, alerts: readonly StoredAlert[]): AlertMessage[] {
  const driftedColumns = result.drift.columns.filter((c) => c.drifted).map((c) => c.column);
  return alerts.map((alert) => ({
    alert,
    monitor,
    model: result.model,
    driftedColumns,
    driftShare: result.driftShare,
    time: new Date(alert.time).toISOString(),
    text: alert.message,
  }));
}

/** Where fired alerts go besides the store and the event stream: .mlops/logs/alerts.log and a webhook (alerting: in mlops.yaml). */
export class AlertChannels {
  private config: AlertingConfig = { log: true };
  private readonly webhook: WebhookDeliveries;

  constructor(
    private readonly logsDir: string,
    private readonly log: Log,
    webhookOptions?: WebhookOptions,
  ) {
    this.webhook = new WebhookDeliveries(log, webhookOptions);
  }

  get logFile(): string {
    return join(this.logsDir, 'alerts.log');
  }

  /** New alerts go where this says; deliveries already under way finish as they started. */
  configure(config: AlertingConfig): void {
    this.config = config;
  }

  /** Appends to the alerts log at once; the webhook delivery runs in the background. */
  deliver(message: AlertMessage): void {
    if (this.config.log) {
      try {
        mkdirSync(this.logsDir, { recursive: true });
        appendFileSync(this.logFile, JSON.stringify(message) + '\n');
      } catch (error) {
        this.log(`alerting: cannot append to ${this.logFile}: ${(error as Error).message}`);
      }
    }
    if (this.config.webhook) this.webhook.send(this.config.webhook, message, `alert ${message.alert.id} of ${message.monitor}`);
  }

  /** Resolves once every webhook delivery so far has succeeded or given up (tests). */
  settled(): Promise<void> {
    return this.webhook.settled();
  }

  close(): Promise<void> {
    return this.webhook.close();
  }
}
