import { appendLabels, parseLabelRows } from '../../core/monitoring';
import { loadMonitorsConfig } from '../../core/monitoring';
import { ApiError } from '../http';
import type { Router } from '../http';
import type { RuntimeContext } from '../runtime-context';

/** Labels need room: a request of many rows may get one long list. */
const LABELS_BODY_LIMIT = 16 * 1024 * 1024;

/** Ground truth for monitors' performance: POST /api/monitors/NAME/labels appends to .mlops/labels/NAME.jsonl. */
export function registerLabelRoutes(router: Router, ctx: Pick<RuntimeContext, 'paths'>): void {
  router.post('/api/monitors/:name/labels', async ({ params, json }) => {
    const name = params.name!;
    const { monitors } = loadMonitorsConfig(ctx.paths.config);
    if (!monitors.some((m) => m.name === name)) {
      throw new ApiError('RESOURCE_DOES_NOT_EXIST', `No monitor named "${name}" in mlops.yaml (monitors: ${monitors.map((m) => m.name).join(', ') || 'none'}).`);
    }
    const rows = parseLabelRows(await json(LABELS_BODY_LIMIT));
    await appendLabels(ctx.paths.mlopsDir, name, rows);
    return { appended: rows.length };
  });
}
