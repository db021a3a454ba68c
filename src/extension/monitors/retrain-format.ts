/** How retraining triggers read in prompts, outcome messages and the history document (pure, unit-tested). */
import type { RetrainStatus, RetrainTrigger } from '../../shared/monitors';
import { clockTime, modelNameOf } from './monitor-format';

/**
 * A trigger as the extension reads it. `task` (proposed wire field): the label of the VS Code
 * task that retrains, present when the monitor's `retrain.task` names one; the extension runs it.
 */
export type RetrainTriggerWire = RetrainTrigger & { task?: string };

export type OutcomeSeverity = 'info' | 'warning';

/** "alert: drift_share > 0.3" → "alert drift_share > 0.3 fired"; "schedule: 0 3 * * 0" → "scheduled (0 3 * * 0)". */
export function reasonText(reason: string): string {
  if (reason === 'manual') return 'requested by hand';
  const alert = /^alert:\s*(.+)$/.exec(reason);
  if (alert) return `alert ${alert[1]} fired`;
  const schedule = /^schedule:\s*(.+)$/.exec(reason);
  if (schedule) return `scheduled (${schedule[1]})`;
  return reason;
}

/** Only triggers the runtime holds for approval; one the user started by hand was approved already. */
export function shouldAsk(trigger: RetrainTrigger): boolean {
  return trigger.status === 'pending' && trigger.policy === 'ask' && trigger.reason !== 'manual';
}

/** "Retrain weather? weather-drift: alert drift_share > 0.3 fired." */
export function retrainAskText(trigger: RetrainTrigger, modelRef: string | undefined): string {
  const model = modelRef ? modelNameOf(modelRef) : `the model of ${trigger.monitor}`;
  return `Retrain ${model}? ${trigger.monitor}: ${reasonText(trigger.reason)}.`;
}

/** The VS Code task to run for a trigger, when the runtime has handed the retraining to the extension. */
export function taskToRun(trigger: RetrainTriggerWire): string | undefined {
  return trigger.status === 'running' && trigger.task ? trigger.task : undefined;
}

function sentence(text: string | undefined): string {
  if (!text) return '';
  const t = text.trim().replace(/^./, (c) => c.toUpperCase());
  return ` ${/[.!?]$/.test(t) ? t : `${t}.`}`;
}

/** The message for a finished trigger: promoted (information), rejected or failed (warning); nothing for the others. */
export function retrainOutcome(trigger: RetrainTrigger, modelRef: string | undefined): { severity: OutcomeSeverity; text: string; model: string | undefined } | undefined {
  const model = trigger.modelVersion?.name ?? (modelRef ? modelNameOf(modelRef) : undefined);
  const version = trigger.modelVersion ? ` v${trigger.modelVersion.version}` : '';
  const subject = model ? `${model}${version}` : `the model of ${trigger.monitor}`;
  switch (trigger.status) {
    case 'promoted':
      return { severity: 'info', model, text: `Retrained ${subject} for ${trigger.monitor}: promoted.${sentence(trigger.decision)}` };
    case 'rejected':
      return { severity: 'warning', model, text: `Retrained ${subject} for ${trigger.monitor}: not promoted.${sentence(trigger.decision)}` };
    case 'failed':
      return { severity: 'warning', model, text: `Retraining ${model ?? 'the model'} for ${trigger.monitor} failed.${sentence(trigger.decision)}` };
    default:
      return undefined;
  }
}

const STATUS_TEXT: Record<RetrainStatus, string> = {
  pending: '⏳ awaiting approval',
  declined: '— declined',
  running: '▶ training',
  validating: '▶ validating',
  promoted: '✓ promoted',
  rejected: '✗ not promoted',
  failed: '✗ failed',
};

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/** Every trigger of a monitor, newest first: what started it, the run, data and model version, the decision. */
export function retrainHistoryMarkdown(monitor: string, modelRef: string | undefined, triggers: readonly RetrainTrigger[]): string {
  const title = `# ${monitor}: retraining history`;
  const about = modelRef ? `Retrains \`${modelRef}\`.` : '';
  if (triggers.length === 0) return [title, '', about, '', 'No retraining yet: it starts from an alert rule with `retrain: true`, the retrain schedule, or *Retrain Now*.', ''].join('\n');
  const rows = [...triggers]
    .sort((a, b) => b.createdAt - a.createdAt || b.id - a.id)
    .map((t) =>
      [
        `#${t.id}`,
        clockTime(t.createdAt),
        STATUS_TEXT[t.status],
        `${reasonText(t.reason)} (${t.policy})`,
        t.runId ? `\`${t.runId.slice(0, 8)}\`` : '—',
        t.dataVersion ? `\`${t.dataVersion.path}\` v${t.dataVersion.version}` : '—',
        t.modelVersion ? `${t.modelVersion.name} v${t.modelVersion.version}` : '—',
        t.decision ?? '—',
      ].map(cell),
    )
    .map((cells) => `| ${cells.join(' | ')} |`);
  return [title, '', about, '', '| trigger | created | status | reason | run | data | model version | decision |', '| --- | --- | --- | --- | --- | --- | --- | --- |', ...rows, ''].join('\n');
}
