export { ModelRegistry } from './model-registry';
export type { CreateVersionInput, ModelRegistryOptions } from './model-registry';
export { modelVersionJson, registeredModelJson } from './mlflow-json';
export { STAGES } from './types';
export type { AliasPolicy, AliasRef, DataVersionRef, ModelVersion, ModelVersionStatus, RegisteredModel, RegistryChange, SearchInput, Stage } from './types';
export { inspectModelBytes } from './model-file';
export { noModelFileMessage } from './version-location';
export { DATA_TAG_PREFIX, GIT_COMMIT_TAG } from './run-lineage';
export { openWorkspaceRegistry } from './workspace-registry';
