import { readFile } from 'node:fs/promises';
import type { TaskHint } from '../../core/models';
import { hintOfTags, modelHead, parseClasses, parseTask, tagsOfHint } from '../../core/models';
import { registeredModelFile } from '../../core/registry';
import type { ModelRegistry } from '../../core/registry';
import { MODELS_TASK_GET, MODELS_TASK_SET } from '../../shared/contract';
import type { ModelTaskResponse } from '../../shared/model-task';
import type { Router } from '../http';

/**
 * Whether `mlops validate`/`serve` can tell what a version predicts (from its outputs, metadata or
 * remembered tags), and a place to remember the answer when they cannot: the extension asks the user.
 */
export function registerModelTaskRoutes(router: Router, registry: ModelRegistry): void {
  router.handle(MODELS_TASK_GET, async ({ name, version: number }): Promise<ModelTaskResponse> => {
    const version = registry.getVersion(name, number);
    const bytes = await readFile(registeredModelFile(version));
    const { plan } = modelHead(bytes, hintOfTags(version.tags));
    return plan.task === null ? { task: null, reason: plan.reason } : { task: plan.task };
  });
  router.handle(MODELS_TASK_SET, (body) => {
    const hint: TaskHint = { task: parseTask(body.task) };
    if (typeof body.classes === 'string' && body.classes.trim() !== '') hint.classes = parseClasses(body.classes);
    const version = registry.getVersion(body.name, body.version);
    for (const { key, value } of tagsOfHint(hint)) registry.setVersionTag(version.name, version.version, key, value);
    return { task: hint.task };
  });
}
