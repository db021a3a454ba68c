import type { RuntimeClient } from '../../shared/runtime-client';
import { ReportOnce, failureKind, failureReason } from '../failure-reporting';
import { call, DATA_SAVED } from '../../shared/contract';

export interface SaveFailureNotice {
  log: { warn(message: string): void };
  /** Shows the user a warning; called once per file and kind of failure until that file saves cleanly. */
  warn(message: string): void;
}

/**
 * Editor saves reach the runtime at once, which versions the file if it is tracked. A failed report
 * is logged every time and shown once per file and failure kind, not on every save. No vscode import.
 */
export class VersionOnSave {
  private readonly reported = new ReportOnce();

  constructor(
    private readonly client: () => RuntimeClient | undefined,
    private readonly notice: SaveFailureNotice,
  ) {}

  /** Reports the save of `path` (absolute); resolves whether or not the runtime took it. */
  async saved(path: string): Promise<void> {
    const client = this.client();
    if (!client) return;
    try {
      await call(client, DATA_SAVED, { path });
      this.reported.clear(`${path}\n`);
    } catch (error) {
      const reason = failureReason(error);
      this.notice.log.warn(`versioning on save: ${path}: ${reason}`);
      if (this.reported.first(`${path}\n${failureKind(error)}`)) this.notice.warn(`Local MLOps could not version ${path} on save: ${reason}`);
    }
  }
}
