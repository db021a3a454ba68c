// A page's status line: a plain note, an error, or work in progress, with Retry after a failed load.
import { h } from './dom';

export type StatusKind = 'info' | 'error' | 'busy';

/** A setter for the status paragraph `status`; its Retry button calls `retry`. */
export function statusLine(status: HTMLElement, retry: () => void): (text: string, kind?: StatusKind, withRetry?: boolean) => void {
  return (text, kind = 'info', withRetry = false) => {
    status.classList.toggle('error', kind === 'error');
    status.replaceChildren(kind === 'busy' ? h('vscode-progress-ring', { 'aria-label': 'Working' }) : '', text);
    if (withRetry) {
      const button = h('vscode-button', { id: 'retry', secondary: true }, 'Retry');
      button.addEventListener('click', retry);
      status.append(' ', button);
    }
  };
}
