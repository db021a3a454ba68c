import * as vscode from 'vscode';
import { parseDriftViewState } from '../../shared/webview/drift-messages';
import type { MlopsContext } from '../ctx';
import { DRIFT_DASHBOARD_VIEW_TYPE, DriftDashboardPanel } from './drift-dashboard-panel';

/** Brings drift dashboards back after a reload, each with its monitor and selected feature. */
export function registerDriftDashboardSerializer(ctx: MlopsContext): void {
  ctx.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(DRIFT_DASHBOARD_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state) => {
        DriftDashboardPanel.revive(ctx, panel, parseDriftViewState(state));
      },
    }),
    { dispose: () => DriftDashboardPanel.disposeAll() },
  );
}
