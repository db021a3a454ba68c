import * as vscode from 'vscode';
import type { RuntimeState } from './connection/runtime-manager';

/** The runtime's health in the status bar: starting / ready / error / stopped. */
export class RuntimeStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('mlops.runtime', vscode.StatusBarAlignment.Left, 10);

  constructor() {
    this.item.name = 'MLOps Runtime';
    this.item.command = 'mlops.runtimeActions';
    this.show({ kind: 'stopped' });
    this.item.show();
  }

  show(state: RuntimeState, uninitialized = false): void {
    const tooltip = new vscode.MarkdownString('', true);
    tooltip.isTrusted = { enabledCommands: ['mlops.showLogs', 'mlops.restartRuntime', 'mlops.init'] };
    const links = '[Open Logs](command:mlops.showLogs) · [Restart](command:mlops.restartRuntime)';
    this.item.backgroundColor = undefined;
    let label: string;
    switch (state.kind) {
      case 'starting':
        this.item.text = '$(sync~spin) MLOps';
        label = 'starting';
        tooltip.appendMarkdown(`**MLOps runtime: starting…**\n\n${links}`);
        break;
      case 'ready': {
        const s = state.status;
        this.item.text = '$(beaker) MLOps';
        label = 'ready';
        tooltip.appendMarkdown(
          `**MLOps runtime: ready**\n\n` +
            `Port ${state.client.baseUrl.split(':').pop()} · pid ${s.pid}\n\n` +
            `Node ${s.node.version}${s.node.electron ? ' (VS Code)' : ''} · store ${s.store.driver}\n\n` +
            (s.configErrors.length ? `$(warning) ${s.configErrors.length} problem(s) in mlops.yaml\n\n` : '') +
            links,
        );
        if (s.configErrors.length) this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
        break;
      }
      case 'error':
        this.item.text = '$(error) MLOps';
        label = 'error';
        this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
        tooltip.appendText(`MLOps runtime: error. ${state.message}`);
        tooltip.appendMarkdown(`\n\n${links}`);
        break;
      case 'stopped':
        this.item.text = '$(circle-slash) MLOps';
        label = 'stopped';
        tooltip.appendMarkdown(
          uninitialized
            ? '**MLOps runtime: stopped.** This folder is not a Local MLOps workspace yet.\n\n[Initialize Workspace](command:mlops.init)'
            : `**MLOps runtime: stopped**${state.reason ? ` (${state.reason})` : ''}\n\n${links}`,
        );
        break;
    }
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = { label: `MLOps runtime ${label}`, role: 'button' };
  }

  dispose(): void {
    this.item.dispose();
  }
}
