import * as vscode from 'vscode';

export const DATASET_SCHEME = 'mlops-dataset';

export type DatasetBadgeState = 'ok' | 'modified' | 'missing' | 'not-in-cache' | 'not-pushed';

const DECORATIONS: Record<Exclude<DatasetBadgeState, 'ok'>, vscode.FileDecoration> = {
  modified: new vscode.FileDecoration('M', 'Modified since its latest version', new vscode.ThemeColor('gitDecoration.modifiedResourceForeground')),
  missing: new vscode.FileDecoration('D', 'Missing from the workspace', new vscode.ThemeColor('gitDecoration.deletedResourceForeground')),
  'not-in-cache': new vscode.FileDecoration('C', 'Its latest version is not in the cache (pull it)', new vscode.ThemeColor('gitDecoration.conflictingResourceForeground')),
  'not-pushed': new vscode.FileDecoration('↑', 'Its latest version is not in the remote yet (push it)', new vscode.ThemeColor('gitDecoration.untrackedResourceForeground')),
};

/** A dataset node's identity for decorations: the badge follows the state in the query. */
export function datasetUri(path: string, state: DatasetBadgeState): vscode.Uri {
  return vscode.Uri.from({ scheme: DATASET_SCHEME, path: `/${path}`, query: state });
}

/** Status badges of the Datasets view: modified, missing, not in cache, not pushed. */
export class DatasetDecorations implements vscode.FileDecorationProvider {
  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    if (uri.scheme !== DATASET_SCHEME || uri.query === 'ok') return undefined;
    return DECORATIONS[uri.query as Exclude<DatasetBadgeState, 'ok'>];
  }
}
