import * as vscode from 'vscode';
import { call, JOBS_CANCEL, JOBS_LIST, PIPELINES_REPRO } from '../../shared/contract';
import type { RuntimeEvent } from '../../shared/events';
import type { JobInfo } from '../../shared/jobs';
import type { PipelineReproRequest, PipelineReproResult } from '../../shared/pipelines';
import type { RuntimeClient } from '../../shared/runtime-client';

export interface ReproHost {
  requireClient(): RuntimeClient;
  onRuntimeEvent: vscode.Event<RuntimeEvent>;
  onRuntimeState: vscode.Event<{ kind: string }>;
  log: { info(message: string): void; warn(message: string): void };
}

export interface ReproOutcome {
  result?: PipelineReproResult;
  error?: string;
  cancelled: boolean;
}

const LIVE: readonly string[] = ['QUEUED', 'RUNNING'];

/**
 * Starts a repro in the runtime and follows it in a cancellable notification until its
 * `pipeline.repro` end event. Cancel cancels its stage jobs through the job runner (the ones
 * running and any that start before the repro ends): the stages fail, their downstream is not run.
 */
export async function reproWithProgress(host: ReproHost, request: PipelineReproRequest, title: string): Promise<ReproOutcome> {
  const client = host.requireClient();
  const listeners: vscode.Disposable[] = [];
  let cancelled = false;
  let report: (message: string) => void = () => undefined;
  const ended = new Promise<Extract<RuntimeEvent, { type: 'pipeline.repro' }>['data']>((resolve) => {
    listeners.push(
      host.onRuntimeEvent((event) => {
        if (event.type === 'pipeline.repro' && event.data.state === 'finished') resolve(event.data);
        else if (event.type === 'pipeline.stage') report(`${event.data.id}: ${event.data.state}${event.data.state === 'running' && event.data.reason ? ` (${event.data.reason})` : ''}`);
        else if (event.type === 'job.changed' && cancelled) cancelJob(host, client, event.data.job).catch(() => undefined);
      }),
      host.onRuntimeState((state) => {
        if (state.kind !== 'ready') resolve({ state: 'finished', targets: request.targets ?? [], error: 'the MLOps runtime stopped while the pipeline ran' });
      }),
    );
  });
  try {
    await call(client, PIPELINES_REPRO, request);
    const end = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
      report = (message) => progress.report({ message });
      listeners.push(
        token.onCancellationRequested(() => {
          cancelled = true;
          progress.report({ message: 'cancelling…' });
          cancelRunningStages(host, client).catch(() => undefined);
        }),
      );
      return ended;
    });
    return { ...(end.result && { result: end.result }), ...(end.error && { error: end.error }), cancelled };
  } finally {
    for (const l of listeners) l.dispose();
  }
}

async function cancelRunningStages(host: ReproHost, client: RuntimeClient): Promise<void> {
  try {
    const { jobs } = await call(client, JOBS_LIST, { limit: 200 });
    await Promise.all(jobs.map((job) => cancelJob(host, client, job)));
  } catch (error) {
    host.log.warn(`pipelines: could not list the stage jobs to cancel: ${(error as Error).message}`);
  }
}

async function cancelJob(host: ReproHost, client: RuntimeClient, job: JobInfo): Promise<void> {
  if (job.kind !== 'stage' || !LIVE.includes(job.state)) return;
  try {
    await call(client, JOBS_CANCEL, { id: String(job.id) });
    host.log.info(`pipelines: cancelled ${job.label}`);
  } catch (error) {
    host.log.warn(`pipelines: could not cancel ${job.label}: ${(error as Error).message}`);
  }
}

/** The stage jobs of `stageId`'s newest run, oldest first (one per command of its cmd list). */
export async function stageJobs(client: RuntimeClient, stageId: string, commands: number): Promise<JobInfo[]> {
  const { jobs } = await call(client, JOBS_LIST, { limit: 1000 });
  const mine = jobs.filter((job) => job.kind === 'stage' && job.label.startsWith(`stage ${stageId}: `));
  return mine.slice(0, Math.max(1, commands)).reverse();
}
