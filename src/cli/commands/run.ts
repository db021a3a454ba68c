import { join } from 'node:path';
import type { KeyValue } from '../../core/tracking';
import type { ParsedArgs } from '../args';
import { UsageError, intOption, stringOption } from '../args';
import type { CliIo } from '../io';
import { openRuntimeSession } from '../runtime-session';
import { TrackedRun } from '../tracked-run';
import { resolveWorkspace } from '../workspace';

export const runUsage = 'mlops run [--experiment X] [--name N] [-p key=value …] -- COMMAND…   run COMMAND as a tracked run';

export function parseParams(values: readonly string[]): KeyValue[] {
  return values.map((text) => {
    const eq = text.indexOf('=');
    if (eq <= 0) throw new UsageError(`-p takes key=value, got "${text}"`);
    return { key: text.slice(0, eq), value: text.slice(eq + 1) };
  });
}

/** `mlops run`: the exit code is the command's, so CI sees what the training did. */
export async function runCommand(args: ParsedArgs, _io: CliIo): Promise<number> {
  if (args.rest.length === 0) throw new UsageError('give the command to run after --, e.g. mlops run -- python train.py');
  const paths = resolveWorkspace(stringOption(args, 'workspace'));
  const session = await openRuntimeSession(paths);
  const { info } = session.client;
  const tracked = new TrackedRun({
    client: session.client,
    token: info.token,
    port: info.port,
    workspace: paths.root,
    logsDir: join(paths.logs, 'runs'),
    command: args.rest,
    experiment: stringOption(args, 'experiment'),
    runName: stringOption(args, 'name'),
    params: parseParams(args.lists.get('param') ?? []),
    systemMetricsMs: intOption(args, 'system-metrics-interval', 100, 3_600_000),
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
  });
  const forward = (signal: NodeJS.Signals) => () => tracked.stop(signal);
  const handlers = (['SIGINT', 'SIGTERM', 'SIGHUP'] as const).map((s) => [s, forward(s)] as const);
  for (const [signal, handler] of handlers) process.on(signal, handler);
  try {
    return (await tracked.execute()).exitCode;
  } finally {
    for (const [signal, handler] of handlers) process.off(signal, handler);
    await session.release();
  }
}
