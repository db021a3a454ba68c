export { Retrainer } from './retrainer';
export type { RetrainerOptions } from './retrainer';
export { RetrainSchedules } from './retrain-schedules';
export type { RetrainSchedule } from './retrain-schedules';
