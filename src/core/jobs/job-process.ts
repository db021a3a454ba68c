import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import { sampleProcessTree } from '../tracking';
import { seconds } from './job-outcome';
import { LineSplitter } from './output-lines';
import { SPAWNS_GROUP, signalGroup } from './process-group';
import type { OutputStream, ProcessExit, ProcessListeners, ProcessSpec } from './types';

const DEFAULT_GRACE_MS = 5000;

/**
 * One running process tree: spawned in its own process group, its output captured to the log and
 * the listeners, its resources sampled, stopped as a whole (SIGTERM, then SIGKILL after the grace
 * period). `exited` resolves once the tree is down and the log is written.
 */
export class JobProcess {
  readonly exited: Promise<ProcessExit>;
  private readonly child: ChildProcess;
  private readonly log: WriteStream | undefined;
  private readonly timers: NodeJS.Timeout[] = [];
  private escalation: NodeJS.Timeout | undefined;
  private timedOut = false;
  private stoppedBy: NodeJS.Signals | undefined;
  private startError: string | undefined;

  constructor(
    private readonly spec: ProcessSpec,
    private readonly listeners: ProcessListeners = {},
  ) {
    this.log = openLog(spec);
    const shell = typeof spec.command === 'string';
    const [program, ...args] = shell ? [spec.command as string] : (spec.command as readonly string[]);
    this.child = spawn(program ?? '', args, { cwd: spec.cwd, env: spec.env ?? process.env, stdio: [spec.stdin ?? 'ignore', 'pipe', 'pipe'], detached: SPAWNS_GROUP, shell });
    this.capture('stdout');
    this.capture('stderr');
    this.exited = new Promise((resolve) => this.child.once('close', (code, signal) => this.closed(code, signal, resolve)));
    this.child.once('error', (error) => {
      this.startError = error.message;
      this.note(`mlops: cannot start ${program}: ${error.message}`);
    });
    this.child.once('exit', () => {
      // What the command left behind in its group would hold the pipes open: it ends with the command.
      if (this.child.pid !== undefined && signalGroup(this.child.pid, 0)) this.terminate('SIGTERM');
    });
    if (spec.timeoutMs !== undefined) this.timers.push(setTimeout(() => this.timeout(), spec.timeoutMs));
    if (spec.sampleMs !== undefined && listeners.onSample) this.sample(spec.sampleMs, listeners.onSample);
  }

  /** The process group leader's pid; undefined when it could not be started. */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Stops the whole tree: `signal` now, SIGKILL after the grace period if anything is left. */
  stop(signal: NodeJS.Signals = 'SIGTERM'): void {
    this.stoppedBy ??= signal;
    this.terminate(signal);
  }

  private timeout(): void {
    this.timedOut = true;
    this.note(`mlops: timed out after ${seconds(this.spec.timeoutMs!)}; stopping the process tree`);
    this.terminate('SIGTERM');
  }

  private terminate(signal: NodeJS.Signals): void {
    const { pid } = this.child;
    if (pid === undefined) return;
    signalGroup(pid, signal);
    this.escalation ??= setTimeout(() => signalGroup(pid, 'SIGKILL'), this.spec.graceMs ?? DEFAULT_GRACE_MS);
  }

  private capture(name: OutputStream): void {
    const stream = this.child[name]!;
    const lines = new LineSplitter((line) => this.listeners.onLine?.(name, line));
    stream.setEncoding('utf8');
    stream.on('data', (text: string) => {
      this.log?.write(text);
      this.listeners.onChunk?.(name, text);
      lines.push(text);
    });
    stream.on('end', () => lines.end());
  }

  private sample(intervalMs: number, onSample: NonNullable<ProcessListeners['onSample']>): void {
    let busy = false;
    const timer = setInterval(() => {
      const { pid } = this.child;
      if (pid === undefined || busy) return;
      busy = true;
      void sampleProcessTree(pid)
        .then((usage) => usage && onSample(usage))
        .catch(() => undefined)
        .finally(() => (busy = false));
    }, intervalMs);
    this.timers.push(timer);
  }

  private closed(code: number | null, signal: NodeJS.Signals | null, resolve: (exit: ProcessExit) => void): void {
    for (const timer of this.timers) clearInterval(timer);
    const { pid } = this.child;
    // The tree is down when the job is: a member that ignored SIGTERM gets no grace beyond this.
    if (this.escalation && pid !== undefined && signalGroup(pid, 0)) signalGroup(pid, 'SIGKILL');
    clearTimeout(this.escalation);
    if (signal) this.note(`mlops: the process was stopped by ${signal}`);
    const exit: ProcessExit = { code, signal, timedOut: this.timedOut, ...(this.stoppedBy && { stoppedBy: this.stoppedBy }), ...(this.startError !== undefined && { startError: this.startError }) };
    if (this.log) this.log.end(() => resolve(exit));
    else resolve(exit);
  }

  private note(line: string): void {
    this.log?.write(`${line}\n`);
  }
}

/** Starts `spec` as its own process group; see JobProcess. */
export function startProcess(spec: ProcessSpec, listeners?: ProcessListeners): JobProcess {
  return new JobProcess(spec, listeners);
}

function openLog(spec: ProcessSpec): WriteStream | undefined {
  if (spec.log === undefined) return undefined;
  mkdirSync(dirname(spec.log), { recursive: true });
  const log = createWriteStream(spec.log);
  // A log that cannot be written must not take the runtime down; the listeners still get the output.
  log.on('error', () => undefined);
  if (spec.logHeader !== undefined) log.write(`${spec.logHeader}\n`);
  return log;
}
