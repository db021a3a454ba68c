// The dataset-versions panel: what changed between two versions of a dataset.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import './style.css';
import type { DataCompareFromWebview } from '../../src/shared/webview/data-compare-messages';
import { parseDataCompareToWebview } from '../../src/shared/webview/data-compare-messages';
import { h } from '../shared/dom';
import { onExtensionMessage, vscodeApi } from '../shared/vscode-api';
import { renderComparison } from './render';

const vscode = vscodeApi();
const post = (message: DataCompareFromWebview): void => vscode.postMessage(message);
const app = document.getElementById('app')!;

app.addEventListener('click', (event) => {
  if ((event.target as HTMLElement).closest('#swap')) post({ type: 'swap' });
});

onExtensionMessage('dataset compare', parseDataCompareToWebview, (message) => {
  if (message.type === 'loading') app.replaceChildren(h('p', { class: 'status' }, h('vscode-progress-ring', { 'aria-label': 'Loading' }), ` ${message.label}`));
  else if (message.type === 'error') app.replaceChildren(h('p', { class: 'status error', role: 'alert' }, message.message));
  else app.replaceChildren(renderComparison(message.comparison));
});

post({ type: 'ready' });
