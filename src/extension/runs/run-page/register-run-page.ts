import * as vscode from 'vscode';
import { parseRunPageViewState } from '../../../shared/webview/run-page-messages';
import type { MlopsContext } from '../../ctx';
import { RUN_PAGE_VIEW_TYPE, RunPagePanel } from './run-page-panel';

/** Brings run pages back after a reload, each on the run and artifact it showed. */
export function registerRunPage(ctx: MlopsContext): void {
  ctx.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(RUN_PAGE_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state) => {
        RunPagePanel.revive(ctx, panel, parseRunPageViewState(state));
      },
    }),
    { dispose: () => RunPagePanel.disposeAll() },
  );
}
