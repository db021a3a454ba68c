import { Runtime } from '../../runtime';
import type { ParsedArgs } from '../args';
import { intOption, stringOption } from '../args';
import type { CliIo } from '../io';
import { resolveWorkspace } from '../workspace';

export const runtimeUsage = 'mlops runtime [--workspace DIR] [--port N]   serve the workspace on 127.0.0.1 until stopped';

/** Runs the workspace's runtime in the foreground until SIGTERM/SIGINT or /api/shutdown. */
export async function runtimeCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const paths = resolveWorkspace(stringOption(args, 'workspace'));
  const result = await Runtime.start({ workspace: paths.root, port: intOption(args, 'port', 0, 65535) });
  if (result.kind === 'already-running') {
    io.out(`An MLOps runtime is already running for ${paths.root} on http://127.0.0.1:${result.info.port} (pid ${result.info.pid}); nothing to do.`);
    return 0;
  }
  const { runtime } = result;
  const stop = (signal: string) => void runtime.stop(`received ${signal}`);
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  await runtime.whenStopped();
  return 0;
}
