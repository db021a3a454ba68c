import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { call, PIPELINES_FREEZE } from '../../shared/contract';
import type { PipelineReproRequest, PipelineStage } from '../../shared/pipelines';
import type { MlopsContext } from '../ctx';
import type { PipelineState } from './pipeline-state';
import type { PipelinesNode } from './pipelines-tree-provider';
import { reproWithProgress, stageJobs } from './repro-progress';

const STARTER = `# Stages run by MLOps: Run Pipeline (or \`mlops repro\`): each re-runs only when its deps, params
# or command changed, independent stages in parallel, and each run is tracked.
stages:
  prepare:
    cmd: node prepare.js
    deps:
      - prepare.js
      - data/
    outs:
      - prepared/
`;

/** The Pipelines view's actions, the CodeLens' Run, and the welcome's New Pipeline. */
export function registerPipelineCommands(ctx: MlopsContext, state: PipelineState): void {
  const stageOf = async (arg: unknown, title: string): Promise<PipelineStage | undefined> => {
    if (typeof arg === 'string') return state.stage(arg) ?? fail(`'${arg}' is not a stage of this workspace's dvc.yaml files.`);
    const node = arg as PipelinesNode | undefined;
    if (node?.kind === 'stage') return state.stage(node.stage.id) ?? node.stage;
    const stages = state.pipelines().flatMap((p) => p.stages);
    if (stages.length === 0) return fail('No dvc.yaml stages in this workspace (or the runtime has not listed them yet).');
    const pick = await vscode.window.showQuickPick(
      stages.map((stage) => ({ label: stage.id, description: stage.state, stage })),
      { title },
    );
    return pick?.stage;
  };

  const repro = async (request: PipelineReproRequest, title: string): Promise<void> => {
    const host = { requireClient: () => ctx.requireClient(), onRuntimeEvent: ctx.onRuntimeEvent, onRuntimeState: ctx.onRuntimeState, log: ctx.log };
    const outcome = await reproWithProgress(host, request, title);
    const { result, error, cancelled } = outcome;
    if (error) throw new Error(`${title} failed: ${error}`);
    if (!result) return;
    if (result.failed.length > 0) {
      const [first] = result.failed;
      const message = `${cancelled ? 'Cancelled: ' : ''}stage ${first!.id} failed: ${first!.reason}${result.blocked.length ? ` (not run: ${result.blocked.join(', ')})` : ''}`;
      ctx.log.error(`pipelines: ${message}`);
      const choice = await vscode.window.showErrorMessage(message, 'Show Command Output', 'Show Logs');
      if (choice === 'Show Command Output') await vscode.commands.executeCommand('mlops.showStageOutput', first!.id);
      if (choice === 'Show Logs') ctx.log.show(true);
      return;
    }
    const ran = result.ran.length;
    void vscode.window.showInformationMessage(ran === 0 ? 'Pipeline: every stage is up to date, nothing ran.' : `Pipeline: ran ${result.ran.join(', ')}${result.skipped.length ? `; ${result.skipped.length} up to date` : ''}.`);
  };

  ctx.registerCommand('mlops.refreshPipelines', () => state.refresh());
  ctx.registerCommand('mlops.runPipeline', async (arg: unknown) => {
    // A dvc.yaml row, or a stage row's file (when the workspace has several), else every stage.
    const node = arg as PipelinesNode | undefined;
    const file = node?.kind === 'pipeline' ? node.pipeline.file : node?.kind === 'stage' && state.pipelines().length > 1 ? node.stage.file : undefined;
    const targets = file ? state.pipelines().find((p) => p.file === file)?.stages.map((s) => s.id) : undefined;
    await repro({ ...(targets && { targets }) }, `Running pipeline ${file ?? ''}`.trim());
  });
  ctx.registerCommand('mlops.runStage', async (arg: unknown) => {
    const stage = await stageOf(arg, 'Run which stage?');
    if (stage) await repro({ targets: [stage.id] }, `Running stage ${stage.id}`);
  });
  ctx.registerCommand('mlops.runStageDownstream', async (arg: unknown) => {
    const stage = await stageOf(arg, 'Run which stage and the stages after it?');
    if (stage) await repro({ targets: [stage.id], downstream: true }, `Running ${stage.id} and downstream`);
  });
  ctx.registerCommand('mlops.forceRunStage', async (arg: unknown) => {
    const stage = await stageOf(arg, 'Force-run which stage?');
    if (stage) await repro({ targets: [stage.id], force: true }, `Force-running stage ${stage.id}`);
  });
  const freeze = async (arg: unknown, frozen: boolean): Promise<void> => {
    const stage = await stageOf(arg, frozen ? 'Freeze which stage?' : 'Unfreeze which stage?');
    if (!stage) return;
    const result = await call(ctx.requireClient(), PIPELINES_FREEZE, { stage: stage.id, frozen });
    await state.refresh();
    if (result.changed) ctx.log.info(`pipelines: ${frozen ? 'froze' : 'unfroze'} ${stage.id} in ${result.file}`);
  };
  ctx.registerCommand('mlops.freezeStage', (arg: unknown) => freeze(arg, true));
  ctx.registerCommand('mlops.unfreezeStage', (arg: unknown) => freeze(arg, false));

  ctx.registerCommand('mlops.showStageOutput', async (arg: unknown) => {
    const stage = await stageOf(arg, 'Show the output of which stage?');
    if (!stage) return;
    const jobs = await stageJobs(ctx.requireClient(), stage.id, typeof stage.cmd === 'string' ? 1 : stage.cmd.length);
    const logs = jobs.map((j) => j.log).filter((log): log is string => typeof log === 'string' && existsSync(log));
    if (logs.length === 0) return fail(`Stage ${stage.id} has no command output yet: it has not run in this runtime (a repro in a terminal prints there).`);
    for (const log of logs) await vscode.window.showTextDocument(vscode.Uri.file(log), { preview: false });
  });
  ctx.registerCommand('mlops.openStageRun', async (arg: unknown) => {
    const stage = await stageOf(arg, 'Open the last run of which stage?');
    if (!stage) return;
    if (!stage.lastRun) return fail(`Stage ${stage.id} has no tracked run yet: run it first (Run Stage).`);
    await vscode.commands.executeCommand('mlops.openRun', stage.lastRun.runId);
  });
  ctx.registerCommand('mlops.openStageDefinition', async (arg: unknown) => {
    const stage = await stageOf(arg, 'Open the definition of which stage?');
    if (!stage || !ctx.folder) return;
    const position = new vscode.Position(Math.max(0, stage.line - 1), 0);
    await vscode.window.showTextDocument(vscode.Uri.file(join(ctx.folder, ...stage.file.split('/'))), { selection: new vscode.Range(position, position), preserveFocus: true, preview: true });
  });
  ctx.registerCommand('mlops.newPipeline', async () => {
    if (!ctx.folder) return fail('Open a folder first.');
    const file = join(ctx.folder, 'dvc.yaml');
    if (!existsSync(file)) writeFileSync(file, STARTER, { flag: 'wx' });
    await vscode.window.showTextDocument(vscode.Uri.file(file));
  });
}

function fail(message: string): never {
  throw new Error(message);
}
