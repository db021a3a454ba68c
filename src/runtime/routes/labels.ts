import { appendLabels, parseLabelRows } from '../../core/monitoring';
import { loadMonitorsConfig } from '../../core/monitoring';
import { MONITORS_LABELS } from '../../shared/contract';
import type { ParamsOf } from '../../shared/contract';
import { ApiError } from '../http';
import type { Router } from '../http';
import type { RuntimeContext } from '../runtime-context';

/** Labels need room: a request of many rows may get one long list. */
const LABELS_BODY_LIMIT = 16 * 1024 * 1024;

/** Ground truth for monitors' performance: POST /api/monitors/NAME/labels appends to .mlops/labels/NAME.jsonl. */
export function registerLabelRoutes(router: Router, ctx: Pick<RuntimeContext, 'paths'>): void {
  const append = async (params: ParamsOf<typeof MONITORS_LABELS>) => {
    const { monitors } = loadMonitorsConfig(ctx.paths.config);
    if (!monitors.some((m) => m.name === params.name)) {
      throw new ApiError('RESOURCE_DOES_NOT_EXIST', `No monitor named "${params.name}" in mlops.yaml (monitors: ${monitors.map((m) => m.name).join(', ') || 'none'}).`);
    }
    const rows = parseLabelRows(params);
    await appendLabels(ctx.paths.mlopsDir, params.name, rows);
    return { appended: rows.length };
  };
  router.handle(MONITORS_LABELS, append, { bodyLimit: LABELS_BODY_LIMIT });
}
