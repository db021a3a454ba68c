import type { ModelRegistry } from '../../core/registry';
import { ModelLoadError, ScoringSession } from '../../core/models';
import type { ModelReference } from '../../core/registry';
import { AliasWatcher, PredictionLog, predictionLogDir, ScoringService } from '../../core/models';
import { describeReference, openServingRegistry, parseModelReference, readModelFile, readVersionFile } from '../../core/registry';
import type { ServingConfig } from '../../core/models';
import { loadServingConfig } from '../../core/models';
import type { RunningScoringServer } from '../../runtime/serving/scoring-server';
import { LOOPBACK, startScoringServer } from '../../runtime/serving/scoring-server';
import { VERSION } from '../../shared/version';
import { mergeHints } from '../../core/models';
import type { ParsedArgs } from '../args';
import { intOption, stringOption, UsageError } from '../args';
import type { CliIo } from '../io';
import { resolveWorkspace } from '../workspace';
import { TASK_USAGE, TASK_VALUE_OPTIONS, rememberTask, taskHintOption, undecidedNote } from './task-options';

/** Options of `mlops serve` that take a value (`--host 0.0.0.0`). */
export const SERVE_VALUE_OPTIONS = ['host', 'max-rows', ...TASK_VALUE_OPTIONS];

export const serveUsage = `mlops serve MODEL@ALIAS|MODEL@VERSION|PATH.onnx [--port N] [--host 127.0.0.1] [--max-rows N] [--no-log] [--verbose] ${TASK_USAGE}   MLflow scoring server (/invocations)`;

/** `mlops serve`: loads the model, serves it until SIGTERM/SIGINT, follows an alias when given one. */
export async function serveCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const target = args.positionals[0];
  if (!target || args.positionals.length > 1) throw new UsageError('name one model: MODEL@ALIAS, MODEL@VERSION or PATH.onnx');
  const paths = resolveWorkspace(stringOption(args, 'workspace'));
  const loaded = loadServingConfig(paths.config);
  for (const error of loaded.errors) io.err(`warning: ${error} (using the default)`);
  const config: ServingConfig = {
    ...loaded.config,
    host: stringOption(args, 'host') ?? loaded.config.host,
    port: intOption(args, 'port', 0, 65535) ?? loaded.config.port,
    maxRowsPerRequest: intOption(args, 'max-rows', 1, 100_000_000) ?? loaded.config.maxRowsPerRequest,
  };
  if (!LOOPBACK.has(config.host)) io.err(`warning: listening on ${config.host}: the model server has no authentication, so anyone who can reach this address can use it`);
  const flags = taskHintOption(args);
  const reference = parseModelReference(target);
  const workspace = reference.kind === 'file' ? undefined : openServingRegistry(paths);
  try {
    const file = await readModelFile(reference, workspace?.registry);
    let session: ScoringSession;
    try {
      session = await ScoringSession.create(file.bytes, { intraOpThreads: config.threads, hint: mergeHints(flags, file.hint) });
    } catch (error) {
      if (!(error instanceof ModelLoadError)) throw error;
      io.err(`mlops serve: cannot serve ${describeReference(reference)} (${file.path}): ${error.reason}`);
      return 1;
    }
    if (workspace) rememberTask(workspace.registry, file, flags, io);
    if (session.plan.task === null) io.err(`note: ${undecidedNote(session.plan.reason)}`);
    const logConfig = config.predictionLog;
    const log =
      logConfig.enabled && !args.options.has('no-log')
        ? new PredictionLog({
            dir: predictionLogDir(paths.mlopsDir, file.model.name),
            sampleRate: logConfig.sampleRate,
            maxDays: logConfig.maxDays,
            maxBytes: logConfig.maxBytes,
            flushIntervalMs: logConfig.flushIntervalMs,
            // Records waiting for the disk hold request bodies of up to max_body_mb: keep them few.
            maxPendingBytes: 32 * 1024 * 1024,
            onError: (message) => io.err(`warning: ${message}`),
            onDropped: (count) => service.metrics.predictionsDropped(count),
          })
        : undefined;
    const limits = { maxRowsPerRequest: config.maxRowsPerRequest, maxInflightRows: config.maxInflightRows, maxQueuedRows: config.maxQueuedRows, maxInflightBodyBytes: 2 * config.maxBodyBytes };
    const service = new ScoringService({ session, model: file.model, serverVersion: VERSION, log, sessionOptions: { intraOpThreads: config.threads }, limits });
    const verbose = args.options.has('verbose');
    let server: RunningScoringServer;
    try {
      server = await startScoringServer(service, { ...config, ...(verbose && { debug: (line: string) => io.err(line) }) });
    } catch (error) {
      await service.close();
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EADDRINUSE' && code !== 'EADDRNOTAVAIL' && code !== 'EACCES') throw error;
      io.err(`mlops serve: cannot listen on ${config.host}:${config.port} (${code}); choose another with --port or --host`);
      return 1;
    }
    const watcher = workspace && reference.kind === 'alias' ? followAlias(reference, workspace.registry, service, config.aliasPollMs, io) : undefined;
    const version = file.model.version === null ? '' : ` version ${file.model.version}`;
    io.out(`Serving ${file.model.name}${version}${reference.kind === 'alias' ? ` (@${reference.alias}, following it)` : ''} at ${server.url} (POST /invocations); Ctrl+C to stop`);
    const signal = await nextSignal();
    io.out(`Received ${signal}: finishing requests in progress and writing the prediction log…`);
    await watcher?.stop();
    await server.shutdown();
    io.out('Stopped.');
    return 0;
  } finally {
    workspace?.close();
  }
}

function nextSignal(): Promise<string> {
  return new Promise((resolve) => {
    const on = (signal: string) => () => {
      process.off('SIGTERM', onTerm);
      process.off('SIGINT', onInt);
      resolve(signal);
    };
    const onTerm = on('SIGTERM');
    const onInt = on('SIGINT');
    process.on('SIGTERM', onTerm);
    process.on('SIGINT', onInt);
  });
}

function followAlias(reference: Extract<ModelReference, { kind: 'alias' }>, registry: ModelRegistry, service: ScoringService, intervalMs: number, io: CliIo): AliasWatcher {
  const watcher = new AliasWatcher({
    version: Number(service.model.version),
    intervalMs,
    lookup: () => registry.aliases.versionOf(reference.name, reference.alias),
    moveTo: async (version) => {
      const file = await readVersionFile(registry.getVersion(reference.name, version), reference.alias);
      await service.swap(file.bytes, file.model, file.hint);
      io.out(`${reference.name}@${reference.alias} moved to version ${version}: now serving it`);
    },
    onError: (message) => io.err(`warning: ${reference.name}@${reference.alias}: ${message}; still serving version ${service.model.version}`),
  });
  watcher.start();
  return watcher;
}
