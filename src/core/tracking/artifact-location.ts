import { isAbsolute } from 'node:path';
import { invalid } from '../errors';
import { confine } from '../workspace';

const URI_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/**
 * An experiment's artifact_location as MLflow stores it: URIs as given (no fragment, no `;params`),
 * absolute paths as given, a relative path made absolute against the workspace root (MLflow
 * resolves it against its server's working directory) and kept inside it.
 */
export function resolveArtifactLocation(location: string | undefined, workspaceRoot: string): string | undefined {
  if (location === undefined || location === '') return undefined;
  if (URI_SCHEME.test(location) && !/^[a-z]:[\\/]/i.test(location)) {
    const url = safeUrl(location);
    if (url && (url.hash !== '' || /;[^/]*$/.test(url.pathname))) throw invalid("'artifact_location' URL can't include fragments or params.");
    return location;
  }
  if (isAbsolute(location)) return location;
  return confine(workspaceRoot, location, "parameter 'artifact_location'").abs;
}

function safeUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}
