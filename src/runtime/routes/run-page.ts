import { invalid } from '../../core/errors';
import { CompareService, artifactPathOfUri } from '../../core/tracking';
import type { DatasetInput, Tracking } from '../../core/tracking';
import type { RunArtifactEntry, RunPageInput, RunPageMetric, RunPageResponse } from '../../shared/run-page';
import { RUN_PAGE_LIMITS } from '../../shared/run-page';
import { ARTIFACTS_PREVIEW, RUNS_PAGE } from '../../shared/contract';
import type { Router } from '../http';
import { runIdOf } from './mlflow/params';
import { previewArtifact } from './artifact-preview';

/** A run-relative artifact path: relative, no `..`, '/'-separated. */
function relativePath(given: string | undefined): string {
  const path = (given ?? '').replace(/\\/g, '/');
  if (path === '' || path.startsWith('/') || /^[a-z]:/i.test(path) || path.split('/').includes('..')) throw invalid(`Invalid value for parameter 'path': '${path}'. Name a file under the run's artifacts, without '..'.`);
  return path;
}

/** Every entry under the run's artifact root, depth first, up to the limit. */
async function listTree(tracking: Tracking, root: string): Promise<{ files: RunArtifactEntry[]; truncated: boolean }> {
  const files: RunArtifactEntry[] = [];
  const walk = async (dir: string): Promise<boolean> => {
    for (const entry of await tracking.artifacts.list(dir, root)) {
      if (files.length >= RUN_PAGE_LIMITS.artifacts) return false;
      files.push({ path: entry.path, is_dir: entry.isDir, ...(entry.fileSize !== undefined && { size: entry.fileSize }) });
      if (entry.isDir && !(await walk(`${root}/${entry.path}`))) return false;
    }
    return true;
  };
  const complete = await walk(root);
  return { files, truncated: !complete };
}

function pageInput(input: DatasetInput): RunPageInput {
  const { dataset, dataVersion } = input;
  const context = input.tags.find((t) => t.key === 'mlflow.data.context')?.value;
  return {
    name: dataset.name,
    digest: dataset.digest,
    source_type: dataset.sourceType,
    source: dataset.source,
    ...(context !== undefined && { context }),
    ...(dataVersion && { data_version: dataVersion }),
  };
}

/** The run page's data (src/shared/run-page.ts): the run, its inputs, its metric curves, its artifact tree, and a file's preview. */
export function registerRunPageRoutes(router: Router, tracking: Tracking): void {
  const compare = new CompareService(tracking.runs, tracking.metrics);

  router.handle(RUNS_PAGE, async (p): Promise<RunPageResponse> => {
    const runId = runIdOf(p);
    const run = tracking.runs.get(runId);
    const { info } = run;
    const answer = await compare.compare({ runIds: [info.runId], xAxis: 'step', points: RUN_PAGE_LIMITS.points, method: 'lttb', directions: new Map() });
    const metrics: RunPageMetric[] = answer.metrics.flatMap((m) => {
      const summary = m.per_run[0];
      const series = answer.series.find((s) => s.key === m.key);
      return summary && series ? [{ key: m.key, ...summary, x: series.x, y: series.y }] : [];
    });
    const root = artifactPathOfUri(info.artifactUri);
    const experimentName = (() => {
      try {
        return tracking.experiments.get(info.experimentId).name;
      } catch {
        return info.experimentId;
      }
    })();
    const inputs = run.inputs ?? { datasetInputs: [], modelInputs: [] };
    return {
      inputs: inputs.datasetInputs.map(pageInput),
      model_inputs: inputs.modelInputs.map((m) => m.modelId),
      run: {
        ...answer.runs[0]!,
        experiment_name: experimentName,
        lifecycle_stage: info.lifecycleStage,
        artifact_uri: info.artifactUri,
      },
      metrics,
      artifacts: { dir: tracking.artifacts.resolve(root), ...(await listTree(tracking, root)) },
    };
  });

  router.handle(ARTIFACTS_PREVIEW, (p) => {
    const info = tracking.runs.info(runIdOf(p));
    const path = relativePath(p.path);
    const root = artifactPathOfUri(info.artifactUri);
    return previewArtifact(tracking.artifacts.resolve(root), tracking.artifacts.resolve(`${root}/${path}`), path);
  });
}
