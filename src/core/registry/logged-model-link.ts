import type { Tracking } from '../tracking';

/** The logged-model tag MLflow 3 lists a model's registered versions in. */
export const MODEL_VERSIONS_TAG = 'mlflow.modelVersions';

/**
 * Adds a registered version to its logged model's `mlflow.modelVersions` tag, written as MLflow's
 * server writes it (Python's json.dumps): `[{"name": "m", "version": 1}]`.
 */
export function linkLoggedModel(tracking: Tracking, modelId: string, name: string, version: number): void {
  const model = tracking.loggedModels.get(modelId);
  const current = model.tags.find((t) => t.key === MODEL_VERSIONS_TAG)?.value;
  let entries: { name: string; version: number }[] = [];
  try {
    const parsed: unknown = current === undefined ? [] : JSON.parse(current);
    if (Array.isArray(parsed)) entries = parsed as { name: string; version: number }[];
  } catch {
    // a tag someone else wrote: start the list afresh
  }
  entries.push({ name, version });
  const value = `[${entries.map((e) => `{"name": ${JSON.stringify(e.name)}, "version": ${JSON.stringify(e.version)}}`).join(', ')}]`;
  tracking.loggedModels.setTags(modelId, [{ key: MODEL_VERSIONS_TAG, value }]);
}
