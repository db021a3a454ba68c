import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { splitRunToken } from '../../shared/run-token';
import { ApiError } from './errors';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost']);

/** DNS-rebinding guard: only 127.0.0.1 or localhost, with no port or our own. */
export function checkHost(req: IncomingMessage, port: number): void {
  const host = req.headers.host;
  const match = host ? /^([^:]+)(?::(\d+))?$/.exec(host) : null;
  const ok = match !== null && LOOPBACK_HOSTS.has(match[1]!.toLowerCase()) && (match[2] === undefined || Number(match[2]) === port);
  if (!ok) throw new ApiError('PERMISSION_DENIED', `Host "${host ?? ''}" is not allowed; use 127.0.0.1:${port}`);
}

/**
 * Browsers mark cross-origin requests with Origin and Sec-Fetch-Site; a web page must never reach
 * the runtime. Tools (the extension, the CLI, mlflow, curl) send neither.
 */
export function checkOrigin(req: IncomingMessage, port: number): void {
  const site = req.headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') {
    throw new ApiError('PERMISSION_DENIED', 'Cross-origin browser requests are refused');
  }
  const origin = req.headers.origin;
  if (origin === undefined) return;
  const allowed = [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
  if (!allowed.includes(origin.toLowerCase())) {
    throw new ApiError('PERMISSION_DENIED', `Cross-origin browser requests are refused (Origin ${origin})`);
  }
}

/** Checks the bearer token; a token `mlops run` extended (see run-token.ts) answers the run it is attached to. */
export function checkToken(req: IncomingMessage, token: string): { defaultedRunId?: string } {
  const header = req.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  const sent = splitRunToken(match?.[1] ?? '', token.length);
  const given = Buffer.from(sent?.token ?? '');
  const expected = Buffer.from(token);
  if (!sent || given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new ApiError('UNAUTHENTICATED', 'Missing or wrong bearer token; read it from .mlops/runtime.json');
  }
  return sent.defaultedRunId !== undefined ? { defaultedRunId: sent.defaultedRunId } : {};
}
