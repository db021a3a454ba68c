import type { MonitorsResponse, MonitorSummary, RetrainStatus, RetrainTrigger } from '../../shared/monitors';
import type { RuntimeClient } from '../../shared/runtime-client';
import { RuntimeRequestError } from '../../shared/runtime-client';
import { modelNameOf } from './monitor-format';
import { call, MONITORS_LIST } from '../../shared/contract';

const NONE: MonitorsResponse = { monitors: [], errors: [] };

/**
 * The runtime's monitors, fetched once per change (runtime events invalidate it) and shared by
 * every model row of the Models view; also remembers the latest retrain state per monitor.
 */
export class MonitorList {
  private pending: Promise<MonitorsResponse> | undefined;
  private latest: MonitorsResponse = NONE;
  private reported = '';
  private readonly retrainStates = new Map<string, RetrainStatus>();

  constructor(
    private readonly client: () => RuntimeClient | undefined,
    private readonly log: { warn(message: string): void },
  ) {}

  get(): Promise<MonitorsResponse> {
    const client = this.client();
    if (!client) return Promise.resolve(NONE);
    this.pending ??= this.fetch(client);
    return this.pending;
  }

  invalidate(): void {
    this.pending = undefined;
  }

  /** The monitor by name, fetching the list when it is not fresh. */
  async find(name: string): Promise<MonitorSummary | undefined> {
    return (await this.get()).monitors.find((m) => m.name === name);
  }

  /** The model NAME a monitor watches, as last fetched. */
  modelOf(monitor: string): string | undefined {
    const found = this.latest.monitors.find((m) => m.name === monitor);
    return found && modelNameOf(found.model);
  }

  noteTrigger(trigger: RetrainTrigger): void {
    this.retrainStates.set(trigger.monitor, trigger.status);
  }

  retrainStatus(monitor: string): RetrainStatus | undefined {
    return this.retrainStates.get(monitor);
  }

  private async fetch(client: RuntimeClient): Promise<MonitorsResponse> {
    try {
      const response = await call(client, MONITORS_LIST);
      this.latest = { monitors: response.monitors ?? [], errors: response.errors ?? [] };
      this.report(this.latest.errors.map((e) => `monitors: ${e}`));
      return this.latest;
    } catch (error) {
      this.pending = undefined;
      // A runtime older than monitoring has no such route: no monitors, nothing to report.
      if (error instanceof RuntimeRequestError && error.status === 404) return NONE;
      this.report([`could not list monitors: ${(error as Error).message}`]);
      return this.latest;
    }
  }

  /** Logs problems once each time they change, not on every fetch. */
  private report(problems: string[]): void {
    const text = problems.join('\n');
    if (text === this.reported) return;
    this.reported = text;
    for (const p of problems) this.log.warn(p);
  }
}
