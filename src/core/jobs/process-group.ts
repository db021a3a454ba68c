/**
 * Jobs are spawned detached: each leads its own process group (POSIX), so one signal to -pid
 * reaches the command and everything it started that stayed in the group.
 */
export const SPAWNS_GROUP = process.platform !== 'win32';

/** Sends `signal` to the job's process group; 0 only asks whether any member is left. False when none is. */
export function signalGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    // Windows has no process groups: only the command itself is reached there.
    process.kill(SPAWNS_GROUP ? -pid : pid, signal);
    return true;
  } catch {
    return false;
  }
}
