import { isPidAlive, readRuntimeFile } from '../../runtime';
import type { ParsedArgs } from '../args';
import { stringOption } from '../args';
import type { CliIo } from '../io';
import { connectRuntime, resolveWorkspace } from '../workspace';
import { call, SHUTDOWN } from '../../shared/contract';

export const stopUsage = 'mlops stop [--workspace DIR]                  stop the workspace runtime gracefully';

export async function stopCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const paths = resolveWorkspace(stringOption(args, 'workspace'));
  const client = await connectRuntime(paths);
  const state = readRuntimeFile(paths.runtimeFile);
  if (!client || state.kind !== 'present') {
    io.out(`No runtime is running for ${paths.root}.`);
    return 0;
  }
  await call(client, SHUTDOWN);
  const deadline = Date.now() + 15_000;
  while (isPidAlive(state.info.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  if (isPidAlive(state.info.pid)) {
    io.err(`The runtime (pid ${state.info.pid}) is still finishing requests after 15 s; it will exit when they end.`);
    return 1;
  }
  io.out(`Stopped the runtime of ${paths.root} (pid ${state.info.pid}).`);
  return 0;
}
