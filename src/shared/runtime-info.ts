/** Contents of `.mlops/runtime.json`: how clients find and authenticate to a workspace's runtime. */
export interface RuntimeInfo {
  pid: number;
  port: number;
  token: string;
  version: string;
}

export const MLOPS_DIR = '.mlops';
export const RUNTIME_FILE = 'runtime.json';

/** Parses runtime.json text; undefined when it is garbled or incomplete. */
export function parseRuntimeInfo(text: string): RuntimeInfo | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const isPort = typeof v.port === 'number' && Number.isInteger(v.port) && v.port > 0 && v.port < 65536;
  const isPid = typeof v.pid === 'number' && Number.isInteger(v.pid) && v.pid > 0;
  if (!isPort || !isPid || typeof v.token !== 'string' || v.token.length < 16 || typeof v.version !== 'string') {
    return undefined;
  }
  return { pid: v.pid as number, port: v.port as number, token: v.token, version: v.version };
}

export function runtimeBaseUrl(info: Pick<RuntimeInfo, 'port'>): string {
  return `http://127.0.0.1:${info.port}`;
}
