import { PointerError } from '../core/data';
import { DomainError } from '../core/errors';
import { StoreError } from '../core/store';
import { RuntimeStartError } from '../runtime';
import { RuntimeRequestError } from '../shared/runtime-client';
import { VERSION } from '../shared/version';
import type { ParsedArgs } from './args';
import { UsageError, parseArgs } from './args';
import { ALERTS_VALUE_OPTIONS, alertsCommand, alertsUsage } from './commands/alerts';
import { CHECK_DATA_VALUE_OPTIONS, checkDataCommand, checkDataUsage } from './commands/check-data';
import { dataCommand, dataUsage } from './commands/data';
import { expCommand, expUsage } from './commands/exp';
import { initCommand, initUsage } from './commands/init';
import { modelsCommand, modelsUsage } from './commands/models';
import { MONITOR_VALUE_OPTIONS, monitorCommand, monitorUsage } from './commands/monitor';
import { DRIFT_VALUE_OPTIONS, driftCommand, driftUsage } from './commands/drift';
import { retrainCommand, retrainUsage } from './commands/retrain';
import { REPRO_VALUE_OPTIONS, dagCommand, dagUsage, reproCommand, reproUsage } from './commands/repro';
import { PREDICT_VALUE_OPTIONS, predictCommand, predictUsage } from './commands/predict';
import { PIPELINE_VALUE_OPTIONS, pipelineCommand, pipelineUsage } from './commands/pipeline-export';
import { runCommand, runUsage } from './commands/run';
import { runtimeCommand, runtimeUsage } from './commands/runtime';
import { SERVE_VALUE_OPTIONS, serveCommand, serveUsage } from './commands/serve';
import { statusCommand, statusUsage } from './commands/status';
import { stopCommand, stopUsage } from './commands/stop';
import { VALIDATE_VALUE_OPTIONS, validateCommand, validateUsage } from './commands/validate';
import type { CliIo } from './io';
import { processIo } from './io';

type Command = (args: ParsedArgs, io: CliIo) => Promise<number>;

const COMMANDS: Record<string, { run: Command; usage: string }> = {
  runtime: { run: runtimeCommand, usage: runtimeUsage },
  init: { run: initCommand, usage: initUsage },
  status: { run: statusCommand, usage: statusUsage },
  stop: { run: stopCommand, usage: stopUsage },
  run: { run: runCommand, usage: runUsage },
  data: { run: dataCommand, usage: dataUsage },
  models: { run: modelsCommand, usage: modelsUsage },
  validate: { run: validateCommand, usage: validateUsage },
  serve: { run: serveCommand, usage: serveUsage },
  predict: { run: predictCommand, usage: predictUsage },
  monitor: { run: monitorCommand, usage: monitorUsage },
  alerts: { run: alertsCommand, usage: alertsUsage },
  drift: { run: driftCommand, usage: driftUsage },
  retrain: { run: retrainCommand, usage: retrainUsage },
  repro: { run: reproCommand, usage: reproUsage },
  dag: { run: dagCommand, usage: dagUsage },
  pipeline: { run: pipelineCommand, usage: pipelineUsage },
  exp: { run: expCommand, usage: expUsage },
  'check-data': { run: checkDataCommand, usage: checkDataUsage },
};

const VALUE_OPTIONS = new Set(['workspace', 'port', 'experiment', 'name', 'system-metrics-interval', ...VALIDATE_VALUE_OPTIONS, ...SERVE_VALUE_OPTIONS, ...PREDICT_VALUE_OPTIONS, ...MONITOR_VALUE_OPTIONS, ...ALERTS_VALUE_OPTIONS, ...DRIFT_VALUE_OPTIONS, ...REPRO_VALUE_OPTIONS, ...PIPELINE_VALUE_OPTIONS, ...CHECK_DATA_VALUE_OPTIONS]);

export function usage(): string {
  return [
    `mlops ${VERSION}: Local MLOps from the command line (no VS Code needed)`,
    '',
    'Usage:',
    ...Object.values(COMMANDS).map((c) => '  ' + c.usage),
    '  mlops --version',
  ].join('\n');
}

export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-v') {
    io.out(VERSION);
    return 0;
  }
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.out(usage());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`Unknown command "${name}".\n\n${usage()}`);
    return 2;
  }
  try {
    return await command.run(parseArgs(rest, VALUE_OPTIONS), io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${error.message}\n\nUsage: ${command.usage}`);
      return 2;
    }
    if (error instanceof StoreError || error instanceof RuntimeStartError || error instanceof RuntimeRequestError || error instanceof DomainError || error instanceof PointerError) {
      io.err(`mlops ${name}: ${error.message}`);
      return 1;
    }
    io.err(`mlops ${name} failed: ${(error as Error).stack ?? String(error)}`);
    return 1;
  }
}

/** Runs the command line of this process (dist/cli.js loads the bundle and calls this). */
export function start(): void {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
      // Output drains first; a handle left open (an idle keep-alive socket) must not keep us alive.
      setTimeout(() => process.exit(code), 1000).unref();
    },
    (error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      process.exitCode = 1;
    },
  );
}

if (require.main === module) start();
