/** GET /api/models/task?name=&version=: what a version predicts, or why that is open (then ask, and POST the answer). */
export interface ModelTaskResponse {
  task: 'classification' | 'regression' | null;
  /** Why the task is open; present when task is null. */
  reason?: string;
}

/** POST /api/models/task: remember the answer on the version (tags mlops.task, mlops.classes). */
export interface ModelTaskRequest {
  name: string;
  version: string;
  task: 'classification' | 'regression';
  /** Comma-separated classes, in score-column order; optional. */
  classes?: string;
}
