export { DatasetRepository, cacheRootOf } from './datasets';
export type { AddResult, DatasetState, DatasetVersion } from './datasets';
export { ContentCache } from './cache';
export { md5File, md5Bytes, dirManifest, pythonJsonString } from './hash';
export { formatPointer, readPointer, writePointer, pointerPathOf, ignoreInGit, PointerError } from './pointer';
export type { PointerOut } from './pointer';
export { summarizeTable } from './summary';
export type { TableSummary } from './summary';
export { resolveTrackSpecs, globToRegExp, globBase, isGlob } from './track-specs';
