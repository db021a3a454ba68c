import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { invalid } from '../errors';
import type { ModelRegistry } from './model-registry';
import type { ModelVersion } from './types';
import { noModelFileMessage } from './version-location';
import { openWorkspaceRegistry } from './workspace-registry';
import { Store } from '../store';
import type { WorkspacePaths } from '../workspace';
import type { TaskHint } from '../models';
import { hintOfTags } from '../models';
import type { ServedModel } from '../models';

/** What `mlops serve` and `mlops predict` are asked to load. */
export type ModelReference =
  | { kind: 'file'; path: string }
  | { kind: 'version'; name: string; version: number }
  | { kind: 'alias'; name: string; alias: string };

export type RegistryReference = Exclude<ModelReference, { kind: 'file' }>;

const USAGE = 'Name the model as NAME@ALIAS, NAME@VERSION (models:/NAME@ALIAS, models:/NAME/VERSION) or the path of an .onnx file';

/** An existing file or a name ending in .onnx is a path; NAME@vN / NAME@N a version; NAME@other an alias. */
export function parseModelReference(text: string, cwd = process.cwd()): ModelReference {
  const path = resolve(cwd, text);
  if (!text.startsWith('models:/') && (existsSync(path) || /\.onnx$/i.test(text))) return { kind: 'file', path };
  const uri = /^models:\/+(.+?)\/(\d+)\/?$/.exec(text);
  if (uri) return { kind: 'version', name: uri[1]!, version: Number(uri[2]) };
  const at = /^(?:models:\/+)?(.+)@([^@/]+)$/.exec(text);
  if (!at) throw invalid(`"${text}" is neither a file nor a registered model. ${USAGE}.`);
  const name = at[1]!;
  const selector = at[2]!;
  const version = /^v?(\d+)$/.exec(selector);
  return version ? { kind: 'version', name, version: Number(version[1]) } : { kind: 'alias', name, alias: selector };
}

/** "iris@champion", "iris version 3", or the file's path, for messages. */
export function describeReference(reference: ModelReference): string {
  switch (reference.kind) {
    case 'file':
      return reference.path;
    case 'version':
      return `${reference.name} version ${reference.version}`;
    case 'alias':
      return `${reference.name}@${reference.alias}`;
  }
}

/** The workspace's registry, for reading; close it when done. */
/** The workspace's registry on its own store connection (a model server runs beside the runtime). */
export function openServingRegistry(paths: WorkspacePaths): { registry: ModelRegistry; close(): void } {
  const store = Store.open(paths.db);
  return { registry: openWorkspaceRegistry(store, paths), close: () => store.close() };
}

/**
 * The registry version a reference names (for an alias, the version it points at now): the
 * integration point with the registry; serving works from the file that version stores.
 */
export function resolveRegisteredVersion(registry: ModelRegistry, reference: RegistryReference): ModelVersion {
  return reference.kind === 'alias' ? registry.versionByAlias(reference.name, reference.alias) : registry.getVersion(reference.name, reference.version);
}

/** The ONNX file of a registered version: its registry copy. */
export function registeredModelFile(version: ModelVersion): string {
  if (version.storageLocation && version.modelFile) return join(fileURLToPath(version.storageLocation), version.modelFile);
  throw invalid(noModelFileMessage(version));
}

export interface ModelFile {
  bytes: Uint8Array;
  path: string;
  model: ServedModel;
  /** What a registered version predicts, as remembered in its mlops.task / mlops.classes tags. */
  hint: TaskHint;
}

/** Reads the model a reference names; registry references need the registry. */
export async function readModelFile(reference: ModelReference, registry?: ModelRegistry): Promise<ModelFile> {
  if (reference.kind === 'file') {
    const bytes = await readFile(reference.path).catch((error: NodeJS.ErrnoException) => {
      throw invalid(error.code === 'ENOENT' ? `${reference.path} does not exist` : `cannot read ${reference.path}: ${error.message}`);
    });
    return { bytes, path: reference.path, model: { name: basename(reference.path).replace(/\.onnx$/i, ''), version: null }, hint: {} };
  }
  if (!registry) throw invalid(`${describeReference(reference)} names a registered model, but there is no registry to look it up in`);
  return readVersionFile(resolveRegisteredVersion(registry, reference), reference.kind === 'alias' ? reference.alias : undefined);
}

/** Reads the ONNX file a registered version stores. */
export async function readVersionFile(version: ModelVersion, alias?: string): Promise<ModelFile> {
  const path = registeredModelFile(version);
  const bytes = await readFile(path).catch((error: Error) => {
    throw invalid(`${version.name} version ${version.version}: cannot read its model file ${path}: ${error.message}`);
  });
  return { bytes, path, model: { name: version.name, version: String(version.version), ...(alias !== undefined && { alias }) }, hint: hintOfTags(version.tags) };
}
