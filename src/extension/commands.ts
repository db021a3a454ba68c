import { join } from 'node:path';
import * as vscode from 'vscode';
import type { MlopsContext } from './ctx';
import { call, WORKSPACE_INIT } from '../shared/contract';

/** Every command of the "MLOps" category; ids are mlops.verbNoun. */
export function registerCommands(ctx: MlopsContext): void {
  const register = (id: string, fn: (...args: unknown[]) => unknown): void => {
    ctx.subscriptions.push(vscode.commands.registerCommand(id, fn));
  };

  register('mlops.showLogs', () => ctx.log.show(true));

  register('mlops.restartRuntime', async () => {
    if (!ctx.runtime) return offerInit();
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Restarting the MLOps runtime' }, () => ctx.runtime!.restart());
  });

  register('mlops.stopRuntime', async () => {
    await ctx.runtime?.stop();
  });

  register('mlops.init', async () => {
    if (!ctx.folder) {
      void vscode.window.showWarningMessage('Open a folder first: Local MLOps keeps its state in the workspace folder.', 'Open Folder').then((choice) => {
        if (choice) void vscode.commands.executeCommand('vscode.openFolder');
      });
      return;
    }
    const runtime = ctx.ensureRuntimeManager();
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Initializing Local MLOps' }, async () => {
      await runtime.start();
      const state = runtime.state;
      if (state.kind !== 'ready') throw new Error(state.kind === 'error' ? state.message : 'the runtime is not running');
      const { created } = await call(state.client, WORKSPACE_INIT);
      ctx.refreshWorkspaceKind();
      ctx.log.info(created.length ? `initialized the workspace: created ${created.join(', ')}` : 'the workspace was already initialized');
    });
    await vscode.window.showTextDocument(vscode.Uri.file(join(ctx.folder, 'mlops.yaml')));
  });

  register('mlops.openConfig', async () => {
    if (!ctx.folder) return;
    await vscode.window.showTextDocument(vscode.Uri.file(join(ctx.folder, 'mlops.yaml')));
  });

  register('mlops.runtimeActions', async () => {
    const state = ctx.runtime?.state.kind ?? 'stopped';
    const items: (vscode.QuickPickItem & { command: string })[] = [
      { label: '$(output) Open Logs', command: 'mlops.showLogs' },
      ...(ctx.runtime
        ? [
            { label: '$(debug-restart) Restart Runtime', command: 'mlops.restartRuntime' },
            ...(state === 'ready' ? [{ label: '$(debug-stop) Stop Runtime', command: 'mlops.stopRuntime' }] : []),
            { label: '$(gear) Open mlops.yaml', command: 'mlops.openConfig' },
          ]
        : [{ label: '$(add) Initialize Workspace', command: 'mlops.init' }]),
    ];
    const pick = await vscode.window.showQuickPick(items, { title: `MLOps runtime: ${state}` });
    if (pick) await vscode.commands.executeCommand(pick.command);
  });
}

async function offerInit(): Promise<void> {
  const choice = await vscode.window.showInformationMessage('This folder is not a Local MLOps workspace yet.', 'Initialize Workspace');
  if (choice) await vscode.commands.executeCommand('mlops.init');
}
