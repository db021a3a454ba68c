import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RuntimeInfo } from '../../shared/runtime-info';
import { MLOPS_DIR, RUNTIME_FILE, parseRuntimeInfo } from '../../shared/runtime-info';

export interface SpawnOptions {
  cliPath: string;
  workspace: string;
  /** The Node to run the runtime with; VS Code's own executable when undefined. */
  node: string | undefined;
  log(line: string): void;
  timeoutMs?: number;
}

export interface Spawned {
  child: ChildProcess | undefined;
  info: RuntimeInfo;
}

export async function readRuntimeInfo(workspace: string): Promise<RuntimeInfo | undefined> {
  try {
    return parseRuntimeInfo(await readFile(join(workspace, MLOPS_DIR, RUNTIME_FILE), 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Starts `mlops runtime` for the workspace and resolves once it is ready (or once it reports that
 * another runtime already serves the workspace, whose info is returned with no child).
 */
export function spawnRuntime(options: SpawnOptions): Promise<Spawned> {
  const node = options.node || process.execPath;
  const child = spawn(node, [options.cliPath, 'runtime', '--workspace', options.workspace], {
    cwd: options.workspace,
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  options.log(`starting the runtime: ${node} ${options.cliPath} runtime --workspace ${options.workspace}`);

  return new Promise<Spawned>((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const ready = async (alreadyRunning: boolean): Promise<void> => {
      const info = await readRuntimeInfo(options.workspace);
      if (!info) return settle(() => reject(new Error('the runtime said it was ready but .mlops/runtime.json is missing or garbled')));
      settle(() => resolve({ child: alreadyRunning ? undefined : child, info }));
    };
    const timer = setTimeout(() => {
      settle(() => reject(new Error(`the runtime did not become ready within ${(options.timeoutMs ?? 20_000) / 1000} s`)));
      child.kill('SIGTERM');
    }, options.timeoutMs ?? 20_000);

    forEachLine(child.stdout, (line) => {
      options.log(line);
      const alreadyRunning = / ready on http:\/\/127\.0\.0\.1:\d+/.test(line) ? false : /already running/.test(line) ? true : undefined;
      if (alreadyRunning !== undefined) ready(alreadyRunning).catch((error: unknown) => settle(() => reject(error as Error)));
    });
    forEachLine(child.stderr, (line) => options.log(line));
    child.once('error', (error) => settle(() => reject(new Error(`cannot start ${node}: ${error.message}. Check the setting mlops.runtime.node.`))));
    child.once('exit', (code, signal) => {
      settle(() => reject(new Error(`the runtime exited before it was ready (${signal ?? 'exit code ' + code}); see the log above`)));
    });
  });
}

export function forEachLine(stream: NodeJS.ReadableStream | null, onLine: (line: string) => void): void {
  if (!stream) return;
  let buffer = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    buffer += chunk;
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) onLine(line.replace(/^\d{4}-\d\d-\d\dT[\d:.]+Z /, ''));
  });
  stream.on('end', () => {
    if (buffer.trim()) onLine(buffer);
  });
}
