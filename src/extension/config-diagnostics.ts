import * as vscode from 'vscode';
import type { ConfigProblem } from '../shared/config-problems';
import type { MlopsContext } from './ctx';
import { logRejection } from './failure-reporting';
import { call, CONFIG_PROBLEMS } from '../shared/contract';

/**
 * mlops.yaml's problems as the runtime finds them, shown as diagnostics on the file (the Problems
 * panel and squiggles): refreshed when the runtime is ready and whenever the file changes.
 */
export class ConfigDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('mlops.yaml');
  private generation = 0;

  constructor(private readonly ctx: MlopsContext) {}

  async refresh(): Promise<void> {
    const client = this.ctx.runtimeClient();
    const generation = ++this.generation;
    if (!client) return;
    try {
      const { file, problems } = await call(client, CONFIG_PROBLEMS);
      // A newer refresh may have finished first: its answer wins.
      if (generation !== this.generation) return;
      this.collection.clear();
      this.collection.set(vscode.Uri.file(file), problems.map(toDiagnostic));
    } catch (error) {
      this.ctx.log.warn(`mlops.yaml problems could not be read from the runtime: ${(error as Error).message}`);
    }
  }

  dispose(): void {
    this.collection.dispose();
  }
}

function toDiagnostic(problem: ConfigProblem): vscode.Diagnostic {
  const range = new vscode.Range(problem.line - 1, problem.column - 1, problem.endLine - 1, Math.max(problem.endColumn - 1, problem.column));
  const diagnostic = new vscode.Diagnostic(range, problem.message, vscode.DiagnosticSeverity.Error);
  diagnostic.source = 'Local MLOps';
  return diagnostic;
}

/** Wires the diagnostics to the runtime's state and its config.changed events. */
export function registerConfigDiagnostics(ctx: MlopsContext): void {
  const diagnostics = new ConfigDiagnostics(ctx);
  ctx.subscriptions.push(
    diagnostics,
    ctx.onRuntimeState((state) => {
      if (state.kind === 'ready') logRejection(ctx.log, 'reading mlops.yaml problems', diagnostics.refresh());
    }),
    ctx.onRuntimeEvent((event) => {
      if (event.type === 'config.changed' || event.type === 'workspace.initialized') logRejection(ctx.log, 'reading mlops.yaml problems', diagnostics.refresh());
    }),
  );
}
