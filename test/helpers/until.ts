/**
 * Polls `probe` every 20 ms until it answers something other than undefined or false, and returns
 * that; fails naming `what` after `timeoutMs`. Tests wait on conditions, never on fixed sleeps.
 */
export async function until<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
