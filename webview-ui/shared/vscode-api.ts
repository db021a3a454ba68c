// The webview side of VS Code's messaging and state API.
interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

let api: VsCodeApi | undefined;

/** VS Code allows acquiring the API once per page. */
export function vscodeApi(): VsCodeApi {
  api ??= acquireVsCodeApi();
  return api;
}

/** Calls `handle` with each message from the extension that `parse` accepts; logs and drops the rest. */
export function onExtensionMessage<T>(page: string, parse: (data: unknown) => T | undefined, handle: (message: T) => void): void {
  window.addEventListener('message', (event: MessageEvent) => {
    const message = parse(event.data);
    if (!message) {
      console.warn(`${page}: ignored a malformed message`, event.data);
      return;
    }
    handle(message);
  });
}
