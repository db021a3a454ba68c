import { Router } from './http';
import type { RuntimeContext } from './runtime-context';
import { registerCompareRoutes } from './routes/compare';
import { registerDataRoutes } from './routes/data';
import { registerMlflowRoutes } from './routes/mlflow';
import { registerMonitorRoutes } from './routes/monitors';
import { registerRegistryRoutes } from './routes/mlflow/registry';
import { registerModelTaskRoutes } from './routes/model-task';
import { registerSystemRoutes } from './routes/system';
import { registerLabelRoutes } from './routes/labels';
import { registerRetrainRoutes } from './routes/retrain';
import { registerJobRoutes } from './routes/jobs';
import { registerPipelineRoutes } from './routes/pipelines';
import { registerScheduleRoutes } from './routes/schedules';
import { registerConfigRoutes } from './routes/config';
import { registerRunPageRoutes } from './routes/run-page';
import { registerRunMoveRoutes } from './routes/run-move';
import { registerRunsOverviewRoutes } from './routes/runs-overview';

/** The runtime's routes, built apart from listen() so tests can drive them on port 0. */
export function buildRouter(ctx: RuntimeContext): Router {
  const router = new Router();
  registerSystemRoutes(router, ctx);
  registerMlflowRoutes(router, ctx.tracking, ctx.log, ctx.datasets);
  registerRegistryRoutes(router, ctx);
  registerModelTaskRoutes(router, ctx.registry);
  registerCompareRoutes(router, ctx.tracking);
  registerDataRoutes(router, ctx);
  registerMonitorRoutes(router, ctx);
  registerLabelRoutes(router, ctx);
  registerRetrainRoutes(router, ctx.retrainer);
  registerJobRoutes(router, ctx.jobs);
  registerPipelineRoutes(router, ctx.pipelines);
  registerScheduleRoutes(router, ctx.schedules);
  registerConfigRoutes(router, ctx);
  registerRunPageRoutes(router, ctx.tracking);
  registerRunMoveRoutes(router, ctx.tracking);
  registerRunsOverviewRoutes(router, ctx.tracking);
  return router;
}
