// What the extension-host suites share: the extension's API and polling for a condition.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { MlopsApi } from '../../../src/extension/api';

const EXTENSION_ID = 'local-mlops.local-mlops';

export async function api(): Promise<MlopsApi> {
  const extension = vscode.extensions.getExtension<MlopsApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is installed`);
  return extension.activate();
}

/** Polls `probe` every 100 ms until it returns a value, or fails naming `what`. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
