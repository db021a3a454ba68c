/** Files MLflow's server answers as `text/plain` (mlflow/utils/mime_type_utils.py): by extension, or by name when there is none. */
const TEXT = new Set(['txt', 'log', 'err', 'cfg', 'conf', 'cnf', 'cf', 'ini', 'properties', 'prop', 'hocon', 'toml', 'yaml', 'yml', 'xml', 'json', 'js', 'py', 'py3', 'csv', 'tsv', 'md', 'rst', 'MLmodel', 'MLproject', 'mlproject', 'diff', 'patch']);

/** What Python's `mimetypes` answers for the other files an ML run logs. */
const KNOWN: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  bmp: 'image/bmp',
  svg: 'image/svg+xml',
  webp: 'image/webp',
  pdf: 'application/pdf',
  html: 'text/html',
  htm: 'text/html',
  css: 'text/css',
  zip: 'application/zip',
  tar: 'application/x-tar',
  wav: 'audio/x-wav',
  mp3: 'audio/mpeg',
  mp4: 'video/mp4',
};

/** The Content-Type MLflow's server gives an artifact download; unknown files are binary. */
export function artifactMimeType(path: string): string {
  const name = path.split('/').pop() ?? '';
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? name.slice(dot + 1) : name;
  if (TEXT.has(extension)) return 'text/plain';
  return KNOWN[extension.toLowerCase()] ?? 'application/octet-stream';
}
