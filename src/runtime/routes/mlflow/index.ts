import type { Tracking } from '../../../core/tracking';
import type { Router } from '../../http';
import { registerArtifactRoutes } from './artifacts';
import { registerExperimentRoutes } from './experiments';
import { registerLoggedModelRoutes } from './logged-models';
import { registerMetricRoutes } from './metrics';
import { registerRunRoutes } from './runs';

export const MLFLOW_PREFIXES = ['/api/2.0/mlflow', '/ajax-api/2.0/mlflow'];

/** MLflow's tracking REST API, under both of MLflow's prefixes. */
export function registerMlflowRoutes(router: Router, tracking: Tracking): void {
  for (const prefix of MLFLOW_PREFIXES) {
    registerExperimentRoutes(router, prefix, tracking);
    registerRunRoutes(router, prefix, tracking);
    registerMetricRoutes(router, prefix, tracking);
    registerLoggedModelRoutes(router, prefix, tracking);
  }
  registerArtifactRoutes(router, tracking);
}
