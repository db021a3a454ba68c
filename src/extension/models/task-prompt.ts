import * as vscode from 'vscode';
import type { ModelTaskRequest } from '../../shared/model-task';
import type { RuntimeClient } from '../../shared/runtime-client';
import { call, MODELS_TASK_GET, MODELS_TASK_SET } from '../../shared/contract';

/**
 * The --task/--classes arguments a version needs: none when the runtime can tell what it predicts;
 * else the user's answer, remembered on the version (so the CLI's next run needs none). Undefined
 * when the user cancels.
 */
export async function taskArguments(client: RuntimeClient, name: string, version: string): Promise<string[] | undefined> {
  const known = await call(client, MODELS_TASK_GET, { name, version });
  if (known.task !== null) return [];
  const task = await vscode.window.showQuickPick(
    [
      { label: 'classification', description: 'class probabilities or logits, one column per class (or one sigmoid score)', task: 'classification' as const },
      { label: 'regression', description: 'predicted values', task: 'regression' as const },
    ],
    { title: `What does ${name} v${version} predict?`, placeHolder: known.reason },
  );
  if (!task) return undefined;
  let classes = '';
  if (task.task === 'classification') {
    const answer = await vscode.window.showInputBox({
      title: `Classes of ${name} v${version}, in score-column order`,
      prompt: 'Comma-separated, e.g. cat,dog,bird — empty: 0, 1, 2, …',
      validateInput: (text) => (text.trim() === '' || text.split(',').filter((c) => c.trim() !== '').length >= 2 ? undefined : 'Give at least two classes, or none'),
    });
    if (answer === undefined) return undefined;
    classes = answer.trim();
  }
  const request: ModelTaskRequest = { name, version, task: task.task, ...(classes && { classes }) };
  await call(client, MODELS_TASK_SET, request);
  return ['--task', task.task, ...(classes ? ['--classes', classes] : [])];
}
