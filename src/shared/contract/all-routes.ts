import { DATA_ROUTES } from './api-data';
import { MONITOR_ROUTES } from './api-monitors';
import { PIPELINE_ROUTES } from './api-pipelines';
import { RUN_ROUTES } from './api-runs';
import { SYSTEM_ROUTES } from './api-system';
import { MLFLOW_REGISTRY_ROUTES } from './mlflow-registry';
import { MLFLOW_SERVED_ROUTES } from './mlflow-served';
import { MLFLOW_TRACKING_ROUTES } from './mlflow-tracking';
import type { Route } from './route';

/** Every declared route of the runtime (test/unit/contract.test.ts holds the router to it). */
export const ALL_ROUTES: readonly Route<unknown, unknown, unknown>[] = [
  ...SYSTEM_ROUTES, ...DATA_ROUTES, ...MONITOR_ROUTES, ...PIPELINE_ROUTES, ...RUN_ROUTES, ...MLFLOW_TRACKING_ROUTES, ...MLFLOW_REGISTRY_ROUTES, ...MLFLOW_SERVED_ROUTES,
] as readonly Route<unknown, unknown, unknown>[];
