/** How models and versions read in the Models view and their Markdown documents (pure, unit-tested). */
import { dataVersionLabel, dataVersionOf } from '../../shared/data-version-label';
import type { WireDataVersion, WireModelVersion, WireRegisteredModel, WireTensorSpec, WireValidation } from './model-wire';
import type { VersionRun } from './version-runs';

const HEADLINE = ['accuracy', 'f1', 'roc_auc', 'r2', 'rmse', 'mae'];

function number(value: unknown): string {
  return typeof value === 'number' ? String(Number(value.toPrecision(4))) : String(value);
}

/** The metrics that say most about a version, from its validation: at most two. */
export function headlineMetrics(validation: WireValidation | null | undefined): string {
  const metrics = validation?.metrics ?? {};
  return HEADLINE.filter((k) => typeof metrics[k] === 'number')
    .slice(0, 2)
    .map((k) => `${k} ${number(metrics[k])}`)
    .join(' · ');
}

export function validationState(v: WireModelVersion): 'passed' | 'failed' | 'none' {
  const validation = v.mlops?.validation;
  return !validation ? 'none' : validation.passed ? 'passed' : 'failed';
}

/**
 * `@champion · brave-owl-12 · ✓ validated · accuracy 0.77`: aliases first, the producing run, and
 * the held-out metrics once validated, else the run's own headline metric (`val_accuracy 0.76`).
 */
export function versionDescription(v: WireModelVersion, servedUrl?: string, run?: VersionRun): string {
  const state = validationState(v);
  const validated = headlineMetrics(v.mlops?.validation);
  return [
    ...(v.aliases ?? []).map((a) => `@${a}`),
    run?.name ?? '',
    state === 'passed' ? '✓ validated' : state === 'failed' ? '✗ validation failed' : '',
    validated || run?.metric || '',
    servedUrl ? `serving ${servedUrl}` : '',
  ]
    .filter(Boolean)
    .join(' · ');
}

export function modelDescription(m: WireRegisteredModel): string {
  const latest = m.latest_versions?.reduce((max, v) => Math.max(max, Number(v.version)), 0) ?? 0;
  return [latest ? `v${latest}` : 'no versions', ...(m.aliases ?? []).map((a) => `@${a.alias} → v${a.version}`)].join(' · ');
}

function tensor(t: WireTensorSpec): string {
  return `| \`${t.name}\` | ${t.elemType ?? '?'} | ${t.shape ? `[${t.shape.map((d) => (d === null ? '?' : d)).join(', ')}]` : 'unknown'} |`;
}

/** `data/weather.csv v3 · md5 \`1a2b3c4d\``: the data version a run read, as a Markdown list item's text. */
export function dataLineageItem(ref: WireDataVersion): string {
  const { md5 } = dataVersionOf(ref);
  const label = dataVersionLabel(ref);
  return `${label}${md5 && label.includes(' v') ? ` · md5 \`${md5.slice(0, 8)}\`` : ''}`;
}

function runLine(v: WireModelVersion, run: VersionRun | undefined): string {
  if (!v.run_id) return '- run: none (registered from a file)';
  if (!run) return `- run: \`${v.run_id}\``;
  return `- run: **${run.name}**${run.metric ? ` (${run.metric})` : ''} · \`${v.run_id}\``;
}

function lineage(v: WireModelVersion, run?: VersionRun): string[] {
  const m = v.mlops ?? {};
  return [
    runLine(v, run),
    `- git commit: ${m.git_commit ? `\`${m.git_commit}\`` : 'unknown'}`,
    `- source: \`${v.source}\``,
    ...(m.data_versions?.length
      ? m.data_versions.length === 1
        ? [`- data: ${dataLineageItem(m.data_versions[0]!)}`]
        : ['- data read by the run:', ...m.data_versions.map((d) => `  - ${dataLineageItem(d)}`)]
      : ['- data read by the run: none recorded']),
  ];
}

export function lineageMarkdown(v: WireModelVersion, run?: VersionRun): string {
  return [`# ${v.name} v${v.version}: lineage`, '', ...lineage(v, run), ''].join('\n');
}

function validationSection(validation: WireValidation | null | undefined): string[] {
  if (!validation) return ['Not validated yet: run *Validate…* on this version (or `mlops validate`).'];
  const metrics = Object.entries(validation.metrics ?? {}).filter(([, value]) => typeof value === 'number');
  return [
    `**${validation.passed ? 'Passed' : 'Failed'}**${validation.rows ? ` on ${validation.rows.toLocaleString('en')} rows` : ''}${validation.data?.path ?? validation.data?.file ? ` of \`${validation.data.path ?? validation.data.file}\`` : ''}.`,
    '',
    ...(metrics.length ? ['| metric | value |', '| --- | --- |', ...metrics.map(([k, value]) => `| ${k} | ${number(value)} |`), ''] : []),
    ...(validation.checks?.length
      ? ['| check | result |', '| --- | --- |', ...validation.checks.map((c) => `| ${c.name} | ${c.passed ? '✓' : '✗'} ${c.actual !== undefined && c.actual !== null ? number(c.actual) : ''}${c.reason && !c.passed ? ` — ${c.reason}` : ''} |`)]
      : []),
  ];
}

/** The model card: what the model takes and returns, where it came from, how it validated. */
export function modelCardMarkdown(v: WireModelVersion, run?: VersionRun): string {
  const m = v.mlops ?? {};
  const signature = m.signature;
  return [
    `# ${v.name} v${v.version}`,
    '',
    v.description ?? '',
    `${v.aliases?.length ? `Aliases: ${v.aliases.map((a) => `\`@${a}\``).join(', ')} · ` : ''}registered ${new Date(v.creation_timestamp).toISOString().slice(0, 16).replace('T', ' ')}${m.size ? ` · ${m.size.toLocaleString('en')} bytes` : ''}${m.sha256 ? ` · sha256 \`${m.sha256.slice(0, 12)}…\`` : ''}`,
    '',
    '## Signature',
    '',
    ...(signature?.inputs?.length
      ? ['| input | type | shape |', '| --- | --- | --- |', ...signature.inputs.map(tensor), '', '| output | type | shape |', '| --- | --- | --- |', ...(signature.outputs ?? []).map(tensor)]
      : ['No ONNX signature recorded.']),
    ...(signature?.metadata?.feature_names ? ['', `Features: ${(JSON.parse(signature.metadata.feature_names) as string[]).map((f) => `\`${f}\``).join(', ')}`] : []),
    '',
    '## Lineage',
    '',
    ...lineage(v, run),
    '',
    '## Validation',
    '',
    ...validationSection(m.validation),
    '',
  ].join('\n');
}

/** Two or more versions side by side: validation metrics and checks. */
export function versionsComparisonMarkdown(versions: WireModelVersion[]): string {
  const keys = [...new Set(versions.flatMap((v) => Object.entries(v.mlops?.validation?.metrics ?? {}).filter(([, x]) => typeof x === 'number').map(([k]) => k)))];
  const header = `| | ${versions.map((v) => `v${v.version}${v.aliases?.length ? ` (${v.aliases.map((a) => `@${a}`).join(' ')})` : ''}`).join(' | ')} |`;
  const rule = `| --- |${versions.map(() => ' --- |').join('')}`;
  const row = (label: string, cell: (v: WireModelVersion) => string) => `| ${label} | ${versions.map(cell).join(' | ')} |`;
  return [
    `# ${versions[0]?.name ?? 'Model'}: versions compared`,
    '',
    header,
    rule,
    row('validation', (v) => ({ passed: '✓ passed', failed: '✗ failed', none: 'not validated' })[validationState(v)]),
    ...keys.map((k) => row(k, (v) => {
      const value = v.mlops?.validation?.metrics?.[k];
      return typeof value === 'number' ? number(value) : '—';
    })),
    row('run', (v) => (v.run_id ? `\`${v.run_id.slice(0, 8)}\`` : '—')),
    row('git commit', (v) => (v.mlops?.git_commit ? `\`${v.mlops.git_commit.slice(0, 8)}\`` : '—')),
    row('size', (v) => (v.mlops?.size ? `${v.mlops.size.toLocaleString('en')} B` : '—')),
    '',
  ].join('\n');
}
