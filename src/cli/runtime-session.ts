import type { WorkspacePaths } from '../core/workspace';
import { Runtime } from '../runtime';
import { RuntimeClient } from '../shared/runtime-client';
import { connectRuntime } from './workspace';

export interface RuntimeSession {
  client: RuntimeClient;
  /** Stops the runtime if this session started it. */
  release(): Promise<void>;
}

/** The workspace's live runtime, or one started in this process for as long as the command runs. */
export async function openRuntimeSession(paths: WorkspacePaths, log: (line: string) => void = () => undefined): Promise<RuntimeSession> {
  const live = await connectRuntime(paths);
  if (live) return { client: live, release: async () => undefined };
  const result = await Runtime.start({ workspace: paths.root, log });
  if (result.kind === 'already-running') return { client: new RuntimeClient(result.info), release: async () => undefined };
  const { runtime } = result;
  return { client: new RuntimeClient(runtime.info), release: () => runtime.stop('the command that started it finished') };
}
