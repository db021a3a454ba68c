import * as vscode from 'vscode';
import type { MlopsContext } from '../ctx';
import type { ModelsNode } from './models-tree-provider';
import { aliasRefusalMessage } from './protected-alias';

/**
 * Shows a protected-alias refusal with a *Validate…* button that starts the Validate flow for the
 * version; false when `error` is not such a refusal (the caller rethrows it).
 */
export function offerValidation(ctx: MlopsContext, target: ModelsNode & { kind: 'version' }, error: unknown): boolean {
  const message = aliasRefusalMessage(error);
  if (!message) return false;
  ctx.log.warn(`mlops.setModelAlias: ${message}`);
  void vscode.window.showErrorMessage(message, 'Validate…').then((choice) => {
    if (choice) void vscode.commands.executeCommand('mlops.validateModel', target);
  });
  return true;
}
