import type { ModelRegistry, ModelVersion } from '../../registry';

/**
 * The version of `name` a retrain registered: the newest one linked to its run, or (no run known,
 * e.g. a VS Code task) the newest one created at or after `since`.
 */
export function findRetrainedVersion(registry: ModelRegistry, name: string, by: { runId?: string; since: number }): ModelVersion | undefined {
  if (by.runId !== undefined && /^[0-9a-f]+$/.test(by.runId)) {
    const linked = registry.searchVersions({ filter: `run_id = '${by.runId}'`, orderBy: ['version_number DESC'], maxResults: 1000 }).items.filter((v) => v.name === name);
    if (linked.length > 0) return linked[0];
  }
  const recent = registry.searchVersions({ filter: `name = ${quote(name)}`, orderBy: ['version_number DESC'], maxResults: 20 }).items;
  return recent.find((v) => v.creationTimestamp >= by.since);
}

/** A filter string literal: the registry's filter syntax has no escapes, so pick the quote the name lacks. */
function quote(text: string): string {
  return text.includes("'") ? `"${text}"` : `'${text}'`;
}
