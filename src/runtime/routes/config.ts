import { loadWorkspaceConfig } from '../../core/config';
import type { ConfigProblemsResponse } from '../../shared/config-problems';
import type { Router } from '../http';
import type { RuntimeContext } from '../runtime-context';

/** mlops.yaml's problems with their places, for the editor's Problems panel. */
export function registerConfigRoutes(router: Router, ctx: RuntimeContext): void {
  router.get('/api/config/problems', (): ConfigProblemsResponse => ({
    file: ctx.paths.config,
    problems: loadWorkspaceConfig(ctx.paths.config).problems,
  }));
}
