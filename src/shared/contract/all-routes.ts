import { DATA_ROUTES } from './api-data';
import { MONITOR_ROUTES } from './api-monitors';
import { PIPELINE_ROUTES } from './api-pipelines';
import { RUN_ROUTES } from './api-runs';
import { LIVE_ROUTES } from './api-live';
import { SCHEDULE_ROUTES } from './api-schedules';
import { SYSTEM_ROUTES } from './api-system';
import { MLFLOW_EXPERIMENT_ROUTES } from './mlflow-experiments';
import { MLFLOW_FILE_ROUTES } from './mlflow-files';
import { MLFLOW_LOGGED_MODEL_ROUTES } from './mlflow-logged-models';
import { MLFLOW_METRIC_ROUTES } from './mlflow-metrics';
import { MLFLOW_MODEL_ROUTES } from './mlflow-models';
import { MLFLOW_RUN_ROUTES } from './mlflow-runs';
import { MLFLOW_VERSION_ROUTES } from './mlflow-versions';
import type { Route } from './route';

/** Every declared route of the runtime (test/integration/runtime/contract.test.ts holds the router to it). */
export const ALL_ROUTES: readonly Route<unknown, unknown, unknown>[] = [
  ...SYSTEM_ROUTES, ...DATA_ROUTES, ...MONITOR_ROUTES, ...PIPELINE_ROUTES, ...SCHEDULE_ROUTES, ...RUN_ROUTES, ...LIVE_ROUTES, ...MLFLOW_EXPERIMENT_ROUTES, ...MLFLOW_RUN_ROUTES, ...MLFLOW_METRIC_ROUTES,
  ...MLFLOW_LOGGED_MODEL_ROUTES, ...MLFLOW_FILE_ROUTES, ...MLFLOW_MODEL_ROUTES, ...MLFLOW_VERSION_ROUTES,
] as readonly Route<unknown, unknown, unknown>[];
