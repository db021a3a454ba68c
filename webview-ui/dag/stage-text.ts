// What a stage node says under its name, and its tooltip. Pure.
import type { StageViewState } from '../../src/shared/pipelines';

export interface StageLike {
  state: StageViewState;
  reasons: string[];
  startedAt?: number;
}

const STATE_NAMES: Record<StageViewState, string> = {
  'up-to-date': 'up to date',
  changed: 'changed',
  running: 'running',
  failed: 'failed',
  frozen: 'frozen',
};

export function stateName(state: StageViewState): string {
  return STATE_NAMES[state];
}

export function elapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
}

/** One line: the state, with the first reason or the time running. */
export function stateLine(stage: StageLike, now: number): string {
  if (stage.state === 'running') return stage.startedAt === undefined ? 'running' : `running ${elapsed(now - stage.startedAt)}`;
  const reason = stage.reasons[0];
  return (stage.state === 'changed' || stage.state === 'failed') && reason ? `${stateName(stage.state)}: ${reason}` : stateName(stage.state);
}

export function stageTooltip(id: string, stage: StageLike): string {
  const reasons = stage.reasons.length ? `\n${stage.reasons.map((r) => `• ${r}`).join('\n')}` : '';
  return `${id}: ${stateName(stage.state)}${reasons}\nClick: open its definition in dvc.yaml · right-click: its last run`;
}
