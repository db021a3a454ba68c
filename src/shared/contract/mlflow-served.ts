import { returns, unchecked } from './check';
import type { HttpMethod, Route } from './route';
import { route } from './route';

/**
 * MLflow routes we serve for MLflow's own clients and no end of ours calls: declared by method and
 * path (MLflow's REST spec), with MLflow's JSON in and out. Give one its types in
 * mlflow-tracking.ts or mlflow-registry.ts when our code starts calling it.
 */
const SERVED: [HttpMethod, string][] = [
];

export const MLFLOW_SERVED_ROUTES: readonly Route<Record<string, unknown>, Record<string, unknown>>[] = SERVED.map(([method, path]) =>
  route({ method, path: `/api/2.0/mlflow/${path}`, params: unchecked<Record<string, unknown>>(), result: returns<Record<string, unknown>>() }),
);
