// Pipelines (issue 17): dvc.yaml/dvc.lock as DVC 3 writes them, the stage graph, status and repro.
export { loadPipeline, loadDvcYaml } from './load';
export { buildDag, selectStages } from './dag';
export type { Dag } from './dag';
export { dagJson, dagMermaid, dagDot } from './dag-format';
export { readLock, writeLockEntries, lockEntryData, lockPathOf } from './lock';
export type { LockEntry, LockItem } from './lock';
export { stageStatus, currentParams } from './status';
export type { HashPath, StageState, StageStatus } from './status';
export { reproduce, pipelineStatus } from './repro';
export type { ReproOptions, ReproResult } from './repro';
export { runStage, recordStage, StageFailed } from './run-stage';
export type { StageTools } from './run-stage';
export { interpolate, select as selectVariable } from './interpolate';
export { PyFloat, dumpPy, parsePy } from './py-yaml';
export type { DepSpec, OutSpec, ParamSpec, Pipeline, Stage } from './types';
