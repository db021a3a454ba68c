import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ModelRegistry } from '../../core/registry';
import { ModelLoadError, ScoringSession } from '../../core/models/scoring';
import type { ModelReference, ServingResponse } from '../../core/models/serving';
import { AliasWatcher, describeReference, openWorkspaceRegistry, parseModelReference, PredictionLog, predictionLogDir, readModelFile, readVersionFile, ScoringService } from '../../core/models/serving';
import type { ServingConfig } from '../../core/workspace/serving-config';
import { loadServingConfig } from '../../core/workspace/serving-config';
import { ApiError, readBody, Router, toApiError } from '../../runtime/http';
import { checkHost, checkOrigin } from '../../runtime/http/security';
import { VERSION } from '../../shared/version';
import type { ParsedArgs } from '../args';
import { intOption, stringOption, UsageError } from '../args';
import type { CliIo } from '../io';
import { resolveWorkspace } from '../workspace';

/** Options of `mlops serve` that take a value (`--host 0.0.0.0`). */
export const SERVE_VALUE_OPTIONS = ['host'];

export const serveUsage = 'mlops serve MODEL@ALIAS|MODEL@VERSION|PATH.onnx [--port N] [--host 127.0.0.1] [--no-log] [--verbose]   MLflow scoring server (/invocations)';

export type ScoringServerOptions = Pick<ServingConfig, 'host' | 'port' | 'maxBodyBytes' | 'requestTimeoutMs' | 'headersTimeoutMs' | 'idleTimeoutMs' | 'shutdownTimeoutMs'> & {
  /** One line per request (debug level). */
  debug?(line: string): void;
};

export interface RunningScoringServer {
  url: string;
  port: number;
  server: Server;
  /** Stops accepting, lets requests in progress finish, writes the prediction log out. */
  shutdown(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/** Puts a ScoringService on HTTP: routes, body limit, timeouts, request ids, graceful shutdown. */
export async function startScoringServer(service: ScoringService, options: ScoringServerOptions): Promise<RunningScoringServer> {
  let port = options.port;
  let draining = false;
  // The DNS-rebinding guard knows the names 127.0.0.1 and localhost; other binds are the user's call.
  const guarded = options.host === '127.0.0.1' || options.host === 'localhost';
  const router = new Router()
    .post('/invocations', ({ req }) => invoke(req))
    .get('/ping', () => service.ping())
    .get('/health', () => service.ping())
    .get('/version', () => service.version())
    .get('/metrics', () => service.metricsText());

  const arrivals = new WeakMap<IncomingMessage, { requestId: string; time: string; started: number }>();
  async function invoke(req: IncomingMessage): Promise<ServingResponse> {
    const arrival = arrivals.get(req)!;
    let body: Buffer;
    try {
      body = await readBodyQuickly(req, options.maxBodyBytes);
    } catch (error) {
      const apiError = toApiError(error);
      service.refused(arrival, apiError.status, apiError.toBody());
      throw apiError;
    }
    return service.invoke({ ...arrival, contentType: req.headers['content-type'], body });
  }

  async function handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    try {
      if (guarded) {
        checkHost(req, port);
        checkOrigin(req, port);
      }
      const method = req.method ?? 'GET';
      const { handler, params } = router.match(method, path);
      const ctx = {
        req,
        res,
        method,
        params,
        get url() {
          return new URL(req.url ?? '/', 'http://127.0.0.1');
        },
        json: () => Promise.reject(new Error('the scoring routes read their bodies themselves')),
      };
      send(res, (await handler(ctx)) as ServingResponse);
    } catch (error) {
      const apiError = toApiError(error);
      if (res.headersSent) return void res.destroy();
      send(res, { status: apiError.status, contentType: 'application/json', body: JSON.stringify(apiError.toBody()) });
      // An oversized body still streaming in would keep the socket busy: drop the connection.
      if (apiError.code === 'REQUEST_TOO_LARGE') res.once('finish', () => req.destroy());
    }
  }

  function send(res: ServerResponse, response: ServingResponse): void {
    res.writeHead(response.status, {
      'content-type': response.contentType,
      'content-length': Buffer.byteLength(response.body),
      ...response.headers,
      ...(draining && { connection: 'close' }),
    });
    res.end(response.body);
  }

  const server = createServer(
    { headersTimeout: options.headersTimeoutMs, requestTimeout: options.requestTimeoutMs, keepAliveTimeout: options.idleTimeoutMs, noDelay: true },
    (req, res) => {
      const started = performance.now();
      const requestId = requestIdOf(req.headers['x-request-id']);
      const path = pathOf(req.url);
      res.setHeader('x-request-id', requestId);
      arrivals.set(req, { requestId, time: new Date().toISOString(), started });
      res.once('close', () => {
        // 499: the client went away before the answer was sent (nginx's code for it).
        const status = res.writableFinished ? res.statusCode : 499;
        const seconds = (performance.now() - started) / 1000;
        service.metrics.requestFinished(path, status, seconds);
        options.debug?.(`${req.method} ${path} ${status} ${(seconds * 1000).toFixed(2)} ms ${requestId}`);
      });
      void handle(req, res, path);
    },
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;

  let stopping: Promise<void> | undefined;
  const shutdown = () =>
    (stopping ??= (async () => {
      draining = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const cut = setTimeout(() => server.closeAllConnections(), options.shutdownTimeoutMs);
      cut.unref();
      await closed;
      clearTimeout(cut);
      await service.close();
    })());
  return { url: `http://${host}:${port}`, port, server, shutdown };
}

/**
 * The runtime's readBody without its async iteration (whose promise hops show on one-row
 * requests); oversized declared bodies still go through readBody for its 413.
 */
function readBodyQuickly(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return readBody(req, limit);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      req.off('data', onData).off('end', onEnd);
      reject(new ApiError('REQUEST_TOO_LARGE', `Request body is over the limit of ${limit} bytes`));
    };
    const onEnd = () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
    req.on('data', onData).on('end', onEnd).once('error', reject);
  });
}

/** The client's X-Request-ID when it is a sane token, else a fresh UUID. */
function requestIdOf(header: string | string[] | undefined): string {
  return typeof header === 'string' && /^[\x21-\x7e]{1,200}$/.test(header) ? header : randomUUID();
}

function pathOf(url: string | undefined): string {
  const raw = url ?? '/';
  const query = raw.indexOf('?');
  return query < 0 ? raw : raw.slice(0, query);
}

/** `mlops serve`: loads the model, serves it until SIGTERM/SIGINT, follows an alias when given one. */
export async function serveCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const target = args.positionals[0];
  if (!target || args.positionals.length > 1) throw new UsageError('name one model: MODEL@ALIAS, MODEL@VERSION or PATH.onnx');
  const paths = resolveWorkspace(stringOption(args, 'workspace'));
  const loaded = loadServingConfig(paths.config);
  for (const error of loaded.errors) io.err(`warning: ${error} (using the default)`);
  const config: ServingConfig = { ...loaded.config, host: stringOption(args, 'host') ?? loaded.config.host, port: intOption(args, 'port', 0, 65535) ?? loaded.config.port };
  if (!LOOPBACK.has(config.host)) io.err(`warning: listening on ${config.host}: the model server has no authentication, so anyone who can reach this address can use it`);
  const reference = parseModelReference(target);
  const workspace = reference.kind === 'file' ? undefined : openWorkspaceRegistry(paths);
  try {
    const file = await readModelFile(reference, workspace?.registry);
    let session: ScoringSession;
    try {
      session = await ScoringSession.create(file.bytes, { intraOpThreads: config.threads });
    } catch (error) {
      if (!(error instanceof ModelLoadError)) throw error;
      io.err(`mlops serve: cannot serve ${describeReference(reference)} (${file.path}): ${error.reason}`);
      return 1;
    }
    const logConfig = config.predictionLog;
    const log =
      logConfig.enabled && !args.options.has('no-log')
        ? new PredictionLog({
            dir: predictionLogDir(paths.mlopsDir, file.model.name),
            sampleRate: logConfig.sampleRate,
            maxDays: logConfig.maxDays,
            maxBytes: logConfig.maxBytes,
            flushIntervalMs: logConfig.flushIntervalMs,
            maxPendingBytes: 64 * 1024 * 1024,
            onError: (message) => io.err(`warning: ${message}`),
            onDropped: (count) => service.metrics.predictionsDropped(count),
          })
        : undefined;
    const service = new ScoringService({ session, model: file.model, serverVersion: VERSION, log, sessionOptions: { intraOpThreads: config.threads } });
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
      await service.swap(file.bytes, file.model);
      io.out(`${reference.name}@${reference.alias} moved to version ${version}: now serving it`);
    },
    onError: (message) => io.err(`warning: ${reference.name}@${reference.alias}: ${message}; still serving version ${service.model.version}`),
  });
  watcher.start();
  return watcher;
}
