export { Runtime, RuntimeStartError } from './runtime';
export type { RuntimeOptions, StartResult } from './runtime';
export { readRuntimeFile, probeRuntime, isPidAlive } from './runtime-file';
export { createLogger } from './logger';
export type { Log } from './logger';
