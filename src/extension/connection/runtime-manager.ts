import type { ChildProcess } from 'node:child_process';
import * as vscode from 'vscode';
import type { RuntimeStatus } from '../../shared/api';
import type { RuntimeEvent } from '../../shared/events';
import type { EventSubscription } from '../../shared/runtime-client';
import { RuntimeClient } from '../../shared/runtime-client';
import type { RuntimeInfo } from '../../shared/runtime-info';
import type { Config } from '../config';
import { logRejection } from '../failure-reporting';
import { RestartPolicy } from './restart-policy';
import { readRuntimeInfo, spawnRuntime } from './runtime-process';
import { call, SHUTDOWN } from '../../shared/contract';

export type RuntimeState =
  | { kind: 'stopped'; reason?: string }
  | { kind: 'starting' }
  | { kind: 'ready'; status: RuntimeStatus; client: RuntimeClient }
  | { kind: 'error'; message: string };

/**
 * Owns the connection to the workspace's runtime: connects to a live one or starts one, follows
 * its event stream, restarts it after a crash (within the RestartPolicy), reports state.
 */
export class RuntimeManager implements vscode.Disposable {
  private readonly stateEmitter = new vscode.EventEmitter<RuntimeState>();
  private readonly eventEmitter = new vscode.EventEmitter<RuntimeEvent>();
  readonly onDidChangeState = this.stateEmitter.event;
  readonly onDidReceiveEvent = this.eventEmitter.event;

  private current: RuntimeState = { kind: 'stopped' };
  private child: ChildProcess | undefined;
  private subscription: EventSubscription | undefined;
  private starting: Promise<void> | undefined;
  private stoppingChild = false;
  private readonly policy = new RestartPolicy();

  constructor(
    private readonly workspace: string,
    private readonly cliPath: string,
    private readonly config: Config,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  get state(): RuntimeState {
    return this.current;
  }

  /** Connects to the workspace's live runtime, or starts one. Safe to call repeatedly. */
  start(): Promise<void> {
    this.starting ??= this.connectOrSpawn().finally(() => (this.starting = undefined));
    return this.starting;
  }

  async restart(): Promise<void> {
    this.policy.reset();
    await this.stop('restart requested');
    await this.start();
  }

  /** Stops the runtime gracefully, whether this window started it or another did. */
  async stop(reason = 'stopped by the user'): Promise<void> {
    this.disconnect();
    const state = this.current;
    if (this.child) {
      const child = this.child;
      this.stoppingChild = true;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await Promise.race([exited, delay(15_000)]);
      this.stoppingChild = false;
      this.child = undefined;
    } else if (state.kind === 'ready') {
      // A runtime that exits before it answers has done what was asked.
      await call(state.client, SHUTDOWN).catch((error: Error) => this.log.info(`shutdown request: ${error.message}`));
      await waitForExit(state.status.pid, 15_000);
    }
    this.setState({ kind: 'stopped', reason });
  }

  /** Resolves with the runtime's status once ready; rejects on error or after `timeoutMs`. */
  whenReady(timeoutMs = 30_000): Promise<RuntimeStatus> {
    const now = this.current;
    if (now.kind === 'ready') return Promise.resolve(now.status);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        listener.dispose();
        reject(new Error(`MLOps runtime not ready after ${timeoutMs} ms (state: ${this.current.kind})`));
      }, timeoutMs);
      const listener = this.onDidChangeState((state) => {
        if (state.kind !== 'ready' && state.kind !== 'error') return;
        clearTimeout(timer);
        listener.dispose();
        if (state.kind === 'ready') resolve(state.status);
        else reject(new Error(state.message));
      });
    });
  }

  dispose(): void {
    this.disconnect();
    if (this.child) {
      this.stoppingChild = true;
      this.child.kill('SIGTERM');
    }
    this.stateEmitter.dispose();
    this.eventEmitter.dispose();
  }

  private async connectOrSpawn(): Promise<void> {
    this.setState({ kind: 'starting' });
    try {
      const existing = await readRuntimeInfo(this.workspace);
      if (existing && (await this.tryConnect(existing))) return;
      const spawned = await spawnRuntime({
        cliPath: this.cliPath,
        workspace: this.workspace,
        node: this.config.runtimeNode,
        log: (line) => this.log.info(`[runtime] ${line}`),
      });
      if (spawned.child) this.watchChild(spawned.child);
      if (!(await this.tryConnect(spawned.info))) throw new Error('the runtime started but does not answer its health check');
    } catch (error) {
      const message = `The MLOps runtime could not start: ${(error as Error).message}`;
      this.log.error(message);
      this.setState({ kind: 'error', message });
    }
  }

  private async tryConnect(info: RuntimeInfo): Promise<boolean> {
    const client = new RuntimeClient(info);
    let status: RuntimeStatus;
    try {
      const health = await client.health();
      if (health.pid !== info.pid) return false;
      status = await client.status();
    } catch (error) {
      this.log.info(`no runtime answers on port ${info.port}: ${(error as Error).message}`);
      return false;
    }
    this.log.info(`connected to the runtime on port ${info.port} (pid ${status.pid}, Node ${status.node.version}, store ${status.store.driver})`);
    this.subscribe(client, status.pid);
    this.setState({ kind: 'ready', status, client });
    return true;
  }

  private subscribe(client: RuntimeClient, pid: number): void {
    this.subscription?.close();
    this.subscription = client.subscribe({
      onEvent: (event) => {
        if (event.type === 'events.gap') this.log.warn(`missed runtime events ${event.data.since + 1}…${event.data.oldest - 1} (older than the runtime's event log); views reload what they show`);
        this.eventEmitter.fire(event);
      },
      onState: (state) => {
        // A runtime this window did not start can go away too; start one then.
        if (state === 'retrying' && !this.child && this.current.kind === 'ready' && !isAlive(pid)) {
          this.log.warn(`the runtime (pid ${pid}) went away; starting a new one`);
          this.disconnect();
          logRejection(this.log, 'starting the runtime', this.start());
        }
      },
    });
  }

  private watchChild(child: ChildProcess): void {
    this.child = child;
    child.once('exit', (code, signal) => {
      if (this.child === child) this.child = undefined;
      if (this.stoppingChild) return;
      this.disconnect();
      const how = signal ?? `exit code ${code}`;
      if (code === 0 && !signal) {
        this.setState({ kind: 'stopped', reason: 'the runtime stopped' });
        return;
      }
      if (this.policy.allowRestart(Date.now())) {
        this.log.warn(`the runtime stopped unexpectedly (${how}); restarting`);
        logRejection(this.log, 'restarting the runtime', this.start());
      } else {
        const message = `The MLOps runtime crashed ${this.policy.limit + 1} times within 3 minutes (last: ${how}); it was not restarted again.`;
        this.log.error(message);
        this.setState({ kind: 'error', message });
      }
    });
  }

  private disconnect(): void {
    this.subscription?.close();
    this.subscription = undefined;
  }

  private setState(state: RuntimeState): void {
    this.current = state;
    this.stateEmitter.fire(state);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid) && Date.now() < deadline) await delay(50);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
