import { join } from 'node:path';
import type { JobRunnerOptions, JobSpec } from '../../../src/core/jobs';
import { JobRunner } from '../../../src/core/jobs';
import { Store } from '../../../src/core/store';
import type { JobInfo, JobState } from '../../../src/shared/jobs';
import { tempDir } from '../../helpers/temp';

export interface RunnerFixture {
  dir: string;
  store: Store;
  runner: JobRunner;
  /** Every state change, in the order the runner announced them. */
  changes: JobInfo[];
  statesOf(id: number): JobState[];
  close(): void;
}

/** A JobRunner on a fresh store, recording its state changes. */
export function openRunner(options: Partial<JobRunnerOptions> = {}, dir = tempDir('mlops-jobs-')): RunnerFixture {
  const store = Store.open(join(dir, 'mlops.db'));
  const runner = new JobRunner({ store, logsDir: join(dir, 'logs'), ...options });
  const changes: JobInfo[] = [];
  runner.onChanged((job) => changes.push(job));
  return {
    dir,
    store,
    runner,
    changes,
    statesOf: (id) => changes.filter((j) => j.id === id).map((j) => j.state),
    close() {
      runner.close();
      store.close();
    },
  };
}

/** A job running `node -e SCRIPT` with this test's Node. */
export function nodeJob(script: string, extra: Partial<JobSpec> = {}): JobSpec {
  return { kind: 'training', command: [process.execPath, '-e', script], cwd: tempDir('mlops-job-cwd-'), ...extra };
}

export { until } from '../../helpers/until';
