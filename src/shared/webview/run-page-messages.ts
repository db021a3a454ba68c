/** The run page's protocol: one message union per direction, validated on receipt. */
import type { ArtifactPreview, RunPageResponse } from '../run-page';
import { isObject, isText, parseReady, parseStatefulPageMessage } from './message-guards';
import type { LiveUpdate } from './live-updates';
import { parseLiveUpdate } from './live-updates';

/** What a run page remembers across hide/show and reloads (the webview's own state). */
export interface RunPageViewState {
  runId: string;
  /** The artifact whose preview is open. */
  selected: string | null;
}

/** A registered model version the run produced. */
export interface RunPageModel {
  name: string;
  version: string;
}

export interface RunPageData {
  page: RunPageResponse;
  models: RunPageModel[];
}

export type RunPageToWebview =
  | { type: 'data'; data: RunPageData; state: RunPageViewState }
  | { type: 'loading'; state: RunPageViewState }
  | { type: 'error'; message: string; state: RunPageViewState }
  | { type: 'preview'; preview: ArtifactPreview }
  | { type: 'previewError'; path: string; message: string }
  /** New points and state of the run while it trains, to apply to the page shown. */
  | { type: 'live'; update: LiveUpdate };

export type RunPageFromWebview =
  | { type: 'ready'; state: RunPageViewState | null }
  | { type: 'refresh' }
  | { type: 'preview'; path: string }
  | { type: 'openArtifact'; path: string }
  | { type: 'revealArtifact'; path: string }
  | { type: 'revealDataset'; path: string; version: number }
  | { type: 'revealModel'; name: string; version: string }
  | { type: 'openRun'; runId: string }
  | { type: 'copy'; text: string };

export function parseRunPageViewState(value: unknown): RunPageViewState | undefined {
  if (!isObject(value) || !isText(value.runId)) return undefined;
  if (value.selected !== null && typeof value.selected !== 'string') return undefined;
  return { runId: value.runId, selected: value.selected };
}

function isPage(v: unknown): v is RunPageResponse {
  if (!isObject(v) || !isObject(v.run) || !Array.isArray(v.metrics) || !isObject(v.artifacts)) return false;
  const { run, artifacts } = v;
  if (!isText(run.run_id) || typeof run.status !== 'string' || !isObject(run.params) || !isObject(run.tags)) return false;
  if (!v.metrics.every((m) => isObject(m) && typeof m.key === 'string' && Array.isArray(m.x) && Array.isArray(m.y))) return false;
  return typeof artifacts.dir === 'string' && Array.isArray(artifacts.files) && artifacts.files.every((f) => isObject(f) && typeof f.path === 'string' && typeof f.is_dir === 'boolean');
}

export function parseRunPageData(value: unknown): RunPageData | undefined {
  if (!isObject(value) || !isPage(value.page) || !Array.isArray(value.models)) return undefined;
  if (!value.models.every((m) => isObject(m) && typeof m.name === 'string' && typeof m.version === 'string')) return undefined;
  return { page: value.page, models: value.models as RunPageModel[] };
}

const PREVIEW_KINDS = ['text', 'json', 'csv', 'image', 'onnx', 'none'];

function isPreview(v: unknown): v is ArtifactPreview {
  if (!isObject(v) || typeof v.kind !== 'string' || !PREVIEW_KINDS.includes(v.kind) || typeof v.path !== 'string' || typeof v.size !== 'number') return false;
  switch (v.kind) {
    case 'text':
    case 'json':
      return typeof v.text === 'string';
    case 'csv':
      return Array.isArray(v.columns) && Array.isArray(v.rows) && v.rows.every(Array.isArray);
    case 'image':
      return typeof v.dataUri === 'string' && v.dataUri.startsWith('data:image/');
    case 'onnx':
      return isObject(v.signature) && Array.isArray(v.signature.inputs) && Array.isArray(v.signature.outputs);
    default:
      return typeof v.reason === 'string';
  }
}

export function parseRunPageFromWebview(message: unknown): RunPageFromWebview | undefined {
  if (!isObject(message)) return undefined;
  switch (message.type) {
    case 'ready':
      return parseReady(message.state, parseRunPageViewState);
    case 'refresh':
      return { type: 'refresh' };
    case 'preview':
    case 'openArtifact':
    case 'revealArtifact':
      return isText(message.path) ? { type: message.type, path: message.path } : undefined;
    case 'revealDataset':
      return isText(message.path) && typeof message.version === 'number' && Number.isInteger(message.version) ? { type: 'revealDataset', path: message.path, version: message.version } : undefined;
    case 'revealModel':
      return isText(message.name) && isText(message.version) ? { type: 'revealModel', name: message.name, version: message.version } : undefined;
    case 'openRun':
      return isText(message.runId) ? { type: 'openRun', runId: message.runId } : undefined;
    case 'copy':
      return isText(message.text) ? { type: 'copy', text: message.text } : undefined;
    default:
      return undefined;
  }
}

export function parseRunPageToWebview(message: unknown): RunPageToWebview | undefined {
  if (!isObject(message)) return undefined;
  if (message.type === 'preview') return isPreview(message.preview) ? { type: 'preview', preview: message.preview } : undefined;
  if (message.type === 'live') {
    const update = parseLiveUpdate(message.update);
    return update ? { type: 'live', update } : undefined;
  }
  if (message.type === 'previewError') return typeof message.path === 'string' && typeof message.message === 'string' ? { type: 'previewError', path: message.path, message: message.message } : undefined;
  return parseStatefulPageMessage(message, parseRunPageViewState, parseRunPageData);
}
