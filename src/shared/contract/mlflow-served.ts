import { returns, unchecked } from './check';
import type { HttpMethod, Route } from './route';
import { route } from './route';

/**
 * MLflow routes we serve for MLflow's own clients and no end of ours calls: declared by method and
 * path (MLflow's REST spec), with MLflow's JSON in and out. Give one its types in
 * mlflow-tracking.ts or mlflow-registry.ts when our code starts calling it.
 */
const SERVED: [HttpMethod, string][] = [
  ['DELETE', 'logged-models/:id'],
  ['DELETE', 'logged-models/:id/tags/:key'],
  ['DELETE', 'model-versions/delete'],
  ['DELETE', 'model-versions/delete-tag'],
  ['DELETE', 'registered-models/alias'],
  ['DELETE', 'registered-models/delete'],
  ['DELETE', 'registered-models/delete-tag'],
  ['GET', 'experiments/get'],
  ['GET', 'experiments/search'],
  ['GET', 'logged-models/:id'],
  ['GET', 'metrics/get-history-bulk'],
  ['GET', 'metrics/get-history-bulk-interval'],
  ['GET', 'model-versions/get-download-uri'],
  ['GET', 'registered-models/get'],
  ['GET', 'registered-models/get-latest-versions'],
  ['GET', 'runs/search'],
  ['PATCH', 'logged-models/:id'],
  ['PATCH', 'logged-models/:id/tags'],
  ['PATCH', 'model-versions/update'],
  ['PATCH', 'registered-models/update'],
  ['POST', 'experiments/delete'],
  ['POST', 'experiments/delete-experiment-tag'],
  ['POST', 'experiments/restore'],
  ['POST', 'experiments/search-datasets'],
  ['POST', 'experiments/set-experiment-tag'],
  ['POST', 'experiments/update'],
  ['POST', 'logged-models'],
  ['POST', 'logged-models/:id/params'],
  ['POST', 'logged-models/search'],
  ['POST', 'metrics/get-history'],
  ['POST', 'model-versions/search'],
  ['POST', 'model-versions/transition-stage'],
  ['POST', 'registered-models/get-latest-versions'],
  ['POST', 'registered-models/rename'],
  ['POST', 'registered-models/search'],
  ['POST', 'registered-models/set-tag'],
  ['POST', 'runs/delete-tag'],
  ['POST', 'runs/log-inputs'],
  ['POST', 'runs/log-metric'],
  ['POST', 'runs/log-parameter'],
  ['POST', 'runs/outputs'],
];

export const MLFLOW_SERVED_ROUTES: readonly Route<Record<string, unknown>, Record<string, unknown>>[] = SERVED.map(([method, path]) =>
  route({ method, path: `/api/2.0/mlflow/${path}`, params: unchecked<Record<string, unknown>>(), result: returns<Record<string, unknown>>() }),
);
