import type { MlopsContext } from '../ctx';
import type { AlertsBadge } from './alerts-badge';
import type { MonitorActions } from './monitor-actions';

/** The monitor commands of the Models view and the palette; without an argument they ask which monitor. */
export function registerMonitorCommands(ctx: MlopsContext, actions: MonitorActions, badge: AlertsBadge): void {
  const onMonitor = (id: string, title: string, action: (monitor: string) => Promise<unknown>): void => {
    ctx.registerCommand(id, async (arg: unknown) => {
      const monitor = await actions.pickMonitor(arg, title);
      if (monitor) await action(monitor);
    });
  };
  onMonitor('mlops.runMonitor', 'Run which monitor now?', (m) => actions.run(m));
  onMonitor('mlops.silenceMonitor', 'Silence the alerts of which monitor?', (m) => actions.silence(m));
  onMonitor('mlops.retrainModel', 'Retrain the model of which monitor?', (m) => actions.confirmAndRetrain(m));
  onMonitor('mlops.showRetrainHistory', 'Retraining history of which monitor?', (m) => actions.showHistory(m));

  ctx.registerCommand('mlops.showAlerts', async () => {
    const alert = await badge.pick();
    if (alert) await actions.openDashboard(alert.monitor);
  });
}
