import { connect } from 'node:net';

export interface UploadOutcome {
  /** The status line's code, when an answer arrived. */
  status?: number;
  /** A socket error on the way (ECONNRESET, EPIPE), whether or not an answer arrived first. */
  error?: string;
  text: string;
}

/**
 * A client that behaves like python-requests or curl without Expect: it writes the whole body,
 * and reads the answer whenever it comes. A server that closes the connection while it is still
 * sending makes it see ECONNRESET or EPIPE.
 */
export function uploadThenRead(
  port: number,
  options: { method?: string; path: string; headers?: Record<string, string>; bytes: number; chunked?: boolean; timeoutMs?: number },
): Promise<UploadOutcome> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    let error: string | undefined;
    socket.setTimeout(options.timeoutMs ?? 30_000, () => socket.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
    socket.on('data', (data: Buffer) => (text += data.toString('latin1')));
    socket.on('error', (e: NodeJS.ErrnoException) => (error ??= e.code ?? e.message));
    socket.on('close', () => {
      const status = /^HTTP\/1\.1 (\d{3})/.exec(text)?.[1];
      resolve({ ...(status && { status: Number(status) }), ...(error && { error }), text });
    });
    const headers: Record<string, string> = { host: `127.0.0.1:${port}`, 'content-type': 'application/json', ...options.headers };
    if (options.chunked) headers['transfer-encoding'] = 'chunked';
    else headers['content-length'] = String(options.bytes);
    socket.write(`${options.method ?? 'POST'} ${options.path} HTTP/1.1\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`);
    // A JSON string of spaces, so the body stays valid JSON whatever size is asked.
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    const frame = (bytes: Buffer) => (options.chunked ? Buffer.concat([Buffer.from(`${bytes.length.toString(16)}\r\n`), bytes, Buffer.from('\r\n')]) : bytes);
    const write = (): void => {
      while (sent < options.bytes) {
        const part = chunk.subarray(0, Math.min(chunk.length, options.bytes - sent));
        sent += part.length;
        if (!socket.write(frame(part))) return void socket.once('drain', write);
      }
      if (options.chunked) socket.write('0\r\n\r\n');
      // Half-close: done sending, still reading the answer.
      socket.end();
    };
    socket.once('connect', write);
  });
}
