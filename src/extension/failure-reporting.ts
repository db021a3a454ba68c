/**
 * Which problems were already reported, so a failure that repeats (every refresh, every save) is
 * reported once, and again only after it cleared. No vscode import.
 */
export class ReportOnce {
  private readonly reported = new Set<string>();

  /** True the first time `key` is seen since it was last cleared. */
  first(key: string): boolean {
    if (this.reported.has(key)) return false;
    this.reported.add(key);
    return true;
  }

  /** Forgets every key that starts with `prefix` (all of them when it is empty): they were fixed. */
  clear(prefix = ''): void {
    for (const key of this.reported) if (key.startsWith(prefix)) this.reported.delete(key);
  }
}

/** The reason a failure gives, for a log line or a tree item. */
export function failureReason(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

/** What kind of failure it was: the runtime's error code when it sent one, else the error's name. */
export function failureKind(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') return error.code;
  return error instanceof Error ? error.name : typeof error;
}

/** Lets `work` run unawaited; a rejection is logged with what was being done, never lost. */
export function logRejection(log: { error(message: string): void }, what: string, work: PromiseLike<unknown> | undefined): void {
  work?.then(undefined, (error: unknown) => log.error(`${what}: ${failureReason(error)}`));
}
