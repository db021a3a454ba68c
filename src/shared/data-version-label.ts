/**
 * How a data version a run read reads in lineage: `data/weather.csv v3`. Shared by the model card,
 * the run page and the CLI. Pure.
 */

/** A run's `mlops.data.<path>` tag as the registry keeps it (a version's `data_versions` entry). */
export interface DataVersionRefLike {
  path: string;
  version?: number | null;
  md5?: string | null;
  /** The tag's value as written, when the registry did not parse it. */
  value?: string | null;
}

/** `v3 <md5>` as `mlops run` writes it (a folder's md5 ends in `.dir`), or a bare md5. */
export function parseDataTagValue(value: string): { version?: number; md5?: string } {
  const text = value.trim();
  const versioned = /^v(\d+)(?:\s+([0-9a-f]{32}(?:\.dir)?))?$/i.exec(text);
  if (versioned) return { version: Number(versioned[1]), ...(versioned[2] && { md5: versioned[2].toLowerCase() }) };
  if (/^[0-9a-f]{32}(\.dir)?$/i.test(text)) return { md5: text.toLowerCase() };
  return {};
}

/** The version and md5 of a ref, read from its raw value when the registry kept only that. */
export function dataVersionOf(ref: DataVersionRefLike): { version?: number; md5?: string } {
  const parsed = ref.value ? parseDataTagValue(ref.value) : {};
  const version = typeof ref.version === 'number' ? ref.version : parsed.version;
  const md5 = ref.md5 ?? parsed.md5;
  return { ...(version !== undefined && { version }), ...(md5 && { md5 }) };
}

/** `data/weather.csv v3`; `data/weather.csv (md5 1a2b3c4d)` without a version; the raw value when it is neither. */
export function dataVersionLabel(ref: DataVersionRefLike): string {
  const { version, md5 } = dataVersionOf(ref);
  if (version !== undefined) return `${ref.path} v${version}`;
  if (md5) return `${ref.path} (md5 ${md5.slice(0, 8)})`;
  return ref.value ? `${ref.path} (${ref.value})` : ref.path;
}

/** The label of a run tag `mlops.data.<path>` = `v3 <md5>`. */
export function dataTagLabel(path: string, tagValue: string): string {
  return dataVersionLabel({ path, value: tagValue });
}
