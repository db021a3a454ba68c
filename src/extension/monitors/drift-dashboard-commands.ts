import * as vscode from 'vscode';
import type { MlopsContext } from '../ctx';
import { DriftDashboardPanel } from './drift-dashboard-panel';
import { monitorNameOf, monitorPicks } from './drift-dashboard-picks';
import { registerDriftDashboardSerializer } from './drift-dashboard-serializer';
import { call, MONITORS_LIST } from '../../shared/contract';

async function pickMonitor(ctx: MlopsContext): Promise<string | undefined> {
  const response = await call(ctx.requireClient(), MONITORS_LIST);
  const picks = monitorPicks({ monitors: response.monitors ?? [], errors: response.errors ?? [] }, Date.now());
  const pick = await vscode.window.showQuickPick(picks, { title: 'Open the drift dashboard of which monitor?', matchOnDescription: true, matchOnDetail: true });
  return pick?.monitor;
}

/** MLOps: Open Drift Dashboard (from the palette or a monitor in the Models view) and its restore after a reload. */
export function registerDriftDashboard(ctx: MlopsContext): void {
  ctx.registerCommand('mlops.openDriftDashboard', async (argument: unknown) => {
    const monitor = monitorNameOf(argument) ?? (await pickMonitor(ctx));
    if (monitor) DriftDashboardPanel.show(ctx, monitor);
  });
  registerDriftDashboardSerializer(ctx);
}
