import * as vscode from 'vscode';
import type { Config } from '../config';
import { pipelineTaskArgs } from '../pipelines/pipeline-task';

export const TASK_TYPE = 'mlops';

export interface MlopsTaskDefinition extends vscode.TaskDefinition {
  type: 'mlops';
  command?: string | string[];
  /** A dvc.yaml stage or file run with `mlops repro` instead of a command. */
  pipeline?: string;
  force?: boolean;
  experiment?: string;
  name?: string;
  params?: Record<string, string | number | boolean>;
}

/**
 * `mlops` tasks run their command through `mlops run` with VS Code's own Node, so every training
 * launched from *Tasks: Run Task* or tasks.json is tracked; stopping the task stops the run. With
 * `pipeline` they run a dvc.yaml stage or file through `mlops repro` (each stage a tracked run).
 */
export class MlopsTaskProvider implements vscode.TaskProvider {
  constructor(
    private readonly cliPath: string,
    private readonly config: Config,
  ) {}

  provideTasks(): vscode.Task[] {
    return [];
  }

  resolveTask(task: vscode.Task): vscode.Task | undefined {
    const definition = task.definition as MlopsTaskDefinition;
    const noCommand = !definition.command || (Array.isArray(definition.command) && definition.command.length === 0);
    if (noCommand && !definition.pipeline) return undefined;
    return this.build(definition, task.scope ?? vscode.TaskScope.Workspace, task.name);
  }

  build(definition: MlopsTaskDefinition, scope: vscode.WorkspaceFolder | vscode.TaskScope, label: string): vscode.Task {
    const folder = typeof scope === 'object' ? scope.uri.fsPath : vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    if (definition.pipeline) {
      const experiment = definition.experiment ? ['--experiment', definition.experiment] : [];
      return this.task(definition, scope, label, folder, [this.cliPath, ...pipelineTaskArgs(definition.pipeline, folder, definition.force), ...experiment]);
    }
    const command = Array.isArray(definition.command) ? definition.command : [definition.command ?? ''];
    const args = [this.cliPath, 'run', ...(folder ? ['--workspace', folder] : [])];
    if (definition.experiment) args.push('--experiment', definition.experiment);
    if (definition.name) args.push('--name', definition.name);
    for (const [key, value] of Object.entries(definition.params ?? {})) args.push('-p', `${key}=${String(value)}`);
    args.push('--', ...command);
    return this.task(definition, scope, label, folder, args);
  }

  private task(definition: MlopsTaskDefinition, scope: vscode.WorkspaceFolder | vscode.TaskScope, label: string, folder: string | undefined, args: string[]): vscode.Task {
    const execution = new vscode.ProcessExecution(this.config.runtimeNode ?? process.execPath, args, {
      ...(folder && { cwd: folder }),
      env: { ELECTRON_RUN_AS_NODE: '1' },
    });
    const task = new vscode.Task(definition, scope, label, TASK_TYPE, execution, []);
    task.presentationOptions = { reveal: vscode.TaskRevealKind.Always, panel: vscode.TaskPanelKind.Dedicated, clear: true };
    return task;
  }
}
