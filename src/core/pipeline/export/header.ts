import { stringify } from 'yaml';
import type { ExportOptions, ExportTask } from './plan';

/** The comment lines that open every export: what wrote it, from what, and what it needs. */
export function headerLines(engine: string, options: ExportOptions, tasks: readonly ExportTask[], names: Map<string, string>): string[] {
  const renamed = tasks.filter((t) => names.get(t.stage) !== t.stage);
  return [
    `${engine} export of the dvc.yaml pipeline '${options.name}', written by mlops ${options.version} (mlops pipeline export).`,
    'Re-export after changing dvc.yaml rather than editing this file.',
    `Each task runs one stage in ${options.image}: mlops data pull, mlops repro --single-item STAGE, mlops data push.`,
    `The image needs mlops and the project at its working directory; every task must reach the data remote ${options.remote}.`,
    ...(options.env?.length ? [`Environment from the Kubernetes Secret '${options.secret}': ${options.env.join(', ')}.`] : []),
    ...(renamed.length > 0 ? ['Stages renamed for the engine:', ...renamed.map((t) => `  ${t.stage} -> ${names.get(t.stage)}`)] : []),
  ];
}

export const comment = (lines: readonly string[], mark = '#'): string => lines.map((l) => `${mark} ${l.replace(/[\r\n\u2028\u2029]+/g, ' ')}\n`).join('');

/** Block YAML without folded lines or anchors (a shared env list is written out in each place). */
export const toYaml = (data: unknown): string => stringify(data, { lineWidth: 0, aliasDuplicateObjects: false });
