import { loadWorkspaceConfig } from '../../core/config';
import { CONFIG_PROBLEMS } from '../../shared/contract';
import type { Router } from '../http';
import type { RuntimeContext } from '../runtime-context';

/** mlops.yaml's problems with their places, for the editor's Problems panel. */
export function registerConfigRoutes(router: Router, ctx: RuntimeContext): void {
  router.handle(CONFIG_PROBLEMS, () => ({
    file: ctx.paths.config,
    problems: loadWorkspaceConfig(ctx.paths.config).problems,
  }));
}
