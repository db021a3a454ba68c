import type { DatasetRepository } from '../../../core/data';
import type { Tracking } from '../../../core/tracking';
import { dataVersionResolver } from './data-link';
import type { Router } from '../../http';
import { registerArtifactRoutes } from './artifacts';
import { DefaultedRuns } from './defaulted-run';
import { registerExperimentRoutes } from './experiments';
import { registerLoggedModelArtifactRoutes } from './logged-model-artifacts';
import { registerLoggedModelRoutes } from './logged-models';
import { registerMetricRoutes } from './metrics';
import { registerRunRoutes } from './runs';

export const MLFLOW_PREFIXES = ['/api/2.0/mlflow', '/ajax-api/2.0/mlflow'];

/** MLflow's tracking REST API, under both of MLflow's prefixes; `datasets` joins logged dataset inputs to tracked data. */
export function registerMlflowRoutes(router: Router, tracking: Tracking, log: (line: string) => void, datasets?: DatasetRepository): void {
  const resolve = datasets && dataVersionResolver(datasets);
  const defaulted = new DefaultedRuns(tracking, log);
  for (const prefix of MLFLOW_PREFIXES) {
    registerExperimentRoutes(router, prefix, tracking, defaulted);
    registerRunRoutes(router, prefix, tracking, resolve);
    registerMetricRoutes(router, prefix, tracking);
    registerLoggedModelRoutes(router, prefix, tracking);
    registerLoggedModelArtifactRoutes(router, prefix, tracking);
  }
  registerArtifactRoutes(router, tracking);
}
