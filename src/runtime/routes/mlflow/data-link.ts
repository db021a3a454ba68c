import { fileURLToPath } from 'node:url';
import type { DatasetRepository } from '../../../core/data';
import type { DataVersionLink } from '../../../core/tracking';

const URI_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * The local path an MLflow dataset source names, or undefined. MLflow writes the source as JSON
 * (`{"uri": "/data/train.csv"}` for local files, `{"url": …}` over HTTP, `{"path": …}` for Delta);
 * older clients and other languages send the bare path or a `file://` URI.
 */
export function sourcePath(source: string): string | undefined {
  let text = source.trim();
  if (text.startsWith('{')) {
    try {
      const parsed = JSON.parse(text) as Record<string, unknown>;
      const named = [parsed.uri, parsed.path, parsed.url].find((v): v is string => typeof v === 'string');
      if (named === undefined) return undefined;
      text = named.trim();
    } catch {
      return undefined;
    }
  }
  if (text === '' || text.includes('\0')) return undefined;
  if (/^file:\/\//i.test(text)) {
    try {
      return fileURLToPath(text);
    } catch {
      return undefined;
    }
  }
  return URI_SCHEME.test(text) ? undefined : text;
}

/**
 * Joins a dataset source to the tracked data it names: a tracked file or folder in the workspace,
 * or a file inside a tracked folder, at its latest version. Anything else (other URIs, paths
 * outside the workspace or in tool state, untracked files) links to nothing.
 */
export function dataVersionResolver(datasets: DatasetRepository): (source: string) => DataVersionLink | undefined {
  return (source) => {
    const path = sourcePath(source);
    if (path === undefined) return undefined;
    let rel: string;
    try {
      rel = datasets.relativePath(path);
    } catch {
      return undefined;
    }
    const tracked = datasets.list().find((d) => d.path === rel || (d.kind === 'dir' && rel.startsWith(`${d.path}/`)));
    if (!tracked) return undefined;
    return { path: tracked.path, ...(tracked.latest && { version: tracked.latest.version, md5: tracked.latest.md5 }) };
  };
}
