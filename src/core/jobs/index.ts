// Jobs (issue 16): one runner for every process we start — retrains, tracked runs, pipeline stages, sweep trials.
export { JobRunner } from './job-runner';
export type { Job, JobRunnerOptions } from './job-runner';
export { JobProcess, startProcess } from './job-process';
export { JobTable, ORPHANED } from './job-table';
export type { JobChange, NewJob } from './job-table';
export { JOBS_SCHEMA } from './schema';
export { signalGroup } from './process-group';
export type { JobListeners, JobSpec, OutputStream, ProcessExit, ProcessListeners, ProcessSpec, ProcessTreeUsage } from './types';
