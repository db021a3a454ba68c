import * as vscode from 'vscode';
import type { Config } from '../config';

export const CLI_TASK_TYPE = 'mlops-cli';

export interface CliTaskDefinition extends vscode.TaskDefinition {
  type: 'mlops-cli';
  args: string[];
}

/** A task running `mlops <args>` with VS Code's own Node, its output in a terminal, stopped by ending the task. */
export function cliTask(cliPath: string, config: Config, folder: string, label: string, args: string[]): vscode.Task {
  const definition: CliTaskDefinition = { type: CLI_TASK_TYPE, args };
  const execution = new vscode.ProcessExecution(config.runtimeNode ?? process.execPath, [cliPath, ...args, '--workspace', folder], { cwd: folder, env: { ELECTRON_RUN_AS_NODE: '1' } });
  const task = new vscode.Task(definition, vscode.TaskScope.Workspace, label, 'mlops', execution, []);
  task.presentationOptions = { reveal: vscode.TaskRevealKind.Always, panel: vscode.TaskPanelKind.Dedicated, clear: true };
  return task;
}
