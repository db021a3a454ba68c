import { Router } from './http';
import type { RuntimeContext } from './runtime-context';
import { registerDataRoutes } from './routes/data';
import { registerMlflowRoutes } from './routes/mlflow';
import { registerSystemRoutes } from './routes/system';

/** The runtime's routes, built apart from listen() so tests can drive them on port 0. */
export function buildRouter(ctx: RuntimeContext): Router {
  const router = new Router();
  registerSystemRoutes(router, ctx);
  registerMlflowRoutes(router, ctx.tracking);
  registerDataRoutes(router, ctx);
  return router;
}
