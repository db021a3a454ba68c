import { resolve } from 'node:path';
import { tableFormatOf } from '../../core/data';
import { notFound } from '../../core/errors';
import { predictionLogDir } from '../../core/models';
import type { MonitorResult, StoredAlert } from '../../core/monitoring';
import { MonitorStore, runMonitor } from '../../core/monitoring';
import { parseModelSpec } from '../../core/monitoring';
import type { Store } from '../../core/store';
import type { WorkspacePaths } from '../../core/workspace';
import type { MonitorConfig, MonitorsConfigLoad } from '../../core/monitoring';
import { loadMonitorsConfig } from '../../core/monitoring';
import type { MonitorsResponse } from '../../shared/monitors';
import type { EventHub } from '../event-hub';
import type { Log } from '../logger';
import { AlertChannels, alertMessages } from './alert-channels';
import { MonitorScheduler } from './monitor-scheduler';
import { monitorStatus, summarizeMonitor } from './monitor-summary';
import type { NewDataTiming } from './new-data-watcher';
import { DEFAULT_NEW_DATA_TIMING, NewDataWatcher } from './new-data-watcher';
import { RunQueue } from './run-queue';
import { MonitorSilences, isSilenced } from './silences';
import type { WebhookOptions } from './webhook';

/** Starts a retrain for alerts that fired (the retrainer); returns the trigger's id when it made one. */
export type RetrainHook = (monitor: MonitorConfig, alerts: StoredAlert[], result: MonitorResult) => Promise<number | undefined>;

export interface MonitorServiceOptions {
  newData?: Partial<NewDataTiming>;
  webhook?: WebhookOptions;
  /** Called after a run with its alerts that are not silenced; it should return once the trigger exists, not when training ends. */
  onAlerts?: RetrainHook;
  /** Epoch ms; tests pin it. */
  now?: () => number;
}

export interface MonitorServiceContext {
  paths: WorkspacePaths;
  store: Store;
  hub: EventHub;
  log: Log;
}

/**
 * Runs the monitors of mlops.yaml by themselves: on their cron schedules and when new predictions
 * or files arrive, one run at a time across all monitors (drift tests are CPU-bound and the
 * runtime shares the machine with training). Results, alerts and failures are published as events;
 * alerts outside a silence also go to the retrain hook, alerts.log and the webhook.
 */
export class MonitorService {
  private config: MonitorsConfigLoad = { monitors: [], alerting: { log: true }, errors: [] };
  private readonly errors = new Map<string, string>();
  private readonly watchers = new Map<string, NewDataWatcher>();
  private readonly queue: RunQueue<MonitorResult>;
  private readonly scheduler: MonitorScheduler;
  private readonly channels: AlertChannels;
  private readonly results: MonitorStore;
  private readonly silences: MonitorSilences;
  private readonly timing: NewDataTiming;
  private readonly now: () => number;

  constructor(
    private readonly ctx: MonitorServiceContext,
    private readonly options: MonitorServiceOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.timing = { ...DEFAULT_NEW_DATA_TIMING, ...options.newData };
    this.queue = new RunQueue((name) => this.runNow(name));
    this.scheduler = new MonitorScheduler((name) => this.background(name, 'schedule'), this.now);
    this.channels = new AlertChannels(ctx.paths.logs, ctx.log, options.webhook);
    this.results = new MonitorStore(ctx.store.db);
    this.silences = new MonitorSilences(ctx.store.db);
  }

  /** Reads mlops.yaml and arms schedules and watchers; call again when it changed. */
  reload(): void {
    try {
      const previous = this.config.errors.join('\n');
      this.config = loadMonitorsConfig(this.ctx.paths.config);
      if (this.config.errors.join('\n') !== previous) for (const error of this.config.errors) this.ctx.log(`monitors: ${error}`);
      this.channels.configure(this.config.alerting);
      this.scheduler.set(new Map(this.config.monitors.filter((m) => m.schedule !== undefined).map((m) => [m.name, m.schedule!])));
      this.rewatch();
    } catch (error) {
      this.ctx.log(`monitors: cannot apply mlops.yaml: ${(error as Error).message}`);
    }
  }

  /** The monitors of mlops.yaml as last loaded (reload() follows the file). */
  get configured(): readonly MonitorConfig[] {
    return this.config.monitors;
  }

  list(): MonitorsResponse {
    const now = this.now();
    return {
      monitors: this.config.monitors.map((monitor) => {
        const silenceEnd = this.silences.until(monitor.name);
        const nextRunAt = this.scheduler.nextRunAt(monitor.name);
        const error = this.errors.get(monitor.name);
        return summarizeMonitor(monitor, {
          latest: this.results.results(monitor.name, 1)[0]?.result,
          ...(silenceEnd !== undefined && { silenceEnd }),
          ...(error !== undefined && { error }),
          ...(nextRunAt !== undefined && { nextRunAt }),
          now,
        });
      }),
      errors: this.config.errors,
    };
  }

  /** Runs the monitor (after any run under way) and answers its result; a failure is thrown after being recorded and published. */
  run(name: string): Promise<MonitorResult> {
    this.monitor(name);
    return this.queue.request(name);
  }

  /** Stored results, newest first. */
  history(name: string, limit: number): MonitorResult[] {
    const stored = this.results.results(name, limit);
    if (stored.length === 0) this.monitor(name);
    return stored.map((s) => s.result);
  }

  alerts(since: number, limit: number): StoredAlert[] {
    return this.results.alerts(since).slice(0, limit);
  }

  /** Mutes the monitor's alerts for `minutes` from now (0 ends a silence); alerts already fired count as silenced too. */
  silence(name: string, minutes: number): { silencedUntil: number | null } {
    this.monitor(name);
    const until = this.now() + minutes * 60_000;
    this.silences.set(name, until);
    this.ctx.log(minutes > 0 ? `monitor ${name}: silenced until ${new Date(until).toISOString()}` : `monitor ${name}: silence ended`);
    return { silencedUntil: minutes > 0 ? until : null };
  }

  /** New data was seen for the monitor and its run is still waiting out the quiet time. */
  newDataPending(name: string): boolean {
    return this.watchers.get(name)?.pending ?? false;
  }

  /** Resolves once webhook deliveries started so far have ended (tests). */
  deliveriesSettled(): Promise<void> {
    return this.channels.settled();
  }

  /** Stops timers and watchers, waits for the run under way, abandons webhook retries. */
  async close(): Promise<void> {
    this.scheduler.close();
    await Promise.all([...this.watchers.values()].map((w) => w.close()));
    this.watchers.clear();
    await this.queue.close();
    await this.channels.close();
  }

  private monitor(name: string): MonitorConfig {
    const monitor = this.config.monitors.find((m) => m.name === name);
    if (!monitor) {
      const broken = this.config.errors.length > 0 ? ' (mlops.yaml has errors in monitors:, see mlops status)' : '';
      throw notFound(`No monitor named "${name}" in mlops.yaml${broken}.`);
    }
    return monitor;
  }

  /** A run nobody waits for: its failure is already logged and published. */
  private background(name: string, reason: string): Promise<unknown> {
    return this.queue.request(name).catch((error: Error) => this.ctx.log(`monitor ${name} (${reason}): not run: ${error.message}`));
  }

  private async runNow(name: string): Promise<MonitorResult> {
    const time = this.now();
    let monitor: MonitorConfig;
    let result: MonitorResult;
    try {
      monitor = this.monitor(name);
      result = await runMonitor({ store: this.ctx.store, paths: this.ctx.paths, now: this.now }, monitor);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.errors.set(name, message);
      this.ctx.log(`monitor ${name}: failed: ${message}`);
      this.ctx.hub.publish('monitor.result', { monitor: name, time, status: 'error', error: message });
      throw error;
    }
    this.errors.delete(name);
    const silenceEnd = this.silences.until(name);
    const status = monitorStatus({ latest: result, ...(silenceEnd !== undefined && { silenceEnd }) });
    this.ctx.hub.publish('monitor.result', { monitor: name, time: result.time, status, driftShare: result.driftShare });
    await this.announce(monitor, result, silenceEnd);
    return result;
  }

  /** Alerts outside a silence: the retrain hook, then an event and the channels for each. */
  private async announce(monitor: MonitorConfig, result: MonitorResult, silenceEnd: number | undefined): Promise<void> {
    const loud = result.alerts.filter((alert) => !isSilenced(silenceEnd, alert.time));
    const quiet = result.alerts.length - loud.length;
    if (quiet > 0) this.ctx.log(`monitor ${monitor.name}: ${quiet} alert(s) stored but not announced (silenced until ${new Date(silenceEnd!).toISOString()})`);
    if (loud.length === 0) return;
    let retrainTriggerId: number | undefined;
    try {
      retrainTriggerId = await this.options.onAlerts?.(monitor, loud, result);
    } catch (error) {
      this.ctx.log(`monitor ${monitor.name}: retraining did not start: ${(error as Error).message}`);
    }
    for (const message of alertMessages(monitor.name, result, loud)) {
      const { alert, driftedColumns } = message;
      this.ctx.log(`monitor ${monitor.name}: ALERT ${alert.severity}: ${alert.message}`);
      this.ctx.hub.publish('monitor.alert', { alert, model: result.model, driftedColumns, ...(retrainTriggerId !== undefined && { retrainTriggerId }) });
      this.channels.deliver(message);
    }
  }

  /** One watcher per monitor that runs on new data, on its prediction log or its folder. */
  private rewatch(): void {
    const wanted = new Map<string, { dir: string; accepts: (file: string) => boolean }>();
    for (const monitor of this.config.monitors) {
      if (!monitor.onNewData) continue;
      wanted.set(
        monitor.name,
        monitor.source.kind === 'folder'
          ? { dir: resolve(this.ctx.paths.root, monitor.source.path), accepts: (file) => tableFormatOf(file) !== undefined }
          : { dir: predictionLogDir(this.ctx.paths.mlopsDir, parseModelSpec(monitor.model).name), accepts: (file) => file.endsWith('.jsonl') },
      );
    }
    for (const [name, watcher] of this.watchers) {
      if (wanted.get(name)?.dir === watcher.dir) continue;
      watcher.close().catch((error: Error) => this.ctx.log(`monitors: closing the watcher of ${name} failed: ${error.message}`));
      this.watchers.delete(name);
    }
    for (const [name, { dir, accepts }] of wanted) {
      if (this.watchers.has(name)) continue;
      const onState = (state: 'waiting' | 'watching'): void => {
        this.ctx.hub.publish('monitor.watching', { monitor: name, dir, state });
      };
      const watcher = new NewDataWatcher(dir, accepts, () => this.background(name, 'new data'), this.timing, this.ctx.log, onState);
      this.watchers.set(name, watcher);
      watcher.start();
    }
  }
}
