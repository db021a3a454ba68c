import { resolve } from 'node:path';
import { DEFAULT_BATCH_SIZE, ModelLoadError, outputFormatOf, predictFile, ScoringSession } from '../../core/models';
import { describeReference, openServingRegistry, parseModelReference, readModelFile } from '../../core/registry';
import { mergeHints } from '../../core/models';
import type { ParsedArgs } from '../args';
import { intOption, stringOption, UsageError } from '../args';
import type { CliIo } from '../io';
import { resolveWorkspace } from '../workspace';
import { TASK_USAGE, TASK_VALUE_OPTIONS, rememberTask, taskHintOption, undecidedNote } from './task-options';

/** Options of `mlops predict` that take a value. */
export const PREDICT_VALUE_OPTIONS = ['input', 'output', 'batch-size', ...TASK_VALUE_OPTIONS];

export const predictUsage = `mlops predict MODEL@ALIAS|MODEL@VERSION|PATH.onnx --input FILE --output FILE [--batch-size ${DEFAULT_BATCH_SIZE}] ${TASK_USAGE}   score a CSV/TSV/JSONL/Parquet file`;

const PROGRESS_EVERY_MS = 1000;

/** `mlops predict`: streams a file through the model, writing its rows with their predictions. */
export async function predictCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const target = args.positionals[0];
  const input = stringOption(args, 'input');
  const output = stringOption(args, 'output');
  if (!target || args.positionals.length > 1 || !input || !output) throw new UsageError('name one model, --input and --output');
  const batchSize = intOption(args, 'batch-size', 1, 1_000_000) ?? DEFAULT_BATCH_SIZE;
  const flags = taskHintOption(args);
  outputFormatOf(output);
  const reference = parseModelReference(target);
  const workspace = reference.kind === 'file' ? undefined : openServingRegistry(resolveWorkspace(stringOption(args, 'workspace')));
  let session: ScoringSession;
  try {
    const file = await readModelFile(reference, workspace?.registry);
    session = await ScoringSession.create(file.bytes, { hint: mergeHints(flags, file.hint) });
    if (workspace) rememberTask(workspace.registry, file, flags, io);
    if (session.plan.task === null) io.err(`note: ${undecidedNote(session.plan.reason)}`);
  } catch (error) {
    if (!(error instanceof ModelLoadError)) throw error;
    io.err(`mlops predict: cannot load ${describeReference(reference)}: ${error.reason}`);
    return 1;
  } finally {
    workspace?.close();
  }
  const started = performance.now();
  let lastReport = started;
  const rate = (rows: number) => Math.round(rows / Math.max((performance.now() - started) / 1000, 1e-3)).toLocaleString('en');
  try {
    const { rows } = await predictFile({
      session,
      input: resolve(input),
      output: resolve(output),
      batchSize,
      onProgress: (done) => {
        if (performance.now() - lastReport < PROGRESS_EVERY_MS) return;
        lastReport = performance.now();
        io.err(`${done.toLocaleString('en')} rows, ${rate(done)} rows/s`);
      },
    });
    const seconds = (performance.now() - started) / 1000;
    io.err(`Predicted ${rows.toLocaleString('en')} rows in ${seconds.toFixed(1)} s (${rate(rows)} rows/s) → ${output}`);
    return 0;
  } finally {
    await session.release();
  }
}
