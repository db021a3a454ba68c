import { accessSync, constants, statSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { Store } from '../core/store';
import { DatasetRepository } from '../core/data';
import { JobRunner } from '../core/jobs';
import { Tracking } from '../core/tracking';
import { DataService } from './data-service';
import { Retrainer } from './retrain';
import { watch } from 'chokidar';
import type { FSWatcher } from 'chokidar';
import { publishTrackingChange } from './tracking-events';
import { createRuntimeRegistry } from './registry-events';
import type { WorkspacePaths } from '../core/workspace';
import { ARTIFACT_LEFTOVER, CACHE_LEFTOVER, ensurePrivateDir, randomHex, restrictTree, sweepLeftovers, workspacePaths } from '../core/workspace';
import { loadWorkspaceConfig } from '../core/config';
import type { StoreDriverName } from '../shared/api';
import type { RuntimeInfo } from '../shared/runtime-info';
import { VERSION } from '../shared/version';
import { buildRouter } from './app';
import { EventHub } from './event-hub';
import { PipelineService } from './pipelines/pipeline-service';
import { PipelineScheduler } from './schedules';
import { createHttpServer } from './http';
import type { Timeouts } from './http';
import type { Log } from './logger';
import { createLogger } from './logger';
import type { RuntimeContext } from './runtime-context';
import { probeRuntime, publishRuntimeFile, readRuntimeFile, removeRuntimeFile, removeStaleRuntimeTemps } from './runtime-file';
import { MonitorService } from './monitoring/monitor-service';
import type { MonitorServiceOptions } from './monitoring/monitor-service';

export interface RuntimeOptions {
  workspace: string;
  /** 0 (default) picks a free port. */
  port?: number;
  driver?: StoreDriverName;
  log?: Log;
  timeouts?: Timeouts;
  /** Timings and the retrain hook of the monitors the runtime runs. */
  monitors?: MonitorServiceOptions;
  /** The clock pipeline schedules compute their times on (tests run it ahead). */
  schedules?: { now?: () => number };
}

export type StartResult =
  | { kind: 'started'; runtime: Runtime }
  | { kind: 'already-running'; info: RuntimeInfo };

/** A user-facing start failure: the message says what happened and what to do. */
export class RuntimeStartError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RuntimeStartError';
  }
}

/** One workspace's engine: the store, the HTTP API on 127.0.0.1 and the event stream. */
export class Runtime {
  private stopping: Promise<void> | undefined;
  private configWatcher: FSWatcher | undefined;
  private deferred: NodeJS.Timeout | undefined;
  private readonly stopped: Promise<void>;
  private markStopped!: () => void;

  private constructor(
    readonly info: RuntimeInfo,
    readonly paths: WorkspacePaths,
    readonly context: RuntimeContext,
    private readonly server: Server,
  ) {
    this.stopped = new Promise((resolve) => (this.markStopped = resolve));
  }

  get store(): Store {
    return this.context.store;
  }

  get hub(): EventHub {
    return this.context.hub;
  }

  /** Resolves once the runtime has stopped, whoever asked it to. */
  whenStopped(): Promise<void> {
    return this.stopped;
  }

  static async start(options: RuntimeOptions): Promise<StartResult> {
    const paths = workspacePaths(options.workspace);
    prepareMlopsDir(paths);
    const log = options.log ?? createLogger(join(paths.logs, 'runtime.log'));

    const existing = await findLiveRuntime(paths, log);
    if (existing) return { kind: 'already-running', info: existing };

    const staleTemps = removeStaleRuntimeTemps(paths.runtimeFile);
    if (staleTemps > 0) log(`removed ${staleTemps} temp file(s) of runtime.json left by an interrupted start`);
    const store = Store.open(paths.db, { driver: options.driver });
    const hub = new EventHub(store.events);
    const tracking = new Tracking(store, Tracking.artifactRoot(paths.mlopsDir), (change) => publishTrackingChange(hub, change));
    // Never throws: a broken mlops.yaml is the defaults plus its problems, reported below.
    const configStamp = fileStamp(paths.config);
    const config = loadWorkspaceConfig(paths.config);
    const datasets = new DatasetRepository(store.db, paths.root, undefined, config.config.data.link);
    const token = randomHex(32);
    let port = 0;
    const jobs = new JobRunner({ store, logsDir: join(paths.logs, 'jobs'), log });
    jobs.onChanged((job) => hub.publish('job.changed', { job }));
    const registry = createRuntimeRegistry(store, paths, hub, tracking);
    const pipelines = new PipelineService({ paths, store, tracking, datasets, jobs, hub, log });
    const retrainer = new Retrainer({ store, paths, hub, log, jobs, registry, pipelines, monitors: () => context.monitors.configured });
    const context: RuntimeContext = {
      paths,
      store,
      tracking,
      registry,
      datasets,
      data: new DataService(datasets, store.db, hub, log, paths.root),
      monitors: new MonitorService({ paths, store, hub, log }, { onAlerts: (monitor, alerts, result) => retrainer.onAlerts(monitor, alerts, result), ...options.monitors }),
      retrainer,
      jobs,
      pipelines,
      schedules: new PipelineScheduler({ paths, pipelines, log, ...options.schedules }),
      hub,
      log,
      startedAt: Date.now(),
      configErrors: config.errors,
      requestStop: () => Promise.resolve(),
    };
    const server = createHttpServer({ router: buildRouter(context), token, port: () => port, log }, options.timeouts);
    try {
      port = await listen(server, options.port ?? 0);
    } catch (error) {
      hub.close();
      store.close();
      const code = (error as NodeJS.ErrnoException).code;
      throw new RuntimeStartError(
        code === 'EADDRINUSE' ? `Port ${options.port} on 127.0.0.1 is in use; choose another with --port or omit it to pick a free one.` : `Cannot listen on 127.0.0.1: ${(error as Error).message}`,
        { cause: error },
      );
    }

    const info: RuntimeInfo = { pid: process.pid, port, token, version: VERSION };
    const runtime = new Runtime(info, paths, context, server);
    context.requestStop = (reason) => runtime.stop(reason);

    // Another runtime may have published between our check and now: the first one wins.
    while (!publishRuntimeFile(paths.runtimeFile, info)) {
      const winner = await findLiveRuntime(paths, log);
      if (winner) {
        await runtime.shutdown('another runtime started first', false);
        return { kind: 'already-running', info: winner };
      }
    }
    const orphans = tracking.failOrphanedRuns();
    if (orphans.length > 0) log(`marked ${orphans.length} run(s) left RUNNING by a previous runtime as FAILED: ${orphans.join(', ')}`);
    for (const job of jobs.orphans) hub.publish('job.changed', { job });
    if (jobs.orphans.length > 0) log(`marked ${jobs.orphans.length} job(s) a previous runtime left unfinished as FAILED (orphaned): ${jobs.orphans.map((j) => j.id).join(', ')}`);
    // Versioning what is already there starts after the ready line (track() yields first); callers wait on data.settled().
    context.data.track(config.config.data.track).catch((error: Error) => log(`data: ${error.message}`));
    context.monitors.reload();
    context.retrainer.start();
    context.schedules.start();
    runtime.afterFirstAnswer(() => {
      sweepLeftovers([{ dir: Tracking.artifactRoot(paths.mlopsDir), pattern: ARTIFACT_LEFTOVER }, { dir: datasets.cache.root, pattern: CACHE_LEFTOVER }], LEFTOVER_AGE_MS)
        .then((n) => n > 0 && log(`removed ${n} partial file(s) left by interrupted uploads and cache writes`))
        .catch((error: Error) => log(`removing partial files: ${error.message}`));
      runtime.watchConfig(configStamp);
    });
    log(`runtime ${VERSION} ready on http://127.0.0.1:${port} (pid ${process.pid}, Node ${process.version}, store ${store.driverName}, schema ${store.schemaVersion})`);
    for (const error of context.configErrors) log(`config: ${error}`);
    if (!config.readable) log('config: mlops.yaml cannot be used until this is fixed; the runtime runs with the default settings');
    return { kind: 'started', runtime };
  }

  /**
   * Runs work no request waits for (sweeping leftovers, watching mlops.yaml)
   * once the first answer is out, or after FIRST_ANSWER_WAIT_MS without a request: the client that
   * probes /health right after start is not kept waiting behind it.
   */
  private afterFirstAnswer(work: () => void): void {
    const run = (): void => {
      if (this.deferred === undefined) return;
      clearTimeout(this.deferred);
      this.deferred = undefined;
      this.server.off('request', onRequest);
      if (!this.stopping) work();
    };
    const onRequest = (_req: IncomingMessage, res: ServerResponse): void => void res.once('close', () => setImmediate(run));
    this.server.on('request', onRequest);
    this.deferred = setTimeout(run, FIRST_ANSWER_WAIT_MS);
    this.deferred.unref();
  }

  /** mlops.yaml edits take effect at once: problems are reported, tracked paths re-watched, monitors re-armed. */
  watchConfig(loadedStamp: string): void {
    const watcher = watch(this.paths.config, { ignoreInitial: true, awaitWriteFinish: { stabilityThreshold: 100, pollInterval: 50 } });
    watcher.on('all', () => this.reloadConfig());
    // An edit saved while the watcher was still starting is applied once it is ready.
    watcher.once('ready', () => {
      if (fileStamp(this.paths.config) !== loadedStamp) this.reloadConfig();
    });
    watcher.on('error', (error: unknown) => this.context.log(`config: watching mlops.yaml failed: ${(error as Error).message}`));
    this.configWatcher = watcher;
  }

  /**
   * Applies mlops.yaml as it is now. A bad entry is reported and left out alone; a file unusable as
   * a whole (syntax, aliases) is reported and the settings in force stay. Never throws.
   */
  private reloadConfig(): void {
    const { log } = this.context;
    try {
      const loaded = loadWorkspaceConfig(this.paths.config);
      this.context.configErrors = loaded.errors;
      this.context.hub.publish('config.changed', { errors: loaded.errors });
      for (const error of loaded.errors) log(`config: ${error}`);
      if (!loaded.readable) {
        log('config: mlops.yaml cannot be used until this is fixed; the runtime keeps the settings it had');
        return;
      }
      this.context.data.track(loaded.config.data.track).catch((error: Error) => log(`data: ${error.message}`));
      this.context.monitors.reload();
      this.context.retrainer.setMonitors();
      this.context.schedules.reload();
    } catch (error) {
      log(`config: cannot apply mlops.yaml: ${(error as Error).message}`);
    }
  }

  /** Stops accepting, lets in-flight requests finish, closes the store, removes runtime.json. */
  stop(reason: string): Promise<void> {
    this.stopping ??= this.shutdown(reason, true);
    return this.stopping;
  }

  private async shutdown(reason: string, published: boolean): Promise<void> {
    this.context.log(`runtime stopping: ${reason}`);
    clearTimeout(this.deferred);
    this.deferred = undefined;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    if (published) this.context.hub.publish('runtime.stopping', { reason });
    this.context.hub.close();
    await this.configWatcher?.close();
    await this.context.monitors.close();
    this.context.retrainer.stop();
    this.context.schedules.stop();
    this.context.jobs.close();
    await this.context.pipelines.idle();
    await this.context.data.close();
    this.server.closeIdleConnections();
    const force = setTimeout(() => this.server.closeAllConnections(), 10_000);
    await closed;
    clearTimeout(force);
    this.context.store.close();
    if (published) removeRuntimeFile(this.paths.runtimeFile, this.info.pid);
    this.context.log('runtime stopped');
    this.markStopped();
  }
}

/** Size and modification time of a file, to tell whether it changed; '' when absent. */
function fileStamp(path: string): string {
  try {
    const stat = statSync(path, { throwIfNoEntry: false });
    return stat ? `${stat.size}:${stat.mtimeMs}` : '';
  } catch (error) {
    return (error as Error).message;
  }
}

/** How long start-up work that no request needs waits for the first request before it runs anyway. */
const FIRST_ANSWER_WAIT_MS = 100;

/** A temp file untouched this long belongs to a writer that died. */
const LEFTOVER_AGE_MS = 60 * 60 * 1000;

function prepareMlopsDir(paths: WorkspacePaths): void {
  try {
    ensurePrivateDir(paths.mlopsDir);
    accessSync(paths.mlopsDir, constants.W_OK);
    // Logs (runtime, alerts, runs, retrains) are the workspace user's only, also in older workspaces.
    ensurePrivateDir(paths.logs);
    restrictTree(paths.logs);
  } catch (error) {
    throw new RuntimeStartError(
      `Cannot write ${paths.mlopsDir}: ${(error as Error).message}. The runtime keeps its state there; make the workspace writable.`,
      { cause: error },
    );
  }
}

/** The live runtime named by runtime.json; a stale or garbled file is removed on the way. */
async function findLiveRuntime(paths: WorkspacePaths, log: Log): Promise<RuntimeInfo | undefined> {
  const state = readRuntimeFile(paths.runtimeFile);
  if (state.kind === 'absent') return undefined;
  if (state.kind === 'garbled') {
    log(`replacing a garbled ${paths.runtimeFile}`);
    removeRuntimeFile(paths.runtimeFile, -1);
    return undefined;
  }
  const liveness = await probeRuntime(state.info);
  if (liveness === 'live') return state.info;
  if (liveness === 'unresponsive') {
    throw new RuntimeStartError(
      `A runtime (pid ${state.info.pid}) holds this workspace but does not answer on port ${state.info.port}. ` +
        `Stop it (kill ${state.info.pid}) and start again.`,
    );
  }
  log(`replacing a stale ${paths.runtimeFile} (pid ${state.info.pid} is not running)`);
  removeRuntimeFile(paths.runtimeFile, state.info.pid);
  return undefined;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}
