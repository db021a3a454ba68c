// A built webview bundle (dist/webview/<name>.js, as `npm test`'s pretest builds it) running in a
// happy-dom window behind a fake VS Code API, driven by the messages the extension would send.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Window, type Element } from 'happy-dom';

export interface BundlePage {
  readonly window: Window;
  /** What the page posted to the extension, oldest first. */
  readonly posted: unknown[];
  /** What the page last saved with setState; null until it saves. */
  readonly saved: unknown;
  /** The page's root, `<main id="app">`. */
  app(): Element;
  /** Delivers a message from the extension. */
  send(data: unknown): void;
  click(selector: string): void;
  close(): Promise<void>;
}

export function openBundlePage(name: string): BundlePage {
  const window = new Window();
  const posted: unknown[] = [];
  let saved: unknown = null;
  // happy-dom lacks ElementInternals, which the toolkit's form elements attach.
  (window.HTMLElement.prototype as unknown as Record<string, unknown>).attachInternals = () => ({ setFormValue() {}, setValidity() {}, checkValidity: () => true, states: new Set(), labels: [] });
  // Copied out of the page's realm, as postMessage and setState do.
  const copy = (value: unknown): unknown => JSON.parse(JSON.stringify(value));
  Object.assign(window, { acquireVsCodeApi: () => ({ postMessage: (m: unknown) => posted.push(copy(m)), getState: () => saved, setState: (s: unknown) => (saved = copy(s)) }) });
  window.document.body.innerHTML = '<main id="app"></main>';
  window.eval(readFileSync(join(__dirname, '../../../dist/webview', `${name}.js`), 'utf8'));

  const app = (): Element => window.document.getElementById('app')!;
  return {
    window,
    posted,
    get saved() {
      return saved;
    },
    app,
    send: (data) => void window.dispatchEvent(new window.MessageEvent('message', { data })),
    click: (selector) => (app().querySelector(selector) as unknown as { click(): void }).click(),
    close: () => window.happyDOM.close(),
  };
}
