import { availableParallelism } from 'node:os';
import { buildDag, dagDot, dagJson, dagMermaid, loadPipeline, pipelineStatus, reproduce } from '../../core/pipeline';
import type { ParsedArgs } from '../args';
import { UsageError, intOption, stringOption } from '../args';
import type { CliIo } from '../io';
import { loadDataConfig, pullObjects, requireRemote } from '../../core/data';
import { openPipelineSession, runWriterFor, trackStages } from '../pipeline-session';
import type { PipelineSession } from '../pipeline-session';
import { resolveWorkspace } from '../workspace';

export const reproUsage = 'mlops repro [TARGET…] [--force] [--dry] [--jobs N] [--keep-going] [--downstream] [--pull] [--single-item] [--experiment X]   run the dvc.yaml stages that changed, independent ones in parallel';
export const dagUsage = 'mlops dag [TARGET…] [--json|--mermaid|--dot]   the stage graph of the dvc.yaml files';
export const REPRO_VALUE_OPTIONS = ['jobs'];

/** `mlops repro`: exit 0 when every selected stage is up to date or ran, 1 when one failed. */
export async function reproCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const paths = resolveWorkspace(stringOption(args, 'workspace'));
  const workers = intOption(args, 'jobs', 1, 1024) ?? availableParallelism();
  const flag = (name: string): boolean => args.options.get(name) === true;
  const session = openPipelineSession(paths, io, workers);
  const { tools, jobs } = session;
  const dry = flag('dry');
  const tracker = dry ? undefined : trackStages(paths, session, await runWriterFor(paths, session), io, { experiment: stringOption(args, 'experiment') ?? 'Default', pipelineRunName: ['repro', ...args.positionals].join(' ') });
  let interrupted = false;
  const interrupt = (): void => {
    interrupted = true;
    jobs.close('mlops repro was interrupted');
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  try {
    if (flag('pull') && !dry) await pullMissing(paths.root, session, io);
    const result = await reproduce(tools, {
      targets: args.positionals,
      force: flag('force'),
      dry,
      keepGoing: flag('keep-going'),
      downstream: flag('downstream'),
      single: flag('single-item'),
    });
    await tracker?.finish(interrupted ? 'KILLED' : result.failed.length > 0 ? 'FAILED' : 'FINISHED');
    for (const { reason } of result.failed) io.err(`ERROR: ${reason}`);
    if (result.failed.length > 0 && result.blocked.length > 0) io.err(`Not run because a stage they depend on failed${flag('keep-going') ? '' : ' (or --keep-going was not given)'}: ${result.blocked.join(', ')}`);
    if (result.failed.length === 0 && result.ran.length === 0) io.out('Data and pipelines are up to date.');
    return result.failed.length > 0 ? 1 : 0;
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
    session.close();
  }
}

/** `--pull`: the cache objects of recorded outputs and data from the remote, and missing ones restored (as `mlops data pull`). */
async function pullMissing(root: string, session: PipelineSession, io: CliIo): Promise<void> {
  const remote = requireRemote(root, loadDataConfig(root));
  const pulled = await pullObjects(session.repo, remote);
  for (const p of [...pulled.missing, ...pulled.failed]) io.err(`WARNING: not pulled ${p.md5 || '-'} (${p.dataset}): ${p.reason}`);
  io.out(`Pulled ${pulled.copied} of ${pulled.objects} objects from ${pulled.remote}; ${pulled.skipped} already in the cache.`);
  for (const path of pulled.restored) io.out(`Restored ${path} into the workspace.`);
}

/** `mlops status --pipeline`: each stage that changed and why; exit 1 when any did. */
export async function pipelineStatusCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const paths = resolveWorkspace(stringOption(args, 'workspace'));
  const { tools, close } = openPipelineSession(paths, io, 1);
  try {
    const statuses = await pipelineStatus(tools);
    if (args.options.get('json') === true) io.out(JSON.stringify({ stages: statuses }, null, 2));
    else {
      for (const s of statuses) if (s.state !== 'up-to-date') io.out(`${s.id}:${s.reasons.map((r) => `\n\t${r}`).join('')}`);
      if (statuses.every((s) => s.state !== 'changed')) io.out('Data and pipelines are up to date.');
    }
    return statuses.some((s) => s.state === 'changed') ? 1 : 0;
  } finally {
    close();
  }
}

/** `mlops dag`. */
export async function dagCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const paths = resolveWorkspace(stringOption(args, 'workspace'));
  const formats = ['json', 'mermaid', 'dot'].filter((f) => args.options.get(f) === true);
  if (formats.length > 1) throw new UsageError('give one of --json, --mermaid, --dot');
  const dag = buildDag(loadPipeline(paths.root).stages);
  if (formats[0] === 'json') io.out(JSON.stringify(dagJson(dag), null, 2));
  else if (formats[0] === 'dot') io.out(dagDot(dag));
  else io.out(dagMermaid(dag));
  return 0;
}
