import { comment, headerLines, toYaml } from './header';
import { DNS_LABEL, engineName, nameMap } from './names';
import type { ExportOptions, ExportTask } from './plan';

const ENTRY = 'mlops-pipeline';

/** An Argo Workflow: a `dag` template of one task per stage, and a container template per stage. */
export function argoWorkflow(tasks: readonly ExportTask[], options: ExportOptions): string {
  const names = nameMap(
    tasks.map((t) => t.stage),
    DNS_LABEL,
  );
  const template = (stage: string): string => `stage-${names.get(stage)!}`;
  const env = (options.env ?? []).map((name) => ({ name, valueFrom: { secretKeyRef: { name: options.secret!, key: name } } }));
  const workflow = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: { generateName: `${engineName(options.name, DNS_LABEL)}-`, labels: { 'app.kubernetes.io/managed-by': 'mlops' } },
    spec: {
      entrypoint: ENTRY,
      templates: [
        {
          name: ENTRY,
          dag: {
            tasks: tasks.map((t) => ({
              name: names.get(t.stage)!,
              template: template(t.stage),
              ...(t.upstream.length > 0 ? { dependencies: t.upstream.map((up) => names.get(up)!) } : {}),
            })),
          },
        },
        ...tasks.map((t) => ({
          name: template(t.stage),
          metadata: { annotations: { 'mlops/stage': t.stage, ...(t.desc ? { 'mlops/desc': t.desc } : {}) } },
          container: { image: options.image, command: ['sh', '-c'], args: [t.script], ...(env.length > 0 ? { env } : {}) },
        })),
      ],
    },
  };
  return `${comment(headerLines('Argo Workflows', options, tasks, names))}${toYaml(workflow)}`;
}
