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

/** MLflow's tracking REST API (each route is declared with its /ajax-api twin); `datasets` joins logged dataset inputs to tracked data. */
export function registerMlflowRoutes(router: Router, tracking: Tracking, log: (line: string) => void, datasets?: DatasetRepository): void {
  const resolve = datasets && dataVersionResolver(datasets);
  const defaulted = new DefaultedRuns(tracking, log);
  registerExperimentRoutes(router, tracking, defaulted);
  registerRunRoutes(router, tracking, resolve);
  registerMetricRoutes(router, tracking);
  registerLoggedModelRoutes(router, tracking);
  registerLoggedModelArtifactRoutes(router, tracking);
  registerArtifactRoutes(router, tracking);
}
