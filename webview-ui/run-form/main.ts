// The Run Experiment form: edit the params, experiment and run name, then Run.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-label/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import './style.css';
import type { RunFormFromWebview, RunFormModel } from '../../src/shared/webview/run-form-messages';
import { parseRunFormToWebview, submissionProblem } from '../../src/shared/webview/run-form-messages';
import { onExtensionMessage, vscodeApi } from '../shared/vscode-api';
import { paramRow, readForm, renderForm } from './render';

const vscode = vscodeApi();
const post = (message: RunFormFromWebview): void => vscode.postMessage(message);
const app = document.getElementById('app')!;
let form: RunFormModel | undefined;

function status(text: string, error = false): void {
  const el = app.querySelector('#form-status');
  if (!el) return;
  el.textContent = text;
  el.classList.toggle('error', error);
  el.setAttribute('role', error ? 'alert' : 'status');
}

function setBusy(busy: boolean): void {
  const run = app.querySelector('#run');
  if (busy) run?.setAttribute('disabled', '');
  else run?.removeAttribute('disabled');
}

/** The edits survive the panel being hidden and shown again (the page reloads then). */
function saveDraft(): void {
  if (!form) return;
  const now = readForm(app);
  vscode.setState({ ...form, command: now.command, params: now.params, experiment: now.experiment, runName: now.runName });
}

function submit(): void {
  const submission = readForm(app);
  const problem = submissionProblem(submission);
  if (problem) return status(problem, true);
  setBusy(true);
  status('Starting…');
  post({ type: 'run', submission });
}

app.addEventListener('click', (event) => {
  const target = event.target as HTMLElement;
  if (target.closest('#run')) submit();
  else if (target.closest('#cancel')) post({ type: 'cancel' });
  else if (target.closest('#add-param')) {
    app.querySelector('#no-params')?.remove();
    const row = paramRow({ key: '', value: '' }, true);
    app.querySelector('#params')?.append(row);
    (row.querySelector('.param-key') as HTMLElement | null)?.focus();
    saveDraft();
  } else if (target.closest('.remove-param')) {
    target.closest('tr')?.remove();
    saveDraft();
  }
});
app.addEventListener('input', saveDraft);
app.addEventListener('keydown', (event) => {
  if ((event as KeyboardEvent).key === 'Enter' && (event.target as HTMLElement).tagName === 'VSCODE-TEXTFIELD') {
    event.preventDefault();
    submit();
  }
});
app.addEventListener('submit', (event) => event.preventDefault());

onExtensionMessage('run form', parseRunFormToWebview, (message) => {
  if (message.type === 'init') {
    const draft = parseRunFormToWebview({ type: 'init', form: vscode.getState() });
    // A draft of the same form (hidden, then shown again) wins over the extension's fresh copy.
    form = draft?.type === 'init' && draft.form.title === message.form.title ? draft.form : message.form;
    app.replaceChildren(renderForm(form));
    vscode.setState(form);
  } else if (message.type === 'starting') {
    status('Starting…');
  } else {
    setBusy(false);
    status(message.message, true);
  }
});

post({ type: 'ready' });
