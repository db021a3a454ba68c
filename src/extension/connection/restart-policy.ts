/** Crash restarts allowed: at most `limit` within `windowMs`, then the user decides. */
export class RestartPolicy {
  private readonly restarts: number[] = [];

  constructor(
    readonly limit = 4,
    readonly windowMs = 3 * 60_000,
  ) {}

  /** Records a crash at `now`; true when one more automatic restart is allowed. */
  allowRestart(now: number): boolean {
    while (this.restarts.length > 0 && now - this.restarts[0]! > this.windowMs) this.restarts.shift();
    if (this.restarts.length >= this.limit) return false;
    this.restarts.push(now);
    return true;
  }

  reset(): void {
    this.restarts.length = 0;
  }
}
