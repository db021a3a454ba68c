import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { invalid, notFound } from '../errors';
import type { Store } from '../store';
import type { KeyValue, Page, Tracking } from '../tracking';
import { AliasRepository } from './aliases';
import { discardStaged, publishStaged, stageModelFile, stagedFileFields } from './model-file';
import { linkLoggedModel } from './logged-model-link';
import { ModelVersionRepository } from './model-versions';
import type { StoredCopy } from './owned-copies';
import { ownedFolders, removeFolders } from './owned-copies';
import { RegisteredModelRepository } from './registered-models';
import type { PlanContext } from './registration-plan';
import { planRegistration, referencedLocation } from './registration-plan';
import { runLineage } from './run-lineage';
import { SourceRoots } from './source-roots';
import { sweepStaging } from './staging';
import type { AliasPolicy, ModelVersion, RegisteredModel, RegistryChange, SearchInput, Stage } from './types';
import { canonicalStage, missingValue, parseVersion, validateAlias, validateModelName, validateTag } from './validation';
import type { VersionFinder } from './version-location';
import { versionArtifactFile } from './version-artifacts';
import { sourceOfVersion, versionOfUri } from './version-location';

export interface ModelRegistryOptions {
  tracking: Tracking;
  /** Where version copies live: `.mlops/models`. */
  storageRoot: string;
  /** Relative local sources resolve against it. */
  workspaceRoot: string;
  notify?: (change: RegistryChange) => void;
  /** Consulted before an alias moves; allows everything by default. */
  aliasPolicy?: AliasPolicy;
  /**
   * Folders besides the workspace and the artifact store that local model sources may come
   * from (relative ones against the workspace); none by default.
   */
  allowedSourceRoots?: readonly string[];
}

export interface CreateVersionInput {
  name: unknown;
  source: unknown;
  runId?: string;
  runLink?: string;
  description?: string;
  userId?: string;
  tags?: KeyValue[];
  /** The MLflow 3 logged model the version promotes; it gains an `mlflow.modelVersions` entry. */
  modelId?: string;
  /** Create the registered model first when it does not exist (the CLI's register). */
  createModel?: boolean;
}

const ACTIVE_STAGES: readonly Stage[] = ['Staging', 'Production'];

/** The registry area's entry point: MLflow's registry operations, model copies, lineage and change notification. */
export class ModelRegistry {
  readonly models: RegisteredModelRepository;
  readonly versions: ModelVersionRepository;
  readonly aliases: AliasRepository;
  private readonly notify: (change: RegistryChange) => void;
  private readonly aliasPolicy: AliasPolicy;
  private readonly storageRoot: string;
  private readonly sourceRoots: SourceRoots;
  private readonly finder: VersionFinder;

  constructor(
    private readonly store: Store,
    private readonly options: ModelRegistryOptions,
  ) {
    this.aliases = new AliasRepository(store.db);
    this.versions = new ModelVersionRepository(store.db, this.aliases);
    this.models = new RegisteredModelRepository(store.db, this.versions, this.aliases);
    this.notify = options.notify ?? (() => undefined);
    this.aliasPolicy = options.aliasPolicy ?? (() => undefined);
    this.storageRoot = resolve(options.storageRoot);
    this.sourceRoots = new SourceRoots(options.workspaceRoot, options.tracking.artifacts.root, options.allowedSourceRoots);
    this.finder = {
      get: (model, number) => this.versions.get(model, number),
      byAlias: (model, alias) => this.versionByAlias(model, alias),
      latest: (model) => this.latestVersions(model),
    };
    sweepStaging(this.storageRoot);
  }

  static storageRoot(mlopsDir: string): string {
    return join(mlopsDir, 'models');
  }

  createModel(name: unknown, tags: KeyValue[] = [], description?: string): RegisteredModel {
    const model = validateModelName(name);
    this.store.transaction(() => this.models.create(model, tags, description ?? null));
    this.notify({ name: model });
    return this.models.get(model);
  }

  getModel(name: unknown): RegisteredModel {
    return this.models.get(validateModelName(name));
  }

  searchModels(input: SearchInput): Page<RegisteredModel> {
    return this.models.search(input);
  }

  updateModel(name: unknown, description: string | undefined): RegisteredModel {
    const model = validateModelName(name);
    this.store.transaction(() => this.models.updateDescription(model, description ?? null));
    this.notify({ name: model });
    return this.models.get(model);
  }

  renameModel(name: unknown, newName: unknown): RegisteredModel {
    const from = validateModelName(name);
    const to = validateModelName(newName, 'new_name');
    this.store.transaction(() => this.models.rename(from, to));
    this.notify({ name: to, renamedFrom: from });
    return this.models.get(to);
  }

  deleteModel(name: unknown): void {
    const model = validateModelName(name);
    const owned = this.store.transaction(() => {
      const stored = this.versions.storageOf(model);
      this.models.delete(model);
      return this.ownedOf(stored);
    });
    this.notify({ name: model, deleted: true });
    removeFolders(this.storageRoot, owned);
  }

  setModelTag(name: unknown, key: unknown, value: unknown): void {
    const model = validateModelName(name);
    this.store.transaction(() => {
      this.models.require(model);
      this.models.setTag(model, key, value);
    });
    this.notify({ name: model });
  }

  deleteModelTag(name: unknown, key: unknown): void {
    const model = validateModelName(name);
    const tag = validateTag(key, '').key;
    this.store.transaction(() => {
      this.models.require(model);
      this.models.deleteTag(model, tag);
    });
    this.notify({ name: model });
  }

  latestVersions(name: unknown, stages: unknown[] = []): ModelVersion[] {
    const model = validateModelName(name);
    const wanted = stages.map(canonicalStage);
    this.models.require(model);
    return this.versions.latest(model, wanted);
  }

  /**
   * Registers a new version. A model file (an ONNX file, or the model.onnx of an MLflow model
   * folder) inside the workspace or the artifact store is checked, hashed and copied into the
   * registry's storage; a local folder without one is recorded by reference; a source not on this
   * machine is recorded by reference as not available locally (see planRegistration). The
   * producing run's git commit and data versions are recorded.
   */
  async createVersion(input: CreateVersionInput): Promise<ModelVersion> {
    const name = validateModelName(input.name);
    if (typeof input.source !== 'string' || input.source === '') throw missingValue('source');
    const source = input.source;
    const tags = (input.tags ?? []).map((t) => validateTag(t.key, t.value));
    if (!input.createModel) this.models.require(name);
    const loggedModel = input.modelId ? this.options.tracking.loggedModels.get(input.modelId) : undefined;
    const runId = input.runId || loggedModel?.sourceRunId || undefined;
    const plan = planRegistration(source, { ...(runId && { runId }), ...(input.modelId && { modelId: input.modelId }) }, {
      ...this.planContext(),
      lookupVersion: (model, selector) => sourceOfVersion(versionOfUri(this.finder, model, selector)),
    });
    const lineage = runLineage(this.options.tracking, plan.runId);
    const staged = plan.kind === 'copy' ? await stageModelFile(this.storageRoot, plan.file) : undefined;
    let version: number;
    try {
      version = this.store.transaction(() => {
        if (input.createModel && !this.models.exists(name)) this.models.create(name, [], null);
        const number = this.versions.nextNumber(name);
        const storageLocation = staged ? pathToFileURL(publishStaged(staged, this.storageRoot, name, number)).href : referencedLocation(plan);
        try {
          this.versions.insert({
            name,
            version: number,
            source,
            runId: plan.runId,
            runLink: input.runLink || null,
            description: input.description ?? null,
            userId: input.userId || null,
            storageLocation,
            ...stagedFileFields(staged),
            ...lineage,
            tags,
            modelId: loggedModel?.modelId ?? null,
            unavailableReason: plan.kind === 'reference' ? plan.reason : null,
          });
          if (loggedModel) linkLoggedModel(this.options.tracking, loggedModel.modelId, name, number);
        } catch (error) {
          if (staged) rmSync(fileURLToPath(storageLocation), { recursive: true, force: true });
          throw error;
        }
        return number;
      });
    } catch (error) {
      if (staged) await discardStaged(staged.dir);
      throw error;
    }
    this.notify({ name, version });
    return this.versions.get(name, version);
  }

  getVersion(name: unknown, version: unknown): ModelVersion {
    return this.versions.get(validateModelName(name), parseVersion(version));
  }

  /** Stores a validation report on a version: what protected aliases check before they move. */
  setValidation(name: unknown, version: unknown, report: unknown): ModelVersion {
    const [model, number] = [validateModelName(name), parseVersion(version)];
    if (typeof report !== 'object' || report === null || Array.isArray(report)) throw invalid("Parameter 'report' must be a validation report object.");
    this.store.transaction(() => {
      const { changes } = this.store.db.run('UPDATE model_versions SET validation = ?, last_updated_timestamp = ? WHERE name = ? AND version = ?', [JSON.stringify(report), Date.now(), model, number]);
      if (changes === 0) throw notFound(`Model Version (name=${model}, version=${number}) not found`);
    });
    this.notify({ name: model, version: number });
    return this.versions.get(model, number);
  }

  updateVersion(name: unknown, version: unknown, description: string | undefined): ModelVersion {
    const [model, number] = [validateModelName(name), parseVersion(version)];
    this.store.transaction(() => this.versions.updateDescription(model, number, description ?? null));
    this.notify({ name: model, version: number });
    return this.versions.get(model, number);
  }

  deleteVersion(name: unknown, version: unknown): void {
    const [model, number] = [validateModelName(name), parseVersion(version)];
    const owned = this.store.transaction(() => {
      const stored = this.versions.storageOf(model, number);
      this.versions.delete(model, number);
      return this.ownedOf(stored);
    });
    this.notify({ name: model, version: number, deleted: true });
    removeFolders(this.storageRoot, owned);
  }

  transitionStage(name: unknown, version: unknown, stage: unknown, archiveExisting = false): ModelVersion {
    const [model, number, target] = [validateModelName(name), parseVersion(version), canonicalStage(stage)];
    if (archiveExisting && !ACTIVE_STAGES.includes(target)) {
      throw invalid(`Model version transition cannot archive existing model versions because '${target}' is not an Active stage. Valid stages are ['Staging', 'Production']`);
    }
    const archived = this.store.transaction(() => this.versions.transition(model, number, target, archiveExisting));
    for (const other of archived) this.notify({ name: model, version: other });
    this.notify({ name: model, version: number });
    return this.versions.get(model, number);
  }

  setVersionTag(name: unknown, version: unknown, key: unknown, value: unknown): void {
    const [model, number] = [validateModelName(name), parseVersion(version)];
    this.store.transaction(() => {
      this.versions.get(model, number);
      this.versions.setTag(model, number, key, value);
    });
    this.notify({ name: model, version: number });
  }

  deleteVersionTag(name: unknown, version: unknown, key: unknown): void {
    const [model, number] = [validateModelName(name), parseVersion(version)];
    const tag = validateTag(key, '').key;
    this.store.transaction(() => {
      this.versions.get(model, number);
      this.versions.deleteTag(model, number, tag);
    });
    this.notify({ name: model, version: number });
  }

  searchVersions(input: SearchInput): Page<ModelVersion> {
    return this.versions.search(input);
  }

  /** Where a client downloads the version from: its registry copy, else its source. */
  downloadUri(name: unknown, version: unknown): string {
    const v = this.getVersion(name, version);
    return v.storageLocation ?? v.source;
  }

  /** The local file `path` names among a version's files (model-versions/get-artifact). */
  versionArtifactFile(name: unknown, version: unknown, path: unknown): string {
    const v = this.getVersion(name, version);
    if (typeof path !== 'string' || path === '') throw missingValue('path');
    return versionArtifactFile(v, path, () => {
      const plan = planRegistration(v.source, {}, { ...this.planContext(), lookupVersion: () => ({ kind: 'remote', location: '', reason: '' }) });
      return plan.kind === 'folder' ? plan.path : plan.kind === 'copy' ? plan.folder : undefined;
    });
  }

  private planContext(): Omit<PlanContext, 'lookupVersion'> {
    return { tracking: this.options.tracking, workspaceRoot: this.options.workspaceRoot, sourceRoots: this.sourceRoots };
  }

  /** Points `alias` at a version, once the alias policy agrees. */
  setAlias(name: unknown, alias: unknown, version: unknown): void {
    const [model, label, number] = [validateModelName(name), validateAlias(alias), parseVersion(version)];
    this.store.transaction(() => {
      this.versions.get(model, number);
      this.aliasPolicy(model, label, number);
      this.aliases.set(model, label, number);
    });
    this.notify({ name: model, version: number, alias: { alias: label, version: number } });
  }

  deleteAlias(name: unknown, alias: unknown): void {
    const [model, label] = [validateModelName(name), validateAlias(alias)];
    this.store.transaction(() => {
      this.models.require(model);
      this.aliases.delete(model, label);
    });
    this.notify({ name: model, alias: { alias: label, version: null } });
  }

  versionByAlias(name: unknown, alias: unknown): ModelVersion {
    const [model, label] = [validateModelName(name), validateAlias(alias)];
    return this.versions.get(model, this.aliases.versionOf(model, label));
  }

  /** The version an alias names; undefined when the model or the alias does not exist (yet). */
  findVersionByAlias(name: string, alias: string): ModelVersion | undefined {
    const version = this.aliases.ofModel(name).find((a) => a.alias === alias)?.version;
    return version === undefined ? undefined : this.versions.get(name, version);
  }

  /** Of what deleted versions stored, the registry's own copies no remaining record points into (inside the deleting transaction). */
  private ownedOf(stored: StoredCopy[]): string[] {
    return ownedFolders(this.storageRoot, stored, this.versions.allStorageLocations());
  }
}
