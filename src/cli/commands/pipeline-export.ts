import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { loadDataConfig, requireRemote } from '../../core/data';
import type { ExportTarget } from '../../core/pipeline';
import { EXPORT_TARGETS, buildDag, exportPipeline, loadPipeline } from '../../core/pipeline';
import { VERSION } from '../../shared/version';
import type { ParsedArgs } from '../args';
import { UsageError, stringOption } from '../args';
import type { CliIo } from '../io';
import { resolveWorkspace } from '../workspace';

export const pipelineUsage =
  'mlops pipeline export --to airflow|kubeflow|argo --image IMAGE [--out FILE] [--name NAME] [--env VAR,…] [--secret K8S_SECRET] [TARGET…]   the dvc.yaml stages as an Airflow DAG, a Kubeflow pipeline or an Argo Workflow';
export const PIPELINE_VALUE_OPTIONS = ['to', 'image', 'out', 'env', 'secret'];

/** `mlops pipeline export`: writes the engine's file (to --out, else stdout); exit 0 when written. */
export async function pipelineCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const [sub, ...targets] = args.positionals;
  if (sub !== 'export') throw new UsageError(`unknown pipeline command "${sub ?? ''}"; use export`);
  const to = stringOption(args, 'to');
  if (!to) throw new UsageError(`--to is required: one of ${EXPORT_TARGETS.join(', ')}`);
  if (!(EXPORT_TARGETS as readonly string[]).includes(to)) throw new UsageError(`--to must be one of ${EXPORT_TARGETS.join(', ')}, got "${to}"`);
  const image = stringOption(args, 'image');
  if (!image) throw new UsageError('--image is required: a container image with mlops installed and the project at its working directory (e.g. --image registry.example.com/team/project:1.0)');
  const paths = resolveWorkspace(stringOption(args, 'workspace'));
  const remote = requireRemote(paths.root, loadDataConfig(paths.root));
  const env = stringOption(args, 'env')
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const text = exportPipeline(buildDag(loadPipeline(paths.root).stages), to as ExportTarget, {
    image,
    name: stringOption(args, 'name') ?? basename(paths.root),
    targets,
    env,
    secret: stringOption(args, 'secret'),
    remote: remote.url,
    version: VERSION,
  });
  const out = stringOption(args, 'out');
  if (out === undefined) {
    io.out(text.trimEnd());
    return 0;
  }
  writeWhole(resolve(out), text);
  io.out(`Wrote the ${to} export to ${out}.`);
  return 0;
}

/** A file written whole or not at all: an existing one stays as it was when writing fails. */
function writeWhole(path: string, text: string): void {
  const temp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, text);
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
