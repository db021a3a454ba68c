import type { Dag } from '../dag';
import { airflowDag } from './airflow';
import { argoWorkflow } from './argo';
import { kubeflowPipeline } from './kubeflow';
import type { ExportOptions, ExportTarget } from './plan';
import { DEFAULT_SECRET, exportTasks } from './plan';

/** The pipeline as a file for the engine: an Airflow DAG (.py), a KFP IR YAML, an Argo Workflow YAML. */
export function exportPipeline(dag: Dag, to: ExportTarget, options: ExportOptions): string {
  const full = { ...options, secret: options.secret ?? DEFAULT_SECRET };
  const tasks = exportTasks(dag, full);
  if (to === 'airflow') return airflowDag(tasks, full);
  if (to === 'kubeflow') return kubeflowPipeline(tasks, full);
  return argoWorkflow(tasks, full);
}
