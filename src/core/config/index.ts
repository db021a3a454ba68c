// mlops.yaml as a whole: every area's section checked on one parse.
export { loadWorkspaceConfig, checkDocument } from './workspace-config';
export type { WorkspaceConfig } from './workspace-config';
