import { linkSync, readFileSync, unlinkSync } from 'node:fs';
import { removeStaleTemps, writePrivateTemp } from '../core/workspace';
import type { RuntimeInfo } from '../shared/runtime-info';
import { parseRuntimeInfo, runtimeBaseUrl } from '../shared/runtime-info';
import type { HealthResponse } from '../shared/api';

export type RuntimeFileState =
  | { kind: 'absent' }
  | { kind: 'garbled'; text: string }
  | { kind: 'present'; info: RuntimeInfo };

export function readRuntimeFile(path: string): RuntimeFileState {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'absent' };
    throw error;
  }
  const info = parseRuntimeInfo(text);
  return info ? { kind: 'present', info } : { kind: 'garbled', text };
}

export function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export type Liveness = 'live' | 'dead' | 'unresponsive';

/** Whether the runtime a runtime.json describes is running and answering as that pid. */
export async function probeRuntime(info: RuntimeInfo, timeoutMs = 2000): Promise<Liveness> {
  if (!isPidAlive(info.pid)) return 'dead';
  try {
    const response = await fetch(`${runtimeBaseUrl(info)}/health`, { signal: AbortSignal.timeout(timeoutMs) });
    const health = (await response.json()) as HealthResponse;
    // A recycled pid or another program on the port is not our runtime.
    return response.ok && health.pid === info.pid ? 'live' : 'dead';
  } catch (error) {
    const code = (error as { cause?: { code?: string } }).cause?.code;
    return code === 'ECONNREFUSED' ? 'dead' : 'unresponsive';
  }
}

/**
 * Publishes runtime.json (mode 0600) only if no other runtime has: written to a new temp file of
 * an unguessable name (created exclusively, never through a symlink), then hard-linked into
 * place, which fails if the name exists. Returns false when it lost.
 */
export function publishRuntimeFile(path: string, info: RuntimeInfo): boolean {
  const temp = writePrivateTemp(path, JSON.stringify(info, null, 2) + '\n');
  try {
    linkSync(temp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(temp);
  }
}

/** Temp files of runtime.json left by a runtime killed mid-publish (a minute old: none still in use). */
export function removeStaleRuntimeTemps(path: string): number {
  return removeStaleTemps(path, 60_000);
}

/** Removes runtime.json if it still names `pid` (a successor's file is left alone). */
export function removeRuntimeFile(path: string, pid: number): void {
  const state = readRuntimeFile(path);
  if (state.kind === 'present' && state.info.pid !== pid) return;
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
