/** The pipeline DAG panel's protocol, validated on receipt. */
import type { Pipeline, StageViewState } from '../pipelines';
import { isObject, isText } from './message-guards';

/** A stage's state as it changed: all the panel needs to recolour a node without a new layout. */
export interface DagStateChange {
  id: string;
  state: StageViewState;
  reasons: string[];
  startedAt?: number;
}

export type DagToWebview =
  /** The whole graph: on open and when stages, deps, outs or params change (the page lays it out again). */
  | { type: 'graph'; pipelines: Pipeline[]; running: boolean }
  /** Only the stages whose state changed since the last message. */
  | { type: 'states'; changes: DagStateChange[]; running: boolean }
  /** Shows one stage (the panel was opened from it). */
  | { type: 'focus'; id: string }
  | { type: 'loading' }
  | { type: 'error'; message: string };

export type DagFromWebview =
  | { type: 'ready' }
  | { type: 'retry' }
  | { type: 'openDefinition'; id: string }
  | { type: 'openRun'; id: string }
  /** A data node: its versions in the Datasets view. */
  | { type: 'revealData'; path: string }
  /** A params node: its file. */
  | { type: 'openParams'; file: string };

/** What the page keeps across reloads. */
export interface DagViewState {
  showData: boolean;
}

const STATES: readonly string[] = ['up-to-date', 'changed', 'frozen', 'running', 'failed'] satisfies StageViewState[];

const isStateChange = (v: unknown): v is DagStateChange =>
  isObject(v) && isText(v.id) && STATES.includes(v.state as string) && Array.isArray(v.reasons) && (v.startedAt === undefined || typeof v.startedAt === 'number');

const isStage = (v: unknown): boolean =>
  isObject(v) && isText(v.id) && isText(v.name) && isText(v.file) && typeof v.line === 'number' && STATES.includes(v.state as string)
  && [v.deps, v.outs, v.upstream, v.reasons].every((list) => Array.isArray(list) && list.every((x) => typeof x === 'string'))
  && (v.params === undefined || (Array.isArray(v.params) && v.params.every((x) => typeof x === 'string')));

const isPipeline = (v: unknown): v is Pipeline => isObject(v) && isText(v.file) && Array.isArray(v.stages) && v.stages.every(isStage);

export function parseDagToWebview(message: unknown): DagToWebview | undefined {
  if (!isObject(message)) return undefined;
  switch (message.type) {
    case 'graph':
      return Array.isArray(message.pipelines) && message.pipelines.every(isPipeline) && typeof message.running === 'boolean'
        ? { type: 'graph', pipelines: message.pipelines, running: message.running }
        : undefined;
    case 'states':
      return Array.isArray(message.changes) && message.changes.every(isStateChange) && typeof message.running === 'boolean'
        ? { type: 'states', changes: message.changes, running: message.running }
        : undefined;
    case 'focus':
      return isText(message.id) ? { type: 'focus', id: message.id } : undefined;
    case 'loading':
      return { type: 'loading' };
    case 'error':
      return typeof message.message === 'string' ? { type: 'error', message: message.message } : undefined;
    default:
      return undefined;
  }
}

export function parseDagFromWebview(message: unknown): DagFromWebview | undefined {
  if (!isObject(message)) return undefined;
  switch (message.type) {
    case 'ready':
    case 'retry':
      return { type: message.type };
    case 'openDefinition':
    case 'openRun':
      return isText(message.id) ? { type: message.type, id: message.id } : undefined;
    case 'revealData':
      return isText(message.path) ? { type: 'revealData', path: message.path } : undefined;
    case 'openParams':
      return isText(message.file) ? { type: 'openParams', file: message.file } : undefined;
    default:
      return undefined;
  }
}

export function parseDagViewState(value: unknown): DagViewState | undefined {
  return isObject(value) && typeof value.showData === 'boolean' ? { showData: value.showData } : undefined;
}
