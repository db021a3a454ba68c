import * as vscode from 'vscode';
import type { MlopsApi } from './api';
import { registerCommands } from './commands';
import { registerCompareCommands } from './compare/compare-commands';
import { registerCompareSerializer } from './compare/compare-serializer';
import { registerConfigDiagnostics } from './config-diagnostics';
import { MlopsContext } from './ctx';
import { registerDatasetCommands } from './datasets/dataset-commands';
import { registerLaunchCommands } from './launch/launch-commands';
import { registerModelCommands } from './models/model-commands';
import { registerDriftDashboard } from './monitors/drift-dashboard-commands';
import { registerMonitoring } from './monitors/register-monitoring';
import { registerPipelines } from './pipelines';
import { registerDag } from './pipelines/dag';
import { registerRunCommands } from './runs/run-commands';
import { registerRunPage } from './runs/run-page/register-run-page';

/** Activation only wires: the owner object, commands, then the runtime connection in the background. */
export function activate(context: vscode.ExtensionContext): MlopsApi {
  const started = performance.now();
  let ctx: MlopsContext | undefined;
  try {
    ctx = new MlopsContext(context);
    context.subscriptions.push(ctx);
    registerCommands(ctx);
    registerRunCommands(ctx);
    registerRunPage(ctx);
    registerLaunchCommands(ctx);
    registerDatasetCommands(ctx);
    registerDag(ctx, registerPipelines(ctx).state);
    registerModelCommands(ctx, ctx.modelServers);
    registerCompareCommands(ctx);
    registerCompareSerializer(ctx);
    registerMonitoring(ctx);
    registerDriftDashboard(ctx);
    registerConfigDiagnostics(ctx);
    ctx.startIfInitialized();
  } catch (error) {
    void vscode.window.showErrorMessage(`Local MLOps failed to activate: ${(error as Error).message}`);
    throw error;
  }
  const activationMs = performance.now() - started;
  ctx.log.info(`activated in ${activationMs.toFixed(1)} ms`);
  return ctx.api(activationMs);
}

export function deactivate(): void {
  // Disposables in context.subscriptions stop what this window started.
}
