import type { PipelineStage, StageViewState } from '../../shared/pipelines';

/** How a stage's state reads in the view, the CodeLens and the hover. No vscode import. */
export const STATE_LABELS: Record<StageViewState, string> = {
  'up-to-date': 'up to date',
  changed: 'changed',
  running: 'running',
  failed: 'failed',
  frozen: 'frozen',
};

/** `12s`, `3m 04s`, `1h 02m`. */
export function formatElapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

/** The row's description: the state, then why (changed, failed) or for how long (running). */
export function stageDescription(stage: PipelineStage, now: number): string {
  const label = STATE_LABELS[stage.state];
  if (stage.state === 'running') return stage.startedAt !== undefined ? `${label} · ${formatElapsed(now - stage.startedAt)}` : label;
  if ((stage.state === 'changed' || stage.state === 'failed') && stage.reasons.length > 0) return `${label} · ${stage.reasons[0]}${stage.reasons.length > 1 ? ` (+${stage.reasons.length - 1})` : ''}`;
  return label;
}

/** The last run's duration, when it ended. */
export function lastRunDuration(stage: PipelineStage): string | undefined {
  const run = stage.lastRun;
  if (run?.startTime === undefined || run.endTime === undefined) return undefined;
  return formatElapsed(run.endTime - run.startTime);
}

/** Markdown lines about a stage: state and reasons, command, deps, outs, last run. */
export function stageMarkdown(stage: PipelineStage): string {
  const lines = [`**${stage.id}** — ${STATE_LABELS[stage.state]}`];
  if (stage.reasons.length > 0) lines.push(stage.reasons.map((r) => `- ${escape(r)}`).join('\n'));
  const cmd = typeof stage.cmd === 'string' ? stage.cmd : stage.cmd.join('\n');
  lines.push(`\`\`\`sh\n${cmd}\n\`\`\``);
  if (stage.deps.length > 0) lines.push(`deps: ${stage.deps.map((d) => `\`${d}\``).join(', ')}`);
  if (stage.outs.length > 0) lines.push(`outs: ${stage.outs.map((o) => `\`${o}\``).join(', ')}`);
  const run = stage.lastRun;
  if (run) {
    const duration = lastRunDuration(stage);
    const when = run.startTime !== undefined ? new Date(run.startTime).toLocaleString() : 'unknown time';
    lines.push(`last run: ${run.status.toLowerCase()}${duration ? ` in ${duration}` : ''}, ${when} (\`${run.runId.slice(0, 8)}\`)`);
  } else lines.push('no tracked run yet');
  return lines.join('\n\n');
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]<>#|]/g, (c) => `\\${c}`);
}
