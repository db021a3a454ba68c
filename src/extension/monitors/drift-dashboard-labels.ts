import * as vscode from 'vscode';
import type { RuntimeClient } from '../../shared/runtime-client';
import { labelsOf, parseLabelTable } from './label-file';
import { call, MONITORS_LABELS } from '../../shared/contract';

const CHUNK = 1000;

/** Puts the likeliest column first: one whose name matches, else the file's order. */
function ordered(columns: readonly string[], likely: RegExp): string[] {
  return [...columns.filter((c) => likely.test(c)), ...columns.filter((c) => !likely.test(c))];
}

/**
 * Add Labels…: the true values of served requests from a CSV/TSV/JSONL file. The user picks the
 * file, its request-id column (the x-request-id the server answered with) and its label column;
 * the labels go to POST /api/monitors/NAME/labels. Answers how many were added, or undefined when cancelled.
 */
export async function addLabelsFromFile(client: RuntimeClient, monitor: string, folder: string | undefined): Promise<number | undefined> {
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    title: `True labels of ${monitor}'s requests`,
    filters: { Tables: ['csv', 'tsv', 'jsonl'] },
    ...(folder && { defaultUri: vscode.Uri.file(folder) }),
  });
  const file = picked?.[0];
  if (!file) return undefined;
  const table = parseLabelTable(file.fsPath, new TextDecoder().decode(await vscode.workspace.fs.readFile(file)));
  if (table.columns.length < 2) throw new Error(`${vscode.workspace.asRelativePath(file)} needs a request-id column and a label column; it has ${table.columns.length}.`);
  const id = await vscode.window.showQuickPick(ordered(table.columns, /request.?id|^id$/i), { title: 'Which column holds the request id (x-request-id)?' });
  if (!id) return undefined;
  const label = await vscode.window.showQuickPick(ordered(table.columns.filter((c) => c !== id), /label|target|truth|^y$/i), { title: 'Which column holds the true label?' });
  if (!label) return undefined;
  const { labels, skipped } = labelsOf(table, id, label);
  if (labels.length === 0) throw new Error(`No row of ${vscode.workspace.asRelativePath(file)} has both a ${id} and a ${label}.`);
  for (let i = 0; i < labels.length; i += CHUNK) {
    await call(client, MONITORS_LABELS, { name: monitor, labels: labels.slice(i, i + CHUNK) });
  }
  const note = skipped > 0 ? ` (${skipped} rows without an id or a label skipped)` : '';
  void vscode.window.showInformationMessage(`Added ${labels.length} labels to ${monitor}${note}; performance shows from its next run.`);
  return labels.length;
}
