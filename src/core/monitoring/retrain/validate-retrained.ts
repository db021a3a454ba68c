import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { invalid } from '../../errors';
import type { Check, ModelToValidate, ValidationReport } from '../../models';
import { METRICS, parseCriteria, readMetric, validateModel } from '../../models';
import type { MetricName } from '../../models';
import { formatNumber } from '../../models';
import type { ModelRegistry, ModelVersion } from '../../registry';
import { noModelFileMessage } from '../../registry';
import type { WorkspacePaths } from '../../workspace';
import type { RetrainConfig } from '../monitors/monitors-config';

export interface RetrainVerdict {
  promoted: boolean;
  /** "v4 promoted to champion: accuracy 0.93 (v3 0.9)" or why not. */
  decision: string;
  report: ValidationReport;
}

/**
 * Validates a retrained version on the monitor's held-out data against the version the alias
 * points at now, stores the report on it as `mlops validate` does, and moves the alias (through
 * the registry's protected-alias gate) only when every check passed.
 */
export async function validateAndPromote(registry: ModelRegistry, paths: WorkspacePaths, retrain: RetrainConfig, candidate: ModelVersion): Promise<RetrainVerdict> {
  const { validation, alias } = retrain;
  const data = resolve(paths.root, validation.data);
  if (!existsSync(data)) throw invalid(`the held-out data ${validation.data} (retrain.validation.data in mlops.yaml) does not exist`);
  const criteria = validation.criteria ? parseCriteria(validation.criteria) : [];
  const current = registry.findVersionByAlias(candidate.name, alias);
  const baseline = current && current.version !== candidate.version ? await modelOf(current, { alias }) : undefined;
  const report = await validateModel({
    model: await modelOf(candidate),
    data,
    dataName: validation.data,
    label: validation.label,
    criteria,
    ...(baseline && { baseline, maxRegression: validation.maxRegression ?? 0 }),
  });
  registry.setValidation(candidate.name, candidate.version, report);
  const v = `v${candidate.version}`;
  if (!report.passed) {
    const stays = current ? `${alias} stays on v${current.version}` : `${alias} is not set`;
    return { promoted: false, decision: `${v} rejected, ${stays}: ${failures(report.checks)}`, report };
  }
  registry.setAlias(candidate.name, alias, candidate.version);
  return { promoted: true, decision: `${v} promoted to ${alias}: ${headline(report, current, alias)}`, report };
}

async function modelOf(version: ModelVersion, ref: { alias?: string } = {}): Promise<ModelToValidate> {
  if (!version.storageLocation || !version.modelFile) {
    throw invalid(noModelFileMessage(version));
  }
  return { ref: { name: version.name, version: version.version, ...ref }, bytes: await readFile(join(fileURLToPath(version.storageLocation), version.modelFile)) };
}

/** "accuracy 0.93 (v3 0.9)": the first criterion's metric, else the task's usual one, beside the baseline's. */
function headline(report: ValidationReport, baseline: ModelVersion | undefined, alias: string): string {
  const named = report.criteria.map((text) => /^([a-z_0-9]+)\s*[<>=]/i.exec(text)?.[1]).find((m): m is MetricName => m !== undefined && m in METRICS);
  const metric: MetricName = named ?? (report.task === 'classification' ? 'accuracy' : 'rmse');
  const value = formatNumber(readMetric(report.metrics, metric).value);
  if (!report.baseline || !baseline) return `${metric} ${value} (no version was at ${alias} before)`;
  return `${metric} ${value} (v${baseline.version} ${formatNumber(readMetric(report.baseline.metrics, metric).value)})`;
}

function failures(checks: readonly Check[]): string {
  return checks
    .filter((c) => !c.passed)
    .map((c) => `${c.name}: ${c.reason}`)
    .join('; ');
}
