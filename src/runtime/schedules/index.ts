export { PipelineScheduler } from './pipeline-scheduler';
export type { PipelineRepro, PipelineSchedulerOptions } from './pipeline-scheduler';
export { CronTimers } from './cron-timers';
export type { CronEntry } from './cron-timers';
