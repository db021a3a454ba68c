import * as vscode from 'vscode';
import type { MlopsContext } from '../ctx';
import { versionDescription } from '../models/model-format';
import type { WireModelVersion } from '../models/model-wire';
import type { ModelsNode } from '../models/models-tree-provider';
import { call, MODEL_VERSIONS_SEARCH, REGISTERED_MODELS_SEARCH } from '../../shared/contract';

export type ModelVersionTarget = ModelsNode & { kind: 'version' };

export interface ModelVersionPickOptions {
  title: string;
  /** Only versions this accepts are offered, e.g. served ones for Stop Serving. */
  where?: (version: WireModelVersion) => boolean;
  none?: string;
}

async function pickModelName(ctx: MlopsContext, title: string): Promise<string | undefined> {
  const { registered_models = [] } = await call(ctx.requireClient(), REGISTERED_MODELS_SEARCH, { max_results: 1000 });
  if (registered_models.length === 0) throw new Error('No model is registered yet: train one, then Register Model… on its run.');
  if (registered_models.length === 1) return registered_models[0]!.name;
  return vscode.window.showQuickPick(registered_models.map((m) => m.name), { title: `${title}: which model?` });
}

async function versionItems(ctx: MlopsContext, name: string, options: ModelVersionPickOptions): Promise<(vscode.QuickPickItem & { target: ModelVersionTarget })[]> {
  const filter = `name = '${name.replace(/'/g, "\\'")}'`;
  const { model_versions = [] } = await call(ctx.requireClient(), MODEL_VERSIONS_SEARCH, { filter, max_results: 1000 });
  const offered = model_versions.filter((v) => options.where?.(v) ?? true).sort((a, b) => Number(b.version) - Number(a.version));
  if (offered.length === 0) throw new Error(options.none ?? `${name} has no versions yet.`);
  return offered.map((version) => ({
    label: `${name} v${version.version}`,
    description: versionDescription(version, ctx.modelServers.urlOf(version.name, version.version, version.aliases ?? [])),
    target: { kind: 'version', version },
  }));
}

/** A model (skipped when there is one), then one of its versions, newest first; undefined when dismissed. */
export async function pickModelVersion(ctx: MlopsContext, options: ModelVersionPickOptions): Promise<ModelVersionTarget | undefined> {
  const name = await pickModelName(ctx, options.title);
  if (!name) return undefined;
  const pick = await vscode.window.showQuickPick(versionItems(ctx, name, options), { title: options.title, matchOnDescription: true });
  return pick?.target;
}

/** A model, then several of its versions; empty when dismissed. */
export async function pickModelVersions(ctx: MlopsContext, options: ModelVersionPickOptions): Promise<ModelVersionTarget[]> {
  const name = await pickModelName(ctx, options.title);
  if (!name) return [];
  const picks = await vscode.window.showQuickPick(versionItems(ctx, name, options), { title: options.title, canPickMany: true, matchOnDescription: true });
  return (picks ?? []).map((p) => p.target);
}
