import * as vscode from 'vscode';
import type { MlopsContext } from '../ctx';
import { logRejection } from '../failure-reporting';
import { AlertNotifier } from './alert-notifier';
import { AlertsBadge } from './alerts-badge';
import { MonitorActions } from './monitor-actions';
import { registerMonitorCommands } from './monitor-commands';
import { RetrainCoordinator } from './retrain-coordinator';
import { RETRAIN_SCHEME, RetrainHistoryDocuments } from './retrain-history-document';

/** Monitoring in the editor: alert notifications, the alerts badge, retraining prompts and tasks, history documents, commands. */
export function registerMonitoring(ctx: MlopsContext): void {
  const client = (): ReturnType<MlopsContext['runtimeClient']> => ctx.runtimeClient();
  const actions = new MonitorActions(ctx);
  const badge = new AlertsBadge(ctx.extensionState, client, ctx.log);
  const history = new RetrainHistoryDocuments(client, ctx.monitors);
  const notifier = new AlertNotifier(actions, ctx.monitors, ctx.log);
  const retrain = new RetrainCoordinator(actions, ctx.monitors, client, ctx.log);
  ctx.subscriptions.push(
    badge,
    history,
    retrain,
    vscode.workspace.registerTextDocumentContentProvider(RETRAIN_SCHEME, history),
    ctx.onRuntimeState((state) => {
      if (state.kind === 'ready') logRejection(ctx.log, 'loading recent alerts', badge.load());
    }),
    ctx.onRuntimeEvent((event) => {
      if (event.type === 'monitor.alert') {
        badge.add(event.data.alert);
        logRejection(ctx.log, `notifying alert of ${event.data.alert.monitor}`, notifier.notify(event.data));
      } else if (event.type === 'retrain.changed') {
        history.monitorChanged(event.data.trigger.monitor);
        logRejection(ctx.log, `retrain #${event.data.trigger.id}`, retrain.onTrigger(event.data.trigger));
      }
    }),
  );
  registerMonitorCommands(ctx, actions, badge);
}
