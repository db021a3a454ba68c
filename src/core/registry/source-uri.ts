import { invalid } from '../errors';

/**
 * What MLflow's server checks of a model version source before it stores it
 * (handlers.py: is_local_uri, _validate_non_local_source_contains_relative_paths).
 */

/** The URI scheme of a source, lower case; '' for a plain path (a Windows drive letter is a path). */
export function sourceScheme(source: string): string {
  const match = /^([a-z][a-z0-9+.-]+):/i.exec(source);
  return match ? match[1]!.toLowerCase() : '';
}

/** A source naming this machine's filesystem: a plain path or a file: URI. */
export function isLocalSource(source: string): boolean {
  const scheme = sourceScheme(source);
  return scheme === '' || scheme === 'file';
}

/** The host of a `scheme://host/…` source, if it names one. */
export function sourceHost(source: string): string | undefined {
  const host = /^[a-z][a-z0-9+.-]+:\/\/([^/?#]*)/i.exec(source)?.[1];
  return host === undefined || host === '' ? undefined : host;
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export function isLocalHost(host: string | undefined): boolean {
  return host === undefined || LOCAL_HOSTS.has(host.replace(/:\d+$/, '').toLowerCase());
}

const RELATIVE_SOURCE =
  'If supplying a source as an http, https, local file path, ftp, objectstore, or mlflow-artifacts uri, an absolute path must be provided without relative path references present. Please provide an absolute path.';

/**
 * Refuses a URI source whose path climbs (`..`, also percent-encoded), holds `.` segments or a
 * NUL, or is relative: such a source could name files the server must not expose.
 */
export function checkUriSourcePath(source: string): void {
  let decoded = source;
  for (let next = decodeOnce(decoded); next !== decoded; next = decodeOnce(decoded)) decoded = next;
  const refused = () => invalid(`Invalid model version source: '${source}'. ${RELATIVE_SOURCE}`);
  if (decoded.includes('\0') || decoded.split('/').includes('..')) throw refused();
  const path = uriPath(decoded).replace(/\/+/g, '/').replace(/\/+$/, '');
  if (path === '') return;
  if (!path.startsWith('/') || path.split('/').includes('.')) throw refused();
}

function decodeOnce(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/** The path part of a URI as urllib.parse.urlparse splits it: after the scheme and any //authority, before ?query and #fragment. */
function uriPath(uri: string): string {
  const rest = uri.replace(/^[a-z][a-z0-9+.-]+:/i, '');
  const withoutAuthority = rest.startsWith('//') ? rest.slice(2).replace(/^[^/?#]*/, '') : rest;
  return withoutAuthority.replace(/[?#].*$/s, '');
}
