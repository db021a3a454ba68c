export { workspacePaths, CONFIG_FILE } from './paths';
export type { WorkspacePaths } from './paths';
export { initWorkspace, CONFIG_SKELETON } from './init';
export { loadConfig, parseConfig } from './config';
export type { MlopsConfig, ConfigLoad } from './config';
