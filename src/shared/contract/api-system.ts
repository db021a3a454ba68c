import type { HealthResponse, RuntimeStatus } from '../api';
import type { ConfigProblemsResponse } from '../config-problems';
import type { JobInfo, JobsResponse } from '../jobs';
import type { ModelTaskRequest, ModelTaskResponse } from '../model-task';
import { int, object, oneOf, optional, returns, segment, str } from './check';
import { due, id, string } from './proto';
import { route } from './route';

/** The runtime itself, the workspace, jobs, mlops.yaml's problems, and what a model version predicts. */

const none = object({});

export const HEALTH = route({ method: 'GET', path: '/health', params: none, result: returns<HealthResponse>() });

export const STATUS = route({ method: 'GET', path: '/api/status', params: none, result: returns<RuntimeStatus>() });

/**
 * Server-sent events (text/event-stream, not JSON): every event after `since` (or the
 * Last-Event-ID header), then each as it happens.
 */
export const EVENTS = route({
  method: 'GET',
  path: '/api/events',
  params: object({ since: optional(int(0)) }),
  result: returns<ReadableStream<Uint8Array>>(),
  errors: ['INVALID_PARAMETER_VALUE'],
});

export const WORKSPACE_INIT = route({ method: 'POST', path: '/api/workspace/init', params: none, result: returns<{ created: string[] }>() });

export const SHUTDOWN = route({ method: 'POST', path: '/api/shutdown', params: object({ reason: optional(str()) }), result: returns<Record<string, never>>(), errors: ['INVALID_PARAMETER_VALUE'] });

export const JOBS_LIST = route({ method: 'GET', path: '/api/jobs', params: object({ limit: optional(int(1, 1000)) }), result: returns<JobsResponse>(), errors: ['INVALID_PARAMETER_VALUE'] });

export const JOBS_CANCEL = route({
  method: 'POST',
  path: '/api/jobs/:id/cancel',
  params: object({ id: segment }),
  result: returns<{ job: JobInfo }>(),
  errors: ['INVALID_PARAMETER_VALUE', 'RESOURCE_DOES_NOT_EXIST'],
});

export const CONFIG_PROBLEMS = route({ method: 'GET', path: '/api/config/problems', params: none, result: returns<ConfigProblemsResponse>() });

export const MODELS_TASK_GET = route({
  method: 'GET',
  path: '/api/models/task',
  params: object({ name: due(id), version: due(id) }),
  result: returns<ModelTaskResponse>(),
  errors: ['RESOURCE_DOES_NOT_EXIST', 'INVALID_PARAMETER_VALUE'],
});

export const MODELS_TASK_SET = route({
  method: 'POST',
  path: '/api/models/task',
  params: object({ name: due(id), version: due(id), task: oneOf('classification', 'regression'), classes: string }),
  result: returns<{ task: ModelTaskRequest['task'] }>(),
  errors: ['RESOURCE_DOES_NOT_EXIST', 'INVALID_PARAMETER_VALUE'],
});

export const SYSTEM_ROUTES = [HEALTH, STATUS, EVENTS, WORKSPACE_INIT, SHUTDOWN, JOBS_LIST, JOBS_CANCEL, CONFIG_PROBLEMS, MODELS_TASK_GET, MODELS_TASK_SET] as const;
