import * as vscode from 'vscode';
import { parseViewState } from '../../shared/webview/compare-messages';
import type { MlopsContext } from '../ctx';
import { COMPARE_VIEW_TYPE, ComparePanel } from './compare-panel';

/** Brings the compare panel back after a reload with the runs, metrics and toggles it had. */
export function registerCompareSerializer(ctx: MlopsContext): void {
  ctx.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(COMPARE_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state) => {
        ComparePanel.revive(ctx, panel, parseViewState(state));
      },
    }),
    { dispose: () => ComparePanel.active?.dispose() },
  );
}
