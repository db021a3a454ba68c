import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';

export type WorkspaceKind = 'none' | 'uninitialized' | 'initialized';

/** The folder this window's runtime serves: the first workspace folder on disk. */
export function primaryFolder(): string | undefined {
  return vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri.fsPath;
}

/** Initialized when it has Local MLOps state or config, or is a DVC project. */
export function workspaceKind(folder: string | undefined): WorkspaceKind {
  if (!folder) return 'none';
  const markers = ['.mlops', 'mlops.yaml', 'dvc.yaml', '.dvc'];
  return markers.some((m) => existsSync(join(folder, m))) ? 'initialized' : 'uninitialized';
}
