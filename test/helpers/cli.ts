import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { RuntimeInfo } from '../../src/shared/runtime-info';

export const CLI = resolve(__dirname, '../../dist/cli.js');

if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build (npm test does it first)`);

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built `mlops` CLI to completion. */
export function runCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
  });
}

export interface RuntimeProcess {
  child: ChildProcess;
  info: RuntimeInfo;
  output(): string;
  exited: Promise<number | null>;
}

/** Starts `mlops runtime` as a real process and waits until it says it is ready. */
export function startRuntimeProcess(workspace: string, extraArgs: string[] = []): Promise<RuntimeProcess> {
  const child = spawn(process.execPath, [CLI, 'runtime', '--workspace', workspace, ...extraArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`runtime not ready in 15 s:\n${output}`)), 15_000);
    const onData = (c: Buffer): void => {
      output += c.toString();
      if (/ ready on http/.test(output)) {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        child.stdout!.on('data', (more: Buffer) => (output += more.toString()));
        const info = JSON.parse(readFileSync(join(workspace, '.mlops', 'runtime.json'), 'utf8')) as RuntimeInfo;
        resolvePromise({ child, info, output: () => output, exited });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`runtime exited with ${code} before ready:\n${output}`));
    });
  });
}
