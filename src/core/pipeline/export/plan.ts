import { invalid } from '../../errors';
import type { Dag } from '../dag';
import { selectStages } from '../dag';

export const EXPORT_TARGETS = ['airflow', 'kubeflow', 'argo'] as const;
export type ExportTarget = (typeof EXPORT_TARGETS)[number];

export interface ExportOptions {
  /** The container image every task runs in: the project at its working directory, with `mlops` on the PATH. */
  image: string;
  /** The pipeline's name on the engine (sanitized per engine). */
  name: string;
  /** Stages to export with everything upstream of them (as `mlops repro TARGET…`); all when empty. */
  targets?: readonly string[];
  /** Environment variables the tasks get, by name, from the Kubernetes Secret `secret` (key = the name). */
  env?: readonly string[];
  secret?: string;
  /** The data remote as mlops.yaml or .dvc/config gives it, noted in the header. */
  remote: string;
  /** The mlops version that wrote the export. */
  version: string;
}

/** One task of the export: a stage run by itself in the image, with the stages it follows. */
export interface ExportTask {
  stage: string;
  upstream: string[];
  /** The shell script the task runs: pull the data, run the stage alone, push its outputs. */
  script: string;
  desc?: string;
}

export const DEFAULT_SECRET = 'mlops-remote';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** POSIX shell single-quoting. */
export const shellQuote = (s: string): string => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** The script of one task: the data through the remote before and after `mlops repro --single-item`. */
export function stageScript(stage: string): string {
  return ['set -e', 'mlops data pull', `mlops repro --single-item ${shellQuote(stage)}`, 'mlops data push', ''].join('\n');
}

/** The selected stages in run order, each with the selected stages it depends on; options checked. */
export function exportTasks(dag: Dag, options: ExportOptions): ExportTask[] {
  checkOptions(options);
  const selected = selectStages(dag, options.targets ?? []);
  const chosen = new Set(selected);
  return selected.map((id) => {
    // Engines read `{{ … }}` in commands as their own templates (Argo, KFP placeholders, Airflow's Jinja).
    if (/\{\{|\{%/.test(id)) throw invalid(`stage '${id}' has '{{' or '{%' in its name, which Argo, Kubeflow and Airflow read as a template; rename it in dvc.yaml.`);
    const stage = dag.stages.get(id)!;
    return { stage: id, upstream: [...dag.upstream.get(id)!].filter((up) => chosen.has(up)).sort((a, b) => selected.indexOf(a) - selected.indexOf(b)), script: stageScript(id), desc: stage.desc };
  });
}

function checkOptions(options: ExportOptions): void {
  if (!options.image.trim()) throw invalid('the container image is empty: give --image with an image that has mlops installed and the project at its working directory.');
  if (/\s/.test(options.image)) throw invalid(`'${options.image}' is not a container image reference (it has whitespace).`);
  for (const name of options.env ?? []) {
    if (!ENV_NAME.test(name)) throw invalid(`'${name}' is not an environment variable name (letters, digits and '_', not starting with a digit); --env takes names only, never values.`);
  }
  if (options.secret !== undefined && (!DNS_SUBDOMAIN.test(options.secret) || options.secret.length > 253)) {
    throw invalid(`'${options.secret}' is not a Kubernetes Secret name (lowercase letters, digits, '-' and '.').`);
  }
}
