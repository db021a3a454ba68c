export const CONTENT_TYPE_JSON = 'application/json';
export const CONTENT_TYPE_CSV = 'text/csv';

export type BodyType = 'json' | 'csv';

/**
 * The body type a Content-Type header names, as MLflow's scoring server reads it: the media type
 * (case-insensitive) and only a `charset` parameter, which must be UTF-8. A string is the reason
 * for 415.
 */
export function bodyTypeOf(header: string | undefined): BodyType | string {
  if (header === CONTENT_TYPE_JSON) return 'json';
  if (header === undefined || header.trim() === '') return `This predictor only supports the following content types: ['${CONTENT_TYPE_CSV}', '${CONTENT_TYPE_JSON}']. The request has no Content-Type.`;
  const [media = '', ...parameters] = header.split(';').map((part) => part.trim());
  const type = media.toLowerCase();
  if (type !== CONTENT_TYPE_JSON && type !== CONTENT_TYPE_CSV) {
    return `This predictor only supports the following content types: ['${CONTENT_TYPE_CSV}', '${CONTENT_TYPE_JSON}']. Got '${header}'.`;
  }
  for (const parameter of parameters) {
    if (parameter === '') continue;
    const eq = parameter.indexOf('=');
    const key = (eq < 0 ? parameter : parameter.slice(0, eq)).trim().toLowerCase();
    const value = eq < 0 ? '' : parameter.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1').toLowerCase();
    if (key !== 'charset') return `Unrecognized content type parameters: ${key}.`;
    if (value !== 'utf-8' && value !== 'utf8') return 'The scoring server only supports UTF-8';
  }
  return type === CONTENT_TYPE_JSON ? 'json' : 'csv';
}
