import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { checkTable, formatExpectationReport, loadExpectations } from '../../core/data';
import type { ParsedArgs } from '../args';
import { UsageError, stringOption } from '../args';
import type { CliIo } from '../io';

export const checkDataUsage = 'mlops check-data FILE --expect EXPECT.yaml [--report OUT.json]   check a table against expectations (a dvc.yaml stage: fails it when one is not met)';

/** Options that take a value, for main.ts's argument parser. */
export const CHECK_DATA_VALUE_OPTIONS = ['expect', 'report'];

/**
 * `mlops check-data`: streams a CSV/TSV/JSONL/Parquet table through the expectations. Exit 0 when
 * every one holds, writing the report (a DVC `metrics:` file); exit 1 with each failed expectation
 * on stderr and the report left as it was, so a stage running it fails without new outputs.
 */
export async function checkDataCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const [file, extra] = args.positionals;
  const expect = stringOption(args, 'expect');
  if (!file || extra !== undefined || !expect) throw new UsageError('mlops check-data needs one table FILE and --expect EXPECT.yaml');
  const reportPath = stringOption(args, 'report');
  const spec = loadExpectations(resolve(expect), expect);
  const report = await checkTable(resolve(file), spec, file);
  const lines = formatExpectationReport(report, file);
  if (!report.passed) {
    for (const line of lines) io.err(line);
    if (reportPath !== undefined) io.err(`${reportPath} not written: the table failed its expectations`);
    return 1;
  }
  for (const line of lines) io.out(line);
  if (reportPath !== undefined) writeReport(resolve(reportPath), `${JSON.stringify({ file, ...report }, null, 2)}\n`);
  return 0;
}

/** Written beside and renamed over, so a reader never sees half a report. */
function writeReport(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, path);
}
