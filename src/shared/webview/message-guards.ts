/** Checks the webview protocols share when they validate a message on receipt. */

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A non-empty string. */
export const isText = (v: unknown): v is string => typeof v === 'string' && v !== '';

/** The messages of a page that restores its view state from whatever it last showed: data, loading or an error. */
export type StatefulPageMessage<D, S> =
  | { type: 'data'; data: D; state: S }
  | { type: 'loading'; state: S }
  | { type: 'error'; message: string; state: S };

/** A page's `ready`: the state it restored, or null on a first load. */
export function parseReady<S>(value: unknown, parseState: (value: unknown) => S | undefined): { type: 'ready'; state: S | null } | undefined {
  if (value === null) return { type: 'ready', state: null };
  const state = parseState(value);
  return state ? { type: 'ready', state } : undefined;
}

/** Validates a data / loading / error message; undefined for any other type or a bad state or payload. */
export function parseStatefulPageMessage<D, S>(
  message: Record<string, unknown>,
  parseState: (value: unknown) => S | undefined,
  parseData: (value: unknown) => D | undefined,
): StatefulPageMessage<D, S> | undefined {
  const state = parseState(message.state);
  if (!state) return undefined;
  switch (message.type) {
    case 'data': {
      const data = parseData(message.data);
      return data ? { type: 'data', data, state } : undefined;
    }
    case 'loading':
      return { type: 'loading', state };
    case 'error':
      return typeof message.message === 'string' ? { type: 'error', message: message.message, state } : undefined;
    default:
      return undefined;
  }
}
