import { Store } from '../../core/store';
import { initWorkspace } from '../../core/workspace';
import type { ParsedArgs } from '../args';
import { stringOption } from '../args';
import type { CliIo } from '../io';
import { connectRuntime, resolveWorkspace } from '../workspace';
import { call, WORKSPACE_INIT } from '../../shared/contract';

export const initUsage = 'mlops init [--workspace DIR]                  create .mlops/ and an mlops.yaml skeleton';

export async function initCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const paths = resolveWorkspace(stringOption(args, 'workspace') ?? '.');
  const client = await connectRuntime(paths);
  const created = client
    ? (await call(client, WORKSPACE_INIT)).created
    : initDirectly(paths.root, paths.db);
  if (created.length === 0) io.out(`${paths.root} is already a Local MLOps workspace.`);
  else io.out(`Initialized ${paths.root}: created ${created.join(', ')}`);
  return 0;
}

function initDirectly(root: string, db: string): string[] {
  const created = initWorkspace(root);
  Store.open(db).close();
  return created;
}
