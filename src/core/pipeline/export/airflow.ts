import { comment, headerLines } from './header';
import { AIRFLOW_ID, DNS_LABEL, engineName, nameMap } from './names';
import type { ExportOptions, ExportTask } from './plan';

/** A Python string literal: JSON's escapes (\" \\ \n \uXXXX) mean the same in Python 3. */
const py = (s: string): string => JSON.stringify(s);
const pyList = (items: readonly string[]): string => `[${items.join(', ')}]`;

/**
 * An Airflow 2 DAG file: one KubernetesPodOperator per stage (the cncf.kubernetes provider), so each
 * stage runs in the named image on the cluster rather than on an Airflow worker, which would need
 * the project and mlops installed; environment by name from a Kubernetes Secret.
 */
export function airflowDag(tasks: readonly ExportTask[], options: ExportOptions): string {
  const ids = nameMap(
    tasks.map((t) => t.stage),
    AIRFLOW_ID,
  );
  const pods = nameMap(
    tasks.map((t) => t.stage),
    DNS_LABEL,
  );
  const env = options.env ?? [];
  const lines = [
    `"""The dvc.yaml pipeline ${py(options.name)} for Airflow, exported by mlops ${options.version}."""`,
    'from datetime import datetime',
    '',
    'from airflow import DAG',
    'from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator',
    ...(env.length > 0 ? ['from airflow.providers.cncf.kubernetes.secret import Secret'] : []),
    '',
    `IMAGE = ${py(options.image)}`,
    `SECRETS = ${pyList(env.map((name) => `Secret("env", ${py(name)}, ${py(options.secret!)}, ${py(name)})`))}`,
    '',
    'with DAG(',
    `    dag_id=${py(engineName(options.name, AIRFLOW_ID))},`,
    `    description=${py(`The dvc.yaml pipeline '${options.name}', exported by mlops`)},`,
    '    schedule=None,',
    '    start_date=datetime(2024, 1, 1),',
    '    catchup=False,',
    '    tags=["mlops"],',
    ') as dag:',
    '    tasks = {}',
    ...tasks.flatMap((t) => [
      `    tasks[${py(ids.get(t.stage)!)}] = KubernetesPodOperator(`,
      `        task_id=${py(ids.get(t.stage)!)},`,
      `        name=${py(pods.get(t.stage)!)},`,
      '        image=IMAGE,',
      '        cmds=["sh", "-c"],',
      `        arguments=[${py(t.script)}],`,
      '        secrets=SECRETS,',
      '        get_logs=True,',
      ...(t.desc ? [`        doc_md=${py(t.desc)},`] : []),
      '    )',
    ]),
    ...tasks
      .filter((t) => t.upstream.length > 0)
      .map((t) => `    tasks[${py(ids.get(t.stage)!)}].set_upstream(${pyList(t.upstream.map((up) => `tasks[${py(ids.get(up)!)}]`))})`),
    '',
  ];
  return `${comment(headerLines('Airflow', options, tasks, ids))}${lines.join('\n')}`;
}
