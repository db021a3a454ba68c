/** RFC 7230 token characters: such a name goes unquoted, as Werkzeug (MLflow's server) sends it. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;

/** `attachment; filename=…` for a download (RFC 6266), with `filename*` (RFC 5987) when the name is not plain ASCII. */
export function attachment(name: string): string {
  if (name === '') return 'attachment';
  if (TOKEN.test(name)) return `attachment; filename=${name}`;
  if (PRINTABLE_ASCII.test(name)) return `attachment; filename="${name.replace(/["\\]/g, '\\$&')}"`;
  const fallback = [...name].map((ch) => (/[\x20-\x7e]/.test(ch) && ch !== '"' && ch !== '\\' ? ch : '_')).join('');
  const encoded = encodeURIComponent(name).replace(/['()*!]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
