/**
 * A request body as it arrived: one buffer, or the chunks read from the socket. Large bodies stay
 * in chunks: joining them would take one large fresh allocation per request, which costs its page
 * faults at once and, freed, tends to stay in the C allocator rather than go back to the system.
 */
export type BodyBytes = Buffer | readonly Buffer[];

export function bodyLength(body: BodyBytes): number {
  return Buffer.isBuffer(body) ? body.length : body.reduce((sum, chunk) => sum + chunk.length, 0);
}

/** The body's bytes [start, end) as UTF-8 text; only that range is joined (a character may span chunks). */
export function bodyText(body: BodyBytes, start = 0, end = Infinity): string {
  if (Buffer.isBuffer(body)) return body.toString('utf8', start, Math.min(end, body.length));
  const parts: Buffer[] = [];
  let offset = 0;
  for (const chunk of body) {
    const from = Math.max(start - offset, 0);
    const to = Math.min(end - offset, chunk.length);
    if (from < to) parts.push(from === 0 && to === chunk.length ? chunk : chunk.subarray(from, to));
    offset += chunk.length;
    if (offset >= end) break;
  }
  return parts.length === 1 ? parts[0]!.toString('utf8') : Buffer.concat(parts).toString('utf8');
}

/** The chunks, as a list (one buffer is a list of one). */
export function bodyChunks(body: BodyBytes): readonly Buffer[] {
  return Buffer.isBuffer(body) ? [body] : body;
}
