import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { PValueCorrection } from '../../core/monitoring';
import type { DriftReport, TableDriftOptions } from '../../core/monitoring';
import { driftOfTables, formatNumber, methodsByColumn, renderDriftHtml, resolveTableInput } from '../../core/monitoring';
import { Store } from '../../core/store';
import type { ParsedArgs } from '../args';
import { UsageError, stringOption } from '../args';
import type { CliIo } from '../io';
import { resolveWorkspace } from '../workspace';
import { table } from './monitor';

export const driftUsage =
  'mlops drift REFERENCE CURRENT [--json | --html] [--output FILE] [--columns a,b] [--psi] [--correction none|bonferroni|benjamini-hochberg] [--fail-on-drift]   compare two tables (files or PATH@VERSION)';

/** Options that take a value, for main.ts's argument parser. */
export const DRIFT_VALUE_OPTIONS = ['output', 'columns', 'correction'];

const CORRECTIONS: readonly PValueCorrection[] = ['none', 'bonferroni', 'benjamini-hochberg'];
const DEFAULT_HTML = 'drift-report.html';

function driftOptions(args: ParsedArgs): TableDriftOptions {
  const correction = stringOption(args, 'correction') ?? 'none';
  if (!(CORRECTIONS as readonly string[]).includes(correction)) throw new UsageError(`--correction must be one of ${CORRECTIONS.join(', ')}, got "${correction}"`);
  const columnsText = stringOption(args, 'columns');
  const columns = columnsText?.split(',').map((c) => c.trim()).filter((c) => c !== '');
  if (columnsText !== undefined && columns!.length === 0) throw new UsageError('--columns needs column names, e.g. --columns temp,city');
  return { correction: correction as PValueCorrection, ...(columns && { columns }), ...(args.options.has('psi') && { test: 'psi' as const }) };
}

/** `mlops drift`: exit 0, or 1 with --fail-on-drift when the dataset drifted (and on errors), 2 on a usage error. */
export async function driftCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const [referenceSpec, currentSpec, extra] = args.positionals;
  if (!referenceSpec || !currentSpec || extra !== undefined) throw new UsageError('mlops drift needs a REFERENCE and a CURRENT table');
  if (args.options.has('json') && args.options.has('html')) throw new UsageError('--json and --html are alternatives: give one');
  const options = driftOptions(args);
  const output = stringOption(args, 'output');
  const paths = resolveWorkspace(stringOption(args, 'workspace'));
  let store: Store | undefined;
  const workspace = { paths, store: () => (store ??= Store.open(paths.db)) };
  let report: DriftReport;
  try {
    const reference = await resolveTableInput(referenceSpec, process.cwd(), workspace);
    const current = await resolveTableInput(currentSpec, process.cwd(), workspace);
    report = await driftOfTables(reference, current, options);
  } finally {
    store?.close();
  }
  const text = args.options.has('json') ? `${JSON.stringify(report, null, 2)}\n` : args.options.has('html') ? renderDriftHtml(report) : `${readable(report)}\n`;
  const file = output ?? (args.options.has('html') ? DEFAULT_HTML : undefined);
  if (file === undefined) io.out(text.trimEnd());
  else {
    await writeFile(resolve(file), text);
    io.out(`Wrote ${file}: ${verdict(report)}`);
  }
  return args.options.has('fail-on-drift') && report.drifted ? 1 : 0;
}

function verdict(report: DriftReport): string {
  const share = `${report.driftedColumns} of ${report.testedColumns} columns drifted (share ${formatNumber(report.driftShare)}, threshold ${formatNumber(report.shareThreshold)})`;
  return `dataset ${report.drifted ? 'DRIFTED' : 'not drifted'}: ${share}`;
}

function readable(report: DriftReport): string {
  const method =
    report.method === 'profiles'
      ? 'computed from profiles (bounded memory: a side had more rows than are compared value by value; sketch-based results are approximate)'
      : 'computed from every value';
  const rows = report.columns.map((c) => [
    c.column,
    c.test,
    formatNumber(c.statistic),
    formatNumber(c.adjustedPValue ?? c.pValue),
    formatNumber(c.threshold),
    c.noData ? `no data (${c.noData})` : c.drifted ? 'DRIFT' : 'ok',
    formatNumber(c.currentMissingShare),
  ]);
  return [
    `reference ${report.reference.name} (${report.reference.rows} rows), current ${report.current.name} (${report.current.rows} rows); ${method}`,
    table(['column', 'test', 'statistic', 'p-value', 'threshold', 'drifted', 'missing share'], rows),
    `methods: ${methodsByColumn(report.columns)}`,
    verdict(report),
  ].join('\n');
}
