import { comment, headerLines, toYaml } from './header';
import { DNS_LABEL, engineName, nameMap } from './names';
import type { ExportOptions, ExportTask } from './plan';

/** The IR schema version KFP 2 compiles to (kfp.compiler.pipeline_spec_builder). */
export const KFP_SCHEMA_VERSION = '2.1.0';

/**
 * A KFP v2 pipeline as its IR YAML (the PipelineSpec of api/v2alpha1/pipeline_spec.proto): one
 * container component per stage, the root DAG's tasks with `dependentTasks`, caching off (mlops
 * decides what re-runs), and, when environment is passed, the Kubernetes platform spec as the
 * second document (`secretAsEnv`, as kfp-kubernetes' use_secret_as_env writes it).
 */
export function kubeflowPipeline(tasks: readonly ExportTask[], options: ExportOptions): string {
  const names = nameMap(
    tasks.map((t) => t.stage),
    DNS_LABEL,
  );
  const comp = (stage: string): string => `comp-${names.get(stage)!}`;
  const exec = (stage: string): string => `exec-${names.get(stage)!}`;
  const pipelineName = engineName(options.name, DNS_LABEL);
  const spec = {
    components: Object.fromEntries(tasks.map((t) => [comp(t.stage), { executorLabel: exec(t.stage) }])),
    deploymentSpec: {
      executors: Object.fromEntries(tasks.map((t) => [exec(t.stage), { container: { image: options.image, command: ['sh', '-c'], args: [t.script] } }])),
    },
    pipelineInfo: { name: pipelineName, description: `The dvc.yaml pipeline '${options.name}', exported by mlops ${options.version}` },
    root: {
      dag: {
        tasks: Object.fromEntries(
          tasks.map((t) => [
            names.get(t.stage)!,
            {
              cachingOptions: { enableCache: false },
              componentRef: { name: comp(t.stage) },
              ...(t.upstream.length > 0 ? { dependentTasks: t.upstream.map((up) => names.get(up)!) } : {}),
              taskInfo: { name: names.get(t.stage)! },
            },
          ]),
        ),
      },
    },
    schemaVersion: KFP_SCHEMA_VERSION,
    sdkVersion: `mlops-${options.version}`,
  };
  const header = comment(['PIPELINE DEFINITION', `Name: ${pipelineName}`, ...headerLines('Kubeflow Pipelines', options, tasks, names)]);
  const env = options.env ?? [];
  if (env.length === 0) return `${header}${toYaml(spec)}`;
  const secretAsEnv = [{ keyToEnv: env.map((name) => ({ envVar: name, secretKey: name })), optional: false, secretName: options.secret!, secretNameParameter: { runtimeValue: { constant: options.secret! } } }];
  const platform = { platforms: { kubernetes: { deploymentSpec: { executors: Object.fromEntries(tasks.map((t) => [exec(t.stage), { secretAsEnv }])) } } } };
  return `${header}${toYaml(spec)}---\n${toYaml(platform)}`;
}
