import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { applyOverrides, loadPipeline, parseOverride, readMetricsFile, reproduce } from '../../core/pipeline';
import type { EndStatus } from '../../core/pipeline';
import type { KeyValue } from '../../core/tracking';
import type { ParsedArgs } from '../args';
import { UsageError, intOption, stringOption } from '../args';
import type { CliIo } from '../io';
import { openPipelineSession, runWriterFor, trackStages } from '../pipeline-session';
import { resolveWorkspace } from '../workspace';

export const expUsage = 'mlops exp run [-S [FILE:]KEY=VALUE …] [TARGET…] [--experiment X] [--name N] [--jobs N]   run the pipeline with overridden params as one tracked experiment run';

/**
 * `mlops exp run`: the overrides are written into the params files, the pipeline is reproduced with
 * its stages nested under one experiment run (the overrides its params, the metrics files' numbers
 * its metrics), and the params files are put back byte for byte, also after a failure or Ctrl+C.
 */
export async function expCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const [sub, ...targets] = args.positionals;
  if (sub !== 'run') throw new UsageError(sub === undefined ? 'give a subcommand: mlops exp run' : `unknown subcommand "exp ${sub}"`);
  const overrides = (args.lists.get('set-param') ?? []).map((spec) => {
    try {
      return parseOverride(spec);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  });
  const paths = resolveWorkspace(stringOption(args, 'workspace'));
  const workers = intOption(args, 'jobs', 1, 1024) ?? availableParallelism();
  const session = openPipelineSession(paths, io, workers);
  let interrupted = false;
  const interrupt = (): void => {
    interrupted = true;
    session.jobs.close('mlops exp run was interrupted');
  };
  try {
    loadPipeline(paths.root); // a broken dvc.yaml makes no run
    const writer = await runWriterFor(paths, session);
    const experimentId = await writer.experimentId(stringOption(args, 'experiment') ?? 'Default');
    const applied = applyOverrides(paths.root, overrides);
    process.once('exit', applied.restore);
    // `on`, not `once`: a second Ctrl+C must not kill us before the params files are back.
    process.on('SIGINT', interrupt);
    process.on('SIGTERM', interrupt);
    try {
      const specs = args.lists.get('set-param') ?? [];
      const runId = await writer.create({
        experimentId,
        runName: stringOption(args, 'name'),
        tags: [
          { key: 'mlflow.source.name', value: ['mlops exp run', ...specs.map((s) => `-S ${s}`), ...targets].join(' ') },
          { key: 'mlflow.source.type', value: 'LOCAL' },
          { key: 'mlops.exp', value: 'true' },
          { key: 'mlops.exp.overrides', value: JSON.stringify(specs) },
          { key: 'mlops.pipeline', value: 'true' },
          { key: 'mlops.cwd', value: paths.root },
        ],
      });
      const params: KeyValue[] = overrides.map((o) => ({ key: o.file === 'params.yaml' ? o.key : `${o.file}:${o.key}`, value: o.text }));
      if (params.length > 0) await writer.log(runId, { params });
      io.err(`mlops: experiment run ${runId}${overrides.length ? ` with ${specs.join(', ')}` : ''}`);
      const tracker = trackStages(paths, session, writer, io, { experiment: stringOption(args, 'experiment') ?? 'Default', parentRunId: runId });
      let status: EndStatus = 'FAILED';
      try {
        const result = await reproduce(session.tools, { targets });
        for (const { reason } of result.failed) io.err(`ERROR: ${reason}`);
        status = interrupted ? 'KILLED' : result.failed.length > 0 ? 'FAILED' : 'FINISHED';
        const now = Date.now();
        const metrics = loadPipeline(paths.root)
          .stages.flatMap((s) => s.outs.filter((o) => o.kind === 'metrics'))
          .flatMap((o) => readMetricsFile(join(paths.root, ...o.key.split('/')), o.key))
          .map((m) => ({ ...m, timestamp: now, step: 0 }));
        for (let i = 0; i < metrics.length; i += 100) await writer.log(runId, { metrics: metrics.slice(i, i + 100) });
        return status === 'FINISHED' ? 0 : 1;
      } finally {
        await tracker.finish(status);
        await writer.end(runId, status).catch((error: Error) => io.err(`WARNING: could not end the experiment run: ${error.message}`));
        io.err(`mlops: experiment run ${runId} ${status.toLowerCase()}`);
      }
    } finally {
      applied.restore();
      process.off('exit', applied.restore);
    }
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
    session.close();
  }
}
