import type { WorkspacePaths } from '../core/workspace';
import type { DatasetRepository } from '../core/data';
import type { JobRunner } from '../core/jobs';
import type { ModelRegistry } from '../core/registry';
import type { Store } from '../core/store';
import type { Tracking } from '../core/tracking';
import type { DataService } from './data-service';
import type { EventHub } from './event-hub';
import type { Log } from './logger';
import type { Retrainer } from './retrain';
import type { MonitorService } from './monitoring/monitor-service';
import type { PipelineService } from './pipelines/pipeline-service';
import type { PipelineScheduler } from './schedules';

/** What route handlers share: one per runtime process, built by Runtime.start. */
export interface RuntimeContext {
  paths: WorkspacePaths;
  store: Store;
  tracking: Tracking;
  /** The one registry of the runtime; its changes are published as `model.changed`. */
  registry: ModelRegistry;
  datasets: DatasetRepository;
  data: DataService;
  monitors: MonitorService;
  retrainer: Retrainer;
  /** Every process the runtime starts runs as one of its jobs. */
  jobs: JobRunner;
  /** dvc.yaml stages' states and the runtime's own repro (the Pipelines view). */
  pipelines: PipelineService;
  /** mlops.yaml's `schedules:`, each a repro through `pipelines` on cron. */
  schedules: PipelineScheduler;
  hub: EventHub;
  log: Log;
  startedAt: number;
  configErrors: string[];
  requestStop(reason: string): Promise<void>;
}
