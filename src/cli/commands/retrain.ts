import { RetrainSteps, RetrainTriggerStore, retrainConfigHint } from '../../core/monitoring';
import { openWorkspaceRegistry } from '../../core/registry';
import { Store } from '../../core/store';
import type { MonitorConfig } from '../../core/monitoring';
import { loadMonitorsConfig } from '../../core/monitoring';
import type { RetrainTrigger } from '../../shared/monitors';
import type { ParsedArgs } from '../args';
import { UsageError, stringOption } from '../args';
import type { CliIo } from '../io';
import { openRuntimeSession } from '../runtime-session';
import { retrainThroughRuntime } from './retrain-pipeline';
import { resolveWorkspace } from '../workspace';

export const retrainUsage = 'mlops retrain MONITOR | list [MONITOR]   retrain a monitor\'s model now (validated, promoted if it passes) | list retrains';

const iso = (time: number): string => new Date(time).toISOString().replace('T', ' ').slice(0, 19);

/** `mlops retrain`: the whole chain in this process; exit 0 when the new version was promoted, 1 otherwise. */
export async function retrainCommand(args: ParsedArgs, io: CliIo, cliPath = process.argv[1] ?? ''): Promise<number> {
  const [first, second, extra] = args.positionals;
  if (!first || extra !== undefined || (first !== 'list' && second !== undefined)) throw new UsageError(retrainUsage);
  const paths = resolveWorkspace(stringOption(args, 'workspace'));
  if (first === 'list') {
    const store = Store.open(paths.db);
    try {
      const triggers = new RetrainTriggerStore(store.db).list(second);
      if (triggers.length === 0) io.out(second ? `No retrains of ${second} yet: run mlops retrain ${second}.` : 'No retrains yet.');
      for (const t of triggers) io.out(listLine(t));
    } finally {
      store.close();
    }
    return 0;
  }
  const monitor = retrainableMonitor(paths.config, first, io);
  if (!monitor) return 1;
  if (monitor.retrain!.pipeline !== undefined) return retrainThroughRuntime(paths, monitor, io, progress);
  // The training's `mlops run` attaches to this runtime rather than starting (and recovering) its own.
  const session = await openRuntimeSession(paths);
  const store = Store.open(paths.db);
  try {
    let shown: RetrainTrigger | undefined;
    const steps = new RetrainSteps({
      store,
      paths,
      registry: openWorkspaceRegistry(store, paths),
      now: Date.now,
      changed: (trigger) => {
        for (const line of progress(shown, trigger)) io.out(line);
        shown = trigger;
      },
    });
    const active = steps.triggers.active(monitor.name);
    // A retrain waiting for the user's answer is answered yes by asking for one here.
    if (active?.status === 'pending' && steps.triggers.claimPending(active.id, Date.now())) {
      shown = steps.triggers.get(active.id);
      io.out(`retrain ${shown.id} of ${monitor.name} was waiting for an answer (${shown.reason}); starting it`);
    } else if (active) {
      const now = steps.triggers.get(active.id);
      io.err(`mlops retrain: a retrain of ${monitor.name} is already ${now.status} (retrain ${now.id}, ${now.reason}); wait for it to finish.`);
      return 1;
    } else {
      shown = steps.triggers.create({ monitor: monitor.name, reason: 'manual', policy: monitor.retrain!.policy, status: 'running', time: Date.now() });
    }
    io.out(`retrain ${shown.id} of ${monitor.name}: mlops run -- ${monitor.retrain!.command!.join(' ')}`);
    const id = shown.id;
    const lines = new LineBuffer((line) => io.out(`  ${line}`));
    try {
      const run = await steps.train(id, monitor, { cliPath, onOutput: (text) => lines.push(text) });
      lines.end();
      const ended = await steps.conclude(id, monitor, run);
      return ended?.status === 'promoted' ? 0 : 1;
    } catch (error) {
      steps.update(id, { status: 'failed', decision: (error as Error).message });
      return 1;
    }
  } finally {
    store.close();
    await session.release();
  }
}

/** The monitor to retrain from the command line, or undefined after saying why it cannot be. */
function retrainableMonitor(config: string, name: string, io: CliIo): MonitorConfig | undefined {
  const { monitors, errors } = loadMonitorsConfig(config);
  for (const error of errors) io.err(error);
  const monitor = monitors.find((m) => m.name === name);
  if (!monitor) io.err(`mlops retrain: no valid monitor named "${name}" in mlops.yaml${monitors.length ? ` (monitors: ${monitors.map((m) => m.name).join(', ')})` : ''}.`);
  else if (!monitor.retrain) io.err(`mlops retrain: monitor ${name} has no retrain configured; ${retrainConfigHint(name)}.`);
  else if (!monitor.retrain.command && monitor.retrain.pipeline === undefined) io.err(`mlops retrain: monitor ${name} retrains with the VS Code task "${monitor.retrain.task}", which only VS Code can run; retrain it from VS Code, or give retrain.command to retrain from the command line.`);
  else return monitor;
  return undefined;
}

/** What changed between two states of a trigger, as progress lines. */
function progress(before: RetrainTrigger | undefined, now: RetrainTrigger): string[] {
  const lines: string[] = [];
  const data = now.dataVersion;
  if (data && !before?.dataVersion) lines.push(`data: ${data.path} v${data.version} (${data.md5.slice(0, 8)})`);
  if (now.runId && !before?.runId) lines.push(`run: ${now.runId}`);
  if (now.status !== before?.status) {
    if (now.status === 'validating' && now.modelVersion) lines.push(`validating ${now.modelVersion.name} v${now.modelVersion.version}`);
    else if (now.decision) lines.push(`${now.status}: ${now.decision}`);
    else lines.push(now.status);
  }
  return lines;
}

function listLine(t: RetrainTrigger): string {
  return [
    `#${t.id}`,
    iso(t.createdAt),
    t.monitor,
    t.reason,
    t.status,
    t.runId ? `run ${t.runId.slice(0, 8)}` : '-',
    t.modelVersion ? `${t.modelVersion.name} v${t.modelVersion.version}` : '-',
    t.decision ?? '',
  ]
    .join('  ')
    .trimEnd();
}

/** Splits streamed output into lines. */
class LineBuffer {
  private rest = '';

  constructor(private readonly line: (text: string) => void) {}

  push(text: string): void {
    const parts = (this.rest + text).split('\n');
    this.rest = parts.pop() ?? '';
    for (const part of parts) this.line(part.replace(/\r$/, ''));
  }

  end(): void {
    if (this.rest) this.line(this.rest);
    this.rest = '';
  }
}
