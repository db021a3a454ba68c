import { Runtime } from '../../runtime';
import type { ParsedArgs } from '../args';
import { intOption, stringOption } from '../args';
import type { CliIo } from '../io';
import { resolveWorkspace } from '../workspace';

export const runtimeUsage = 'mlops runtime [--workspace DIR] [--port N]   serve the workspace on 127.0.0.1 until stopped';

/** Runs the workspace's runtime in the foreground until SIGTERM/SIGINT or /api/shutdown. */
export async function runtimeCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const paths = resolveWorkspace(stringOption(args, 'workspace'));
  // Handlers first: a signal that arrives while starting stops the runtime once it is up.
  let runtime: Runtime | undefined;
  let pending: string | undefined;
  const stop = (started: Runtime, reason: string): void => {
    started.stop(reason).catch((error: unknown) => {
      // A runtime that cannot shut down cleanly must not hang the process.
      io.err(`mlops runtime: stopping failed: ${(error as Error).message}`);
      process.exit(1);
    });
  };
  const onSignal = (signal: string) => {
    if (runtime) stop(runtime, `received ${signal}`);
    else pending = signal;
  };
  const onTerm = () => onSignal('SIGTERM');
  const onInt = () => onSignal('SIGINT');
  process.on('SIGTERM', onTerm);
  process.on('SIGINT', onInt);
  try {
    const result = await Runtime.start({ workspace: paths.root, port: intOption(args, 'port', 0, 65535) });
    if (result.kind === 'already-running') {
      io.out(`An MLOps runtime is already running for ${paths.root} on http://127.0.0.1:${result.info.port} (pid ${result.info.pid}); nothing to do.`);
      return 0;
    }
    runtime = result.runtime;
    if (pending) stop(runtime, `received ${pending}`);
    await runtime.whenStopped();
    return 0;
  } finally {
    process.off('SIGTERM', onTerm);
    process.off('SIGINT', onInt);
  }
}
