import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { RuntimeClient } from '../../shared/runtime-client';
import type { MlopsContext } from '../ctx';
import { pickModelVersion, pickModelVersions } from '../pickers/model-version-picker';
import { offerValidation } from './alias-refusal';
import { runsOf } from '../runs/run-commands';
import { cliTask } from './cli-task';
import { taskArguments } from './task-prompt';
import { modelDocumentUri } from './model-document';
import type { ModelDocumentKind } from './model-document';
import type { ModelsNode } from './models-tree-provider';
import type { ModelServers } from './model-servers';
import { call, ARTIFACTS_LIST, MODEL_VERSIONS_CREATE, REGISTERED_MODELS_CREATE, REGISTERED_MODELS_SEARCH, REGISTERED_MODELS_SET_ALIAS } from '../../shared/contract';

type VersionNode = ModelsNode & { kind: 'version' };

function versionsOf(node: unknown, selection: unknown): VersionNode[] {
  const all = Array.isArray(selection) && selection.length > 0 ? selection : [node];
  return all.filter((n): n is VersionNode => typeof n === 'object' && n !== null && (n as ModelsNode).kind === 'version');
}

async function onnxArtifacts(client: RuntimeClient, runId: string, path = '', depth = 0): Promise<string[]> {
  const { files = [] } = await call(client, ARTIFACTS_LIST, { run_id: runId, ...(path && { path }) });
  const found: string[] = [];
  for (const f of files) {
    if (f.is_dir && depth < 4) found.push(...(await onnxArtifacts(client, runId, f.path, depth + 1)));
    else if (f.path.endsWith('.onnx')) found.push(f.path);
  }
  return found;
}

/** The Models view's actions: register, alias (the gate applies), validate, serve, card, lineage, compare. */
export function registerModelCommands(ctx: MlopsContext, servers: ModelServers): void {
  const folder = (): string => {
    if (!ctx.folder) throw new Error('Open a folder first.');
    return ctx.folder;
  };
  const openDocument = async (kind: ModelDocumentKind, name: string, versions: string[]): Promise<void> => {
    await vscode.commands.executeCommand('markdown.showPreview', modelDocumentUri(kind, name, versions));
  };

  ctx.registerCommand('mlops.refreshModels', () => ctx.modelsTree.refresh());

  ctx.registerCommand('mlops.registerModel', async (node: unknown) => {
    const runtime = ctx.requireClient();
    const [run] = runsOf(node, undefined);
    let source: string;
    let runId: string | undefined;
    if (run) {
      runId = run.run.info.run_id;
      const files = await onnxArtifacts(runtime, runId);
      if (files.length === 0) throw new Error(`${run.run.info.run_name} logged no .onnx artifact to register. Log the exported model as an artifact first.`);
      const path = files.length === 1 ? files[0] : await vscode.window.showQuickPick(files, { title: 'Which model file?' });
      if (!path) return;
      source = `runs:/${runId}/${path}`;
    } else {
      const picked = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'ONNX model': ['onnx'] }, title: 'Register an ONNX model', defaultUri: vscode.Uri.file(folder()) });
      if (!picked?.[0]) return;
      source = picked[0].fsPath;
    }
    const { registered_models = [] } = await call(runtime, REGISTERED_MODELS_SEARCH, { max_results: 1000 });
    const NEW = '$(add) New model…';
    const choice = registered_models.length ? await vscode.window.showQuickPick([...registered_models.map((m) => m.name), NEW], { title: 'Register as a version of' }) : NEW;
    if (!choice) return;
    const name =
      choice === NEW
        ? await vscode.window.showInputBox({ title: 'Model name', value: basename(source).replace(/\.onnx$/, ''), validateInput: (v) => (v.trim() ? undefined : 'A model needs a name') })
        : choice;
    if (!name) return;
    if (!registered_models.some((m) => m.name === name)) await call(runtime, REGISTERED_MODELS_CREATE, { name: name.trim() });
    const { model_version } = await call(runtime, MODEL_VERSIONS_CREATE, { name: name.trim(), source, ...(runId && { run_id: runId }) });
    ctx.modelsTree.refresh();
    void vscode.window.showInformationMessage(`Registered ${model_version.name} v${model_version.version}.`, 'Open Model Card').then((c) => c && openDocument('card', model_version.name, [model_version.version]));
  });

  ctx.registerCommand('mlops.setModelAlias', async (node: unknown) => {
    node ??= await pickModelVersion(ctx, { title: 'Set an alias on which version?' });
    const [target] = versionsOf(node, undefined);
    if (!target) return;
    const v = target.version;
    const alias = await vscode.window.showInputBox({
      title: `Point an alias at ${v.name} v${v.version}`,
      value: 'champion',
      prompt: 'Letters, digits, _ and -. Protected aliases (mlops.yaml models.protected_aliases, default champion) need a passing validation.',
      validateInput: (text) => (/^[A-Za-z0-9_-]+$/.test(text) ? undefined : 'Use letters, digits, _ and -'),
    });
    if (!alias) return;
    try {
      await call(ctx.requireClient(), REGISTERED_MODELS_SET_ALIAS, { name: v.name, alias, version: v.version });
    } catch (error) {
      if (offerValidation(ctx, target, error)) return;
      throw error;
    }
    ctx.modelsTree.refresh();
    servers.aliasMoved(v.name);
    void vscode.window.setStatusBarMessage(`@${alias} → ${v.name} v${v.version}`, 4000);
  });

  ctx.registerCommand('mlops.validateModel', async (node: unknown) => {
    node ??= await pickModelVersion(ctx, { title: 'Validate which version?' });
    const [target] = versionsOf(node, undefined);
    if (!target) return;
    const v = target.version;
    const taskArgs = await taskArguments(ctx.requireClient(), v.name, v.version);
    if (!taskArgs) return;
    const data = await vscode.window.showOpenDialog({ canSelectMany: false, title: `Held-out data to validate ${v.name} v${v.version} on`, filters: { Tables: ['csv', 'tsv', 'jsonl', 'parquet'] }, defaultUri: vscode.Uri.file(folder()) });
    if (!data?.[0]) return;
    const columns = await headerColumns(data[0]);
    const label = columns.length
      ? await vscode.window.showQuickPick(columns, { title: 'Which column holds the true label?' })
      : await vscode.window.showInputBox({ title: 'Label column' });
    if (!label) return;
    const criteria = await vscode.window.showInputBox({ title: 'Criteria (optional)', prompt: 'e.g. accuracy>=0.9,f1>=0.8 — empty: report only', value: ctx.extensionState.get<string>('mlops.lastCriteria') ?? '' });
    if (criteria === undefined) return;
    await ctx.extensionState.update('mlops.lastCriteria', criteria);
    const args = ['validate', `${v.name}@${v.version}`, '--data', data[0].fsPath, '--label', label, ...(criteria.trim() ? ['--criteria', criteria.trim()] : []), ...taskArgs];
    const execution = await vscode.tasks.executeTask(cliTask(ctx.cliPath, ctx.config, folder(), `validate ${v.name} v${v.version}`, args));
    const done = vscode.tasks.onDidEndTaskProcess((e) => {
      if (e.execution !== execution) return;
      done.dispose();
      ctx.modelsTree.refresh();
      ctx.modelDocuments.modelChanged(v.name);
    });
    ctx.subscriptions.push(done);
  });

  ctx.registerCommand('mlops.serveModel', async (node: unknown) => {
    node ??= await pickModelVersion(ctx, { title: 'Serve which version?' });
    const [target] = versionsOf(node, undefined);
    if (!target) return;
    const v = target.version;
    const refs = [...(v.aliases ?? []).map((a) => ({ label: `@${a}`, description: 'follows the alias: moving it hot-swaps the model', ref: `${v.name}@${a}` })), { label: `v${v.version}`, description: 'this version only', ref: `${v.name}@${v.version}` }];
    const pick = refs.length > 1 ? await vscode.window.showQuickPick(refs, { title: `Serve ${v.name}` }) : refs[0];
    if (!pick) return;
    const port = await vscode.window.showInputBox({ title: 'Port on 127.0.0.1', value: String(servers.suggestPort()), validateInput: (t) => (/^\d+$/.test(t) && Number(t) > 0 && Number(t) < 65536 ? undefined : 'A port number') });
    if (!port) return;
    const taskArgs = await taskArguments(ctx.requireClient(), v.name, v.version);
    if (!taskArgs) return;
    await servers.start(pick.ref, Number(port), cliTask(ctx.cliPath, ctx.config, folder(), `serve ${pick.ref}`, ['serve', pick.ref, '--port', port, ...taskArgs]));
  });

  ctx.registerCommand('mlops.stopServingModel', async (node: unknown) => {
    node ??= await pickModelVersion(ctx, { title: 'Stop serving which version?', where: (v) => servers.urlOf(v.name, v.version, v.aliases ?? []) !== undefined, none: 'No model version is being served.' });
    const [target] = versionsOf(node, undefined);
    if (target) servers.stop(target.version.name, target.version.version, target.version.aliases ?? []);
  });

  ctx.registerCommand('mlops.openModelCard', async (node: unknown) => {
    node ??= await pickModelVersion(ctx, { title: 'Open the model card of which version?' });
    const [target] = versionsOf(node, undefined);
    if (target) await openDocument('card', target.version.name, [target.version.version]);
  });

  ctx.registerCommand('mlops.showModelLineage', async (node: unknown) => {
    node ??= await pickModelVersion(ctx, { title: 'Show the lineage of which version?' });
    const [target] = versionsOf(node, undefined);
    if (target) await openDocument('lineage', target.version.name, [target.version.version]);
  });

  ctx.registerCommand('mlops.compareModelVersions', async (node: unknown, selection: unknown) => {
    if (node === undefined) {
      selection = await pickModelVersions(ctx, { title: 'Compare which versions? (two or more)' });
      if ((selection as unknown[]).length === 0) return;
    }
    const versions = versionsOf(node, selection);
    const names = new Set(versions.map((v) => v.version.name));
    if (versions.length < 2 || names.size !== 1) throw new Error('Select two or more versions of one model to compare.');
    await openDocument('compare', versions[0]!.version.name, versions.map((v) => v.version.version).sort((a, b) => Number(a) - Number(b)));
  });
}

/** Column names from a CSV/TSV header or a JSONL file's first record; empty when unreadable. */
async function headerColumns(uri: vscode.Uri): Promise<string[]> {
  try {
    const bytes = await vscode.workspace.fs.readFile(uri);
    const first = new TextDecoder().decode(bytes.subarray(0, 64 * 1024)).split(/\r?\n/)[0] ?? '';
    if (uri.fsPath.endsWith('.jsonl')) return Object.keys(JSON.parse(first) as object);
    return first.split(uri.fsPath.endsWith('.tsv') ? '\t' : ',').map((c) => c.trim().replace(/^"|"$/g, '')).filter(Boolean);
  } catch {
    return [];
  }
}
