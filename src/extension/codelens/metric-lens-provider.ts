import * as vscode from 'vscode';
import type { RuntimeManager } from '../connection/runtime-manager';
import type { CodeDialect } from './code-scan';
import { dialectOf, findMetricSites } from './code-scan';
import type { LensText } from './lens-titles';
import { lensText } from './lens-titles';
import { logRejection } from '../failure-reporting';
import { MetricCache } from './metric-cache';
import type { ParamsFormat } from './params-scan';
import { PARAMS_FILE, findParamSites, paramsFormatOf } from './params-scan';
import type { RunSummary } from './run-summary';

/** Opened by a click on a lens; registered by the compare feature. */
export const COMPARE_RUNS_COMMAND = 'mlops.compareRuns';
const ENABLED_SETTING = 'mlops.codeLens.enabled';
/** Other YAML/JSON files bigger than this are not scanned for param names. */
const MAX_OTHER_FILE = 1_000_000;

const SCHEMES = ['file', 'untitled', 'vscode-notebook-cell'];
const SELECTOR: vscode.DocumentFilter[] = [
  ...['python', 'javascript', 'typescript', 'javascriptreact', 'typescriptreact'].flatMap((language) => SCHEMES.map((scheme) => ({ language, scheme }))),
  { scheme: 'file', pattern: '**/*.{yaml,yml,json}' },
];

type Target = { kind: 'metric'; key: string } | { kind: 'param'; key: string };

class MetricLens extends vscode.CodeLens {
  constructor(
    range: vscode.Range,
    readonly target: Target,
    /** The source file whose runs the lens shows; undefined: all runs (params files). */
    readonly source: string | undefined,
  ) {
    super(range);
  }
}

type Scanned =
  | { kind: 'code'; version: number; sites: { key: string; offset: number }[] }
  | { kind: 'params'; version: number; paramsFile: boolean; sites: { key: string; leaf: string; offset: number }[] };

/** The runs lenses read: of one source file (its absolute path), or all of them. */
export type LensData = (source?: string) => RunSummary | undefined;

/**
 * Metric and param lenses. provideCodeLenses only scans the text for ranges (one pass, no
 * network, memoized per document version); resolveCodeLens fills the title from MetricCache.
 * A source file's metric lenses show only the runs whose command ran that file, and there are
 * none until one did; params files show all runs. With no data (runtime not ready) or the
 * setting off, there are no lenses.
 */
export class MetricLensProvider implements vscode.CodeLensProvider<MetricLens>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly scans = new WeakMap<vscode.TextDocument, Scanned>();

  constructor(
    private readonly data: LensData,
    private readonly enabled: () => boolean,
  ) {}

  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(document: vscode.TextDocument): MetricLens[] {
    if (!this.enabled()) return [];
    const scanned = this.scan(document);
    if (!scanned) return [];
    const source = scanned.kind === 'code' ? document.uri.fsPath : undefined;
    const summary = this.data(source);
    if (!summary || (scanned.kind === 'code' && summary.runCount === 0)) return [];
    const lenses: MetricLens[] = [];
    const at = (offset: number): vscode.Range => {
      const position = document.positionAt(offset);
      return new vscode.Range(position, position);
    };
    if (scanned.kind === 'code') {
      for (const site of scanned.sites) lenses.push(new MetricLens(at(site.offset), { kind: 'metric', key: site.key }, source));
      return lenses;
    }
    for (const site of scanned.sites) {
      // The dotted name as a nested file is logged (train.lr), else the bare leaf (lr).
      const key = summary.params.has(site.key) ? site.key : summary.params.has(site.leaf) ? site.leaf : scanned.paramsFile ? site.key : undefined;
      if (key !== undefined) lenses.push(new MetricLens(at(site.offset), { kind: 'param', key }, undefined));
    }
    return lenses;
  }

  resolveCodeLens(lens: MetricLens): MetricLens {
    const summary = this.data(lens.source);
    if (!summary) {
      lens.command = { title: 'MLOps runtime not running', command: '' };
      return lens;
    }
    const { kind, key } = lens.target;
    const text: LensText = lensText(kind, key, summary);
    lens.command = {
      title: text.title,
      tooltip: text.tooltip,
      command: COMPARE_RUNS_COMMAND,
      arguments: [kind === 'metric' ? { focusMetric: key } : { focusParam: key }],
    };
    return lens;
  }

  dispose(): void {
    this.changed.dispose();
  }

  private scan(document: vscode.TextDocument): Scanned | undefined {
    const known = this.scans.get(document);
    if (known && known.version === document.version) return known;
    let scanned: Scanned | undefined;
    const dialect: CodeDialect | undefined = dialectOf(document.languageId);
    if (dialect) {
      scanned = { kind: 'code', version: document.version, sites: findMetricSites(document.getText(), dialect) };
    } else {
      const path = document.uri.path;
      const format: ParamsFormat | undefined = paramsFormatOf(path);
      const paramsFile = PARAMS_FILE.test(path);
      if (!format || (!paramsFile && document.getText().length > MAX_OTHER_FILE)) return undefined;
      scanned = { kind: 'params', version: document.version, paramsFile, sites: findParamSites(document.getText(), format) };
    }
    this.scans.set(document, scanned);
    return scanned;
  }
}

export function codeLensEnabled(): boolean {
  return vscode.workspace.getConfiguration().get<boolean>(ENABLED_SETTING, true);
}

/**
 * Wires the lenses to one runtime connection: data loads when it is ready, refreshes on run
 * events (debounced), and is dropped when it stops. Returns what to dispose.
 */
export function registerMetricLenses(manager: RuntimeManager, log: vscode.LogOutputChannel): vscode.Disposable {
  let lastError: string | undefined;
  const cache = new MetricCache(() => (manager.state.kind === 'ready' ? manager.state.client : undefined), {
    onDidChange: () => {
      lastError = undefined;
      provider.refresh();
    },
    onError: (error) => {
      const message = error instanceof Error ? error.message : String(error);
      if (message !== lastError) log.warn(`CodeLens: could not read runs for metric lenses: ${message}`);
      lastError = message;
    },
  });
  const provider = new MetricLensProvider((source) => (source === undefined ? cache.current : cache.forSource(source)), codeLensEnabled);
  // With the setting off nothing is fetched; turning it on loads the data again.
  const load = (): void => {
    if (manager.state.kind === 'ready' && codeLensEnabled()) logRejection(log, 'CodeLens: reading runs', cache.refresh());
  };
  load();
  return vscode.Disposable.from(
    provider,
    { dispose: () => cache.dispose() },
    vscode.languages.registerCodeLensProvider(SELECTOR, provider),
    manager.onDidChangeState((state) => {
      if (state.kind === 'ready') load();
      else cache.clear();
    }),
    manager.onDidReceiveEvent((event) => {
      if (codeLensEnabled()) cache.apply(event);
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration(ENABLED_SETTING)) return;
      load();
      provider.refresh();
    }),
  );
}
