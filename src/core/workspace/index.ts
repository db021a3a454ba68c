export { workspacePaths, CONFIG_FILE } from './paths';
export type { WorkspacePaths } from './paths';
export { initWorkspace, CONFIG_SKELETON } from './init';
export { loadConfig, parseConfig } from './config';
export type { MlopsConfig, ConfigLoad } from './config';
export { loadWorkspaceConfig, checkDocument } from './workspace-config';
export type { WorkspaceConfig } from './workspace-config';
export { ConfigDocument, MAX_ALIAS_COUNT, MAX_CONFIG_BYTES } from './config-document';
