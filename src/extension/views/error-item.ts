import * as vscode from 'vscode';
import type { ViewActionNode, ViewErrorNode, ViewProblemNode } from './view-error';

export const RETRY_VIEW_COMMAND = 'mlops.retryView';
export const SHOW_LOGS_COMMAND = 'mlops.showLogs';
const ERROR_CONTEXT = 'mlops.viewError';

/** The tree item of an error row or of one of its actions. */
export function viewProblemItem(node: ViewProblemNode): vscode.TreeItem {
  return node.kind === 'viewError' ? errorItem(node) : actionItem(node);
}

function errorItem(node: ViewErrorNode): vscode.TreeItem {
  const item = new vscode.TreeItem(`Could not load ${node.noun}`, vscode.TreeItemCollapsibleState.Expanded);
  item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
  item.description = node.message;
  item.tooltip = new vscode.MarkdownString().appendText(`Could not load ${node.noun}: ${node.message}`);
  item.contextValue = ERROR_CONTEXT;
  item.accessibilityInformation = { label: `Error: could not load ${node.noun}: ${node.message}`, role: 'alert' };
  return item;
}

function actionItem(node: ViewActionNode): vscode.TreeItem {
  const retry = node.action === 'retry';
  const item = new vscode.TreeItem(retry ? 'Retry' : 'Show Logs', vscode.TreeItemCollapsibleState.None);
  item.iconPath = new vscode.ThemeIcon(retry ? 'refresh' : 'output');
  item.command = retry ? { command: RETRY_VIEW_COMMAND, title: 'Retry', arguments: [node.view] } : { command: SHOW_LOGS_COMMAND, title: 'Show Logs' };
  item.accessibilityInformation = { label: retry ? `Retry loading ${node.error.noun}` : 'Show the Local MLOps logs' };
  return item;
}
